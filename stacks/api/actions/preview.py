"""PreviewStack: what a create (or, with StackId, an update) would do, without doing it.

A create preview validates the template and resolves each resource's properties; values that only exist
once resources are created show as `${Logical.Attribute}` placeholders. An update preview takes the planned
changes from the services' dry run (the same planner the update uses).
"""
from __future__ import annotations

from typing import Any

from stacks.api.actions import lookups
from stacks.api.actions.stacks import refuse
from stacks.api.actions.templates import template_text
from stacks.api.context import ApiContext
from stacks.api.errors import ApiError
from stacks.template import AttributeUnavailable, StackContext, TemplateError, load, validate

MASK = "****"


class PreviewState:
    """ResourceState for previews: existing rows give real ids/attributes, the rest are placeholders."""

    def __init__(self, rows: dict[str, Any] | None = None) -> None:
        self.rows = rows or {}

    def ref(self, logical_id: str) -> Any:
        row = self.rows.get(logical_id)
        return row.physical_id if row is not None and row.physical_id else "${" + logical_id + "}"

    def get_att(self, logical_id: str, name: str) -> Any:
        row = self.rows.get(logical_id)
        if row is not None and name in (row.attributes or {}):
            return row.attributes[name]
        return "${" + f"{logical_id}.{name}" + "}"


def _mask(value: Any, secrets: set[str]) -> Any:
    if not secrets:
        return value
    if isinstance(value, dict):
        return {k: _mask(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v, secrets) for v in value]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, MASK)
    return value


def _resources(resolved: Any, state: PreviewState, changes: dict[str, dict[str, Any]] | None) -> list[dict[str, Any]]:
    secrets = {str(resolved.parameters[n]) for n in resolved.no_echo
               if isinstance(resolved.parameters.get(n), str) and resolved.parameters[n]}
    out = []
    for logical_id, definition in resolved.resources.items():
        try:
            properties = resolved.resolve_properties(logical_id, state)
        except (TemplateError, AttributeUnavailable) as exc:
            properties = {"Error": str(exc)}
        entry: dict[str, Any] = {"LogicalResourceId": logical_id, "ResourceType": definition.type,
                                 "Properties": _mask(properties, secrets),
                                 "RequiredBy": sorted(resolved.graph.required_by(logical_id)),
                                 "Description": definition.description or ""}
        row = state.rows.get(logical_id)
        if changes is None:
            entry["Action"] = "Add"
        else:
            change = changes.get(logical_id)
            entry["Action"] = "None" if change is None else ("Modify" if change["Action"] == "Replace"
                                                             else change["Action"])
            if entry["Action"] == "Modify":
                entry["Replacement"] = change.get("Replacement", "False")
        if row is not None and row.physical_id and entry["Action"] in ("Modify", "None"):
            entry["PhysicalResourceId"] = row.physical_id
        out.append(entry)
    for logical_id, change in (changes or {}).items():
        if change["Action"] == "Remove" and logical_id not in resolved.resources:
            row = state.rows.get(logical_id)
            entry = {"LogicalResourceId": logical_id, "Action": "Remove",
                     "ResourceType": row.type if row is not None else "", "RequiredBy": [], "Properties": {}}
            if row is not None and row.physical_id:
                entry["PhysicalResourceId"] = row.physical_id
            out.append(entry)
    return out


def preview_stack(ctx: ApiContext) -> dict[str, Any]:
    from stacks.engine.templates import extra_types  # the test-only types, as the services validate with

    region = ctx.region()
    p = ctx.params
    refuse(ctx, "StackPolicyURL", "TemplateScratchRegionId", "EnablePreConfig")
    parameters = p.parameters()
    stack_id = p.string("StackId")
    timeout = p.integer("TimeoutInMinutes", 60, min_value=10, max_value=1440)
    body: dict[str, Any] = {"RegionId": region, "TimeoutInMinutes": timeout,
                            "DisableRollback": bool(p.boolean("DisableRollback", False))}
    if p.string("StackPolicyBody"):
        from stacks.engine import stack_policy

        body["StackPolicyBody"] = stack_policy.parse(p.string("StackPolicyBody") or "")
    if not stack_id:
        name = p.required("StackName", max_length=255)
        from stacks.models import Stack

        if Stack.objects.filter(account=ctx.account, region=region, name=name).exclude(
                status="DELETE_COMPLETE").exists():
            raise ApiError("StackExists", f"The Stack ({name}) already exists.")
        context = StackContext(stack_name=name, region=region, account_id=ctx.account.account_id,
                               tenant_id=ctx.account.account_id)
        resolved = validate(load(template_text(ctx)), parameters, context, extra_types=extra_types(), mode="preview")
        body.update(StackName=name, Resources=_resources(resolved, PreviewState(), None))
    else:
        from stacks import services

        stack = lookups.stack(ctx, stack_id)
        text = template_text(ctx, required=False)
        use_previous = bool(p.boolean("UsePreviousParameters", False))
        result = services.update_stack(ctx.user, ctx.account, stack, template_body=text, dry_run=True,
                                       parameters=parameters if p.has("Parameters") else None,
                                       use_previous_parameters=use_previous,
                                       taint_resources=p.items("TaintResources"))
        changes = {c["LogicalResourceId"]: c for c in dict(result).get("ResourcesToBeChanged", [])}
        merged = dict(stack.parameters) if (use_previous or (text is None and not p.has("Parameters"))) else {}
        merged.update(parameters)
        context = StackContext(stack_name=stack.name, stack_id=str(stack.pk), region=stack.region,
                               account_id=ctx.account.account_id, tenant_id=ctx.account.account_id)
        resolved = validate(load(text or stack.template_body), merged, context, extra_types=extra_types(),
                            mode="preview")
        rows = {r.logical_id: r for r in stack.resources.all()}
        body.update(StackName=stack.name, Resources=_resources(resolved, PreviewState(rows), changes))
        body["TimeoutInMinutes"] = p.integer("TimeoutInMinutes", stack.timeout_in_minutes)
    body["Description"] = resolved.description or "No description"
    body["TemplateDescription"] = resolved.description or "No description"
    body["Parameters"] = resolved.display_parameters()
    return {"Stack": body}
