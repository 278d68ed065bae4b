"""A PreviewStack body computed from the template layer, for when the service offers none.

The same `validate()` CreateStack runs; properties are resolved against a state in which no
resource exists yet, so a Ref or GetAtt to another resource shows as a placeholder.
"""
from __future__ import annotations

from typing import Any, Mapping

from stacks.template import StackContext, load, validate
from stacks.template.errors import AttributeUnavailable, TemplateError


class _Unprovisioned:
    """ResourceState for a stack that does not exist yet."""

    def ref(self, logical_id: str) -> Any:
        return f"<{logical_id}>"

    def get_att(self, logical_id: str, name: str) -> Any:
        return f"<{logical_id}.{name}>"


def local_preview(text: str, parameters: Mapping[str, Any], name: str, region: str, account_id: str) -> dict:
    resolved = validate(load(text), parameters, StackContext(stack_name=name, region=region, account_id=account_id))
    state = _Unprovisioned()
    resources = []
    for logical_id, definition in resolved.resources.items():
        try:
            properties = resolved.resolve_properties(logical_id, state)
        except (TemplateError, AttributeUnavailable) as exc:
            properties = {"(unresolved until created)": str(exc)}
        resources.append({"LogicalResourceId": logical_id, "ResourceType": definition.type, "Action": "Add",
                          "Properties": properties,
                          "RequiredBy": sorted(resolved.graph.required_by(logical_id))})
    return {"StackName": name, "Description": resolved.description or "", "Resources": resources,
            "Parameters": resolved.display_parameters(), "NoEcho": sorted(resolved.no_echo)}
