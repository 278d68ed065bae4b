"""Response bodies built from the models (GetStack, DryRunResult, preview and change-set changes)."""
from __future__ import annotations

from datetime import timezone as dt_timezone
from typing import Any, Mapping

from stacks.engine import plan
from stacks.models import Stack
from stacks.template import ResolvedTemplate, TemplateError

MASK = "****"
ROS_TIME = "%Y-%m-%dT%H:%M:%S"


def ros_time(value) -> str | None:
    return value.astimezone(dt_timezone.utc).strftime(ROS_TIME) if value else None


def display_outputs(outputs: list[dict]) -> list[dict]:
    """[{OutputKey, OutputValue, Description}] with NoEcho masked; an unresolvable one keeps its Error."""
    shown = []
    for output in outputs or []:
        entry = {"OutputKey": output.get("OutputKey"),
                 "OutputValue": MASK if output.get("NoEcho") else output.get("OutputValue"),
                 "Description": output.get("Description") or "No description given"}
        if output.get("Error"):
            entry["Error"] = output["Error"]
        shown.append(entry)
    return shown


def display_parameters(stack: Stack) -> list[dict]:
    """User parameters (NoEcho masked) and the pseudo parameters, as GetStack shows them."""
    try:
        from stacks.engine.templates import validate_for

        return validate_for(stack, stack.template_body, stack.parameters).display_parameters()
    except TemplateError:
        masked = set(stack.no_echo or [])
        return [{"ParameterKey": k, "ParameterValue": MASK if k in masked else str(v)}
                for k, v in (stack.parameters or {}).items()]


def stack_body(stack: Stack) -> dict:
    return {
        "StackId": str(stack.pk), "StackName": stack.name, "StackType": "ROS", "Status": stack.status,
        "StatusReason": stack.status_reason, "Description": stack.description,
        "TemplateDescription": stack.description, "RegionId": stack.region,
        "CreateTime": ros_time(stack.created_at), "UpdateTime": ros_time(stack.updated_at),
        "DisableRollback": stack.disable_rollback, "TimeoutInMinutes": stack.timeout_in_minutes,
        "Parameters": display_parameters(stack), "Outputs": display_outputs(stack.outputs),
        "DeletionProtection": "Enabled" if stack.deletion_protection else "Disabled",
        "ParentStackId": str(stack.parent_id) if stack.parent_id else None,
        "RootStackId": str(_root_id(stack)) if stack.parent_id else None,
        "Tags": [{"Key": k, "Value": v} for k, v in (stack.tags or {}).items()],
        "Parallelism": stack.parallelism, "TemplateURL": stack.template_url or None,
        "SimulateUnsupported": stack.simulate_unsupported,
    }


def _root_id(stack: Stack) -> Any:
    while stack.parent_id:
        stack = Stack.objects.only("id", "parent_id").get(pk=stack.parent_id)
    return stack.pk


def replacement_flag(change: plan.Change) -> str:
    """"True" | "False" | "Conditional" (Conditional needs a change from plan.explain)."""
    return change.replacement_flag


def dry_run_result(resolved: ResolvedTemplate, diff: Mapping[str, plan.Change]) -> dict:
    """UpdateStack DryRun: every parameter may be modified; resources' planned actions are listed too."""
    names = list(resolved.parameters)
    return {
        "ParametersAllowedToBeModified": names,
        "ParametersNotAllowedToBeModified": [],
        "ParametersConditionallyAllowedToBeModified": [],
        "ParametersUncertainlyAllowedToBeModified": [],
        "ParametersCauseInterruptionIfModified": [],
        "ParametersCauseReplacementIfModified": [],
        "ResourcesToBeChanged": [_resource_change(c) for c in diff.values() if c.action is not plan.Action.NONE],
    }


def _resource_change(change: plan.Change) -> dict:
    action = "Modify" if change.action is plan.Action.REPLACE else change.action.value
    return {"LogicalResourceId": change.logical_id, "Action": action, "Replacement": replacement_flag(change),
            "ChangedProperties": list(change.changed)}


def preview_resources(resolved: ResolvedTemplate, diff: Mapping[str, plan.Change], specs: Mapping[str, plan.ResourceSpec],
                      physical_ids: Mapping[str, str]) -> list[dict]:
    """PreviewStack `Resources`: Add/Modify/Remove/None per resource, with resolved properties."""
    out = []
    for logical_id, change in diff.items():
        definition = resolved.resources.get(logical_id)
        action = "Modify" if change.action is plan.Action.REPLACE else change.action.value
        entry = {"LogicalResourceId": logical_id, "Action": action,
                 "ResourceType": definition.type if definition else None,
                 "Description": (definition.description or "") if definition else "",
                 "Properties": dict(specs[logical_id].properties) if logical_id in specs else {},
                 "RequiredBy": sorted(resolved.graph.required_by(logical_id)) if definition else []}
        if change.action in (plan.Action.MODIFY, plan.Action.REPLACE):
            entry["Replacement"] = replacement_flag(change)
        if logical_id in physical_ids:
            entry["PhysicalResourceId"] = physical_ids[logical_id]
        out.append(entry)
    return out


def change_set_changes(diff: Mapping[str, plan.Change], types: Mapping[str, str],
                       physical_ids: Mapping[str, str]) -> list[dict]:
    """GetChangeSet `Changes`: one Resource change per added, modified, replaced or removed resource."""
    changes = []
    for logical_id, change in diff.items():
        if change.action is plan.Action.NONE:
            continue
        action = "Modify" if change.action is plan.Action.REPLACE else change.action.value
        body = {"Action": action, "LogicalResourceId": logical_id, "ResourceType": types.get(logical_id)}
        if action != "Add":
            body["PhysicalResourceId"] = physical_ids.get(logical_id)
        if action == "Modify":
            body["Replacement"] = replacement_flag(change)
            body["Scope"] = ["Properties"]
            body["Details"] = [detail_body(d) for d in change.details] if change.details else [
                {"ChangeSource": "DirectModification", "Evaluation": "Static",
                 "Target": {"Attribute": "Properties", "Name": name,
                            "RequiresRecreation": "Always" if name in change.replace_causes else "Never"}}
                for name in change.changed]
        changes.append({"Type": "Resource", "ResourceChange": body})
    return changes


def detail_body(detail: plan.Detail) -> dict:
    """A `Details` element: {ChangeSource, CausingEntity (not for a direct modification), Evaluation, Target}."""
    body: dict[str, Any] = {"ChangeSource": detail.change_source}
    if detail.causing_entity is not None:
        body["CausingEntity"] = detail.causing_entity
    body["Evaluation"] = detail.evaluation
    body["Target"] = {"Attribute": detail.attribute, "Name": detail.name,
                      "RequiresRecreation": detail.requires_recreation}
    return body
