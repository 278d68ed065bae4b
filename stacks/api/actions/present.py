"""Model rows -> API dicts (field names as the SDK models spell them)."""
from __future__ import annotations

from typing import Any

from stacks.api.context import format_time

MASK = "****"


def tag_list(tags: Any) -> list[dict[str, str]]:
    """Stack tags are stored as {"k": "v"} (or already as [{"Key", "Value"}])."""
    if isinstance(tags, dict):
        return [{"Key": str(k), "Value": "" if v is None else str(v)} for k, v in tags.items()]
    if isinstance(tags, list):
        return [{"Key": str(t.get("Key", "")), "Value": str(t.get("Value", "") or "")} for t in tags
                if isinstance(t, dict)]
    return []


def protection(stack: Any) -> str:
    return "Enabled" if stack.deletion_protection else "Disabled"


def stack_summary(stack: Any) -> dict[str, Any]:
    """One ListStacks row."""
    row: dict[str, Any] = {
        "StackId": str(stack.pk),
        "StackName": stack.name,
        "StackType": "ROS",
        "Status": stack.status,
        "StatusReason": stack.status_reason,
        "RegionId": stack.region,
        "CreateTime": format_time(stack.created_at),
        "DisableRollback": stack.disable_rollback,
        "TimeoutInMinutes": stack.timeout_in_minutes,
        "DeletionProtection": protection(stack),
        "StackDriftStatus": "NOT_CHECKED",
        "ServiceManaged": False,
        "Tags": tag_list(stack.tags),
    }
    if stack.updated_at:
        row["UpdateTime"] = format_time(stack.updated_at)
    if stack.parent_id:
        row["ParentStackId"] = str(stack.parent_id)
    return row


def outputs(stack: Any) -> list[dict[str, Any]]:
    result = []
    for output in stack.outputs or []:
        masked = output.get("NoEcho") in (True, "true", "True")
        entry = {"OutputKey": output.get("OutputKey"), "OutputValue": MASK if masked else output.get("OutputValue"),
                 "Description": output.get("Description") or "No description given"}
        if output.get("Label"):
            entry["Label"] = output["Label"]
        result.append(entry)
    return result


def root_of(stack: Any) -> Any:
    seen = set()
    while stack.parent_id and stack.parent_id not in seen:
        seen.add(stack.pk)
        stack = stack.parent
    return stack


def display_parameters(stack: Any) -> list[dict[str, str]]:
    """User parameters (defaults applied, NoEcho masked) then the pseudo parameters, as GetStack shows them."""
    from stacks.template import StackContext, TemplateError, load, validate

    context = StackContext(stack_name=stack.name, stack_id=str(stack.pk), region=stack.region,
                           account_id=stack.account.account_id, tenant_id=stack.account.account_id)
    try:
        resolved = validate(load(stack.template_body), dict(stack.parameters or {}), context, mode="validate")
        return resolved.display_parameters()
    except TemplateError:
        hidden = set(stack.no_echo or ())
        return [{"ParameterKey": k, "ParameterValue": MASK if k in hidden else str(v)}
                for k, v in (stack.parameters or {}).items()]


def event(row: Any, stack_name: str) -> dict[str, Any]:
    result = {
        "EventId": str(row.pk), "StackId": str(row.stack_id), "StackName": stack_name,
        "LogicalResourceId": row.logical_id, "ResourceType": row.resource_type, "Status": row.status,
        "StatusReason": row.status_reason, "CreateTime": format_time(row.created_at),
    }
    if row.physical_id:
        result["PhysicalResourceId"] = row.physical_id
    return result


def resource(row: Any, stack: Any) -> dict[str, Any]:
    result = {
        "LogicalResourceId": row.logical_id, "PhysicalResourceId": row.physical_id, "ResourceType": row.type,
        "Status": row.status, "StatusReason": row.status_reason, "StackId": str(stack.pk),
        "StackName": stack.name, "CreateTime": format_time(row.created_at), "ResourceDriftStatus": "NOT_CHECKED",
    }
    if row.updated_at:
        result["UpdateTime"] = format_time(row.updated_at)
    return result
