"""ListChangeSets, GetChangeSet (reads), CreateChangeSet, ExecuteChangeSet, DeleteChangeSet (via services)."""
from __future__ import annotations

import fnmatch
from typing import Any

from stacks.api.actions import lookups, present
from stacks.api.context import ApiContext, format_time
from stacks.api.errors import not_supported

STATUSES = ("CREATE_PENDING", "CREATE_IN_PROGRESS", "CREATE_COMPLETE", "CREATE_FAILED", "DELETE_FAILED",
            "DELETE_COMPLETE")
EXECUTION = ("UNAVAILABLE", "AVAILABLE", "EXECUTE_IN_PROGRESS", "EXECUTE_COMPLETE", "EXECUTE_FAILED", "OBSOLETE")


def summary(cs: Any) -> dict[str, Any]:
    stack = cs.stack
    return {"ChangeSetId": str(cs.pk), "ChangeSetName": cs.name, "ChangeSetType": cs.type, "Status": cs.status,
            "StatusReason": cs.status_reason, "ExecutionStatus": cs.execution_status, "StackId": str(stack.pk),
            "StackName": stack.name, "RegionId": stack.region, "Description": cs.description,
            "CreateTime": format_time(cs.created_at), "Tags": present.tag_list(stack.tags)}


def list_change_sets(ctx: ApiContext) -> dict[str, Any]:
    ctx.region()
    p = ctx.params
    stack = lookups.stack(ctx, p.required("StackId"))
    page = p.integer("PageNumber", 1, min_value=1)
    size = p.integer("PageSize", 10, min_value=1, max_value=50)
    qs = stack.change_sets.select_related("stack").order_by("-created_at")
    if p.string("ChangeSetId"):
        pk = lookups._uuid(p.string("ChangeSetId") or "")
        qs = qs.filter(pk=pk) if pk else qs.none()
    if p.items("Status"):
        qs = qs.filter(status__in=p.items("Status"))
    if p.items("ExecutionStatus"):
        qs = qs.filter(execution_status__in=p.items("ExecutionStatus"))
    rows = list(qs)
    names = p.items("ChangeSetName")
    if names:
        rows = [cs for cs in rows if any(fnmatch.fnmatchcase(cs.name, n) for n in names)]
    chosen = rows[(page - 1) * size: page * size]
    return {"ChangeSets": [summary(cs) for cs in chosen], "PageNumber": page, "PageSize": size,
            "TotalCount": len(rows)}


def get_change_set(ctx: ApiContext) -> dict[str, Any]:
    cs = lookups.change_set(ctx, ctx.params.required("ChangeSetId"))
    body = summary(cs)
    options = cs.options or {}
    hidden = set(options.get("no_echo") or cs.stack.no_echo or ())
    body.update({
        "Changes": list(cs.changes or []),
        "Parameters": [{"ParameterKey": k, "ParameterValue": "****" if k in hidden else str(v)}
                       for k, v in (cs.parameters or {}).items()],
        "DisableRollback": bool(options.get("disable_rollback", cs.stack.disable_rollback)),
        "TimeoutInMinutes": int(options.get("timeout_in_minutes") or cs.stack.timeout_in_minutes),
    })
    if ctx.params.boolean("ShowTemplate", False):
        body["TemplateBody"] = lookups.change_set_template_text(cs)
    return body


def create_change_set(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services
    from stacks.api.actions.stacks import refuse, tags_dict
    from stacks.api.actions.templates import template_text

    region = ctx.region()
    p = ctx.params
    refuse(ctx, "ResourcesToImport", "StackPolicyURL", "StackPolicyDuringUpdateURL", "NotificationURLs",
           "RamRoleName", "ResourceGroupId", "TemplateScratchId")
    kind = p.enum("ChangeSetType", ("CREATE", "UPDATE", "IMPORT"), "UPDATE")
    if kind == "IMPORT":
        raise not_supported("ChangeSetType IMPORT (resource import)")
    name = p.required("ChangeSetName", max_length=255)
    if kind == "CREATE":
        refuse(ctx, "StackPolicyDuringUpdateBody", why="a CREATE change set updates nothing")
        target = {"stack_name": p.required("StackName", max_length=255)}
    else:
        refuse(ctx, "Tags", why="tags are set at creation")
        target = {"stack": lookups.stack(ctx, p.required("StackId"))}
    cs = services.create_change_set(
        ctx.user, ctx.account, change_set_name=name, change_set_type=kind, region=region,
        template_body=template_text(ctx, required=kind == "CREATE"),
        parameters=p.parameters() if p.has("Parameters") else None,
        use_previous_parameters=bool(p.boolean("UsePreviousParameters", False)),
        replacement_option=p.enum("ReplacementOption", ("Enabled", "Disabled"), "Disabled") == "Enabled",
        taint_resources=p.items("TaintResources"), description=p.string("Description") or "",
        disable_rollback=bool(p.boolean("DisableRollback", False)),
        timeout_in_minutes=p.integer("TimeoutInMinutes"), tags=tags_dict(ctx),
        stack_policy_body=p.string("StackPolicyBody"),
        stack_policy_during_update_body=p.string("StackPolicyDuringUpdateBody"), **target)
    return {"ChangeSetId": str(cs.pk), "StackId": str(cs.stack_id)}


def execute_change_set(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    cs = lookups.change_set(ctx, ctx.params.required("ChangeSetId"))
    services.execute_change_set(ctx.user, ctx.account, str(cs.pk))
    return {}


def delete_change_set(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    cs = lookups.change_set(ctx, ctx.params.required("ChangeSetId"))
    services.delete_change_set(ctx.user, ctx.account, str(cs.pk))
    return {}
