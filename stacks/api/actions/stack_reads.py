"""GetStack and ListStacks."""
from __future__ import annotations

from typing import Any

from stacks.api.actions import lookups, present
from stacks.api.context import ApiContext, parse_time


PROGRESS_OPTIONS = ("Disabled", "PercentageOnly", "EnabledIfCreateStack")
DONE = ("CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE", "CHECK_COMPLETE")


def get_stack(ctx: ApiContext) -> dict[str, Any]:
    ctx.region()
    stack = lookups.stack(ctx, ctx.params.required("StackId"))
    show_outputs = ctx.params.enum("OutputOption", ("Enabled", "Disabled"), default="Enabled") == "Enabled"
    progress = ctx.params.enum("ShowResourceProgress", PROGRESS_OPTIONS, default="Disabled")
    if ctx.params.string("LogOption") not in (None, "Disabled"):
        pass  # Terraform logs: there are none for ROS stacks; the field is simply absent
    body = present.stack_summary(stack)
    del body["ServiceManaged"]
    body.update({
        "Description": stack.description or "No description",
        "TemplateDescription": stack.description or "No description",
        "Parameters": present.display_parameters(stack),
        "ServiceManaged": False,
    })
    if show_outputs and stack.outputs:
        body["Outputs"] = present.outputs(stack)
    if stack.parent_id:
        body["RootStackId"] = str(present.root_of(stack).pk)
    if stack.template_url:
        body["TemplateURL"] = stack.template_url
    if progress != "Disabled":
        if progress == "PercentageOnly" or stack.operation is None or stack.operation.action == "CREATE":
            body["ResourceProgress"] = resource_progress(stack, details=progress == "EnabledIfCreateStack")
    return body


def resource_progress(stack: Any, details: bool) -> dict[str, Any]:
    rows = list(stack.resources.all())
    total = len(rows)
    success = sum(1 for r in rows if r.status in DONE)
    failed = sum(1 for r in rows if r.status.endswith("_FAILED"))
    running = [r for r in rows if r.status.endswith("_IN_PROGRESS")]
    pending = total - success - failed - len(running)
    percent = round(100.0 * success / total, 2) if total else (100.0 if stack.status.endswith("_COMPLETE") else 0.0)
    result: dict[str, Any] = {
        "TotalResourceCount": total, "SuccessResourceCount": success, "FailedResourceCount": failed,
        "InProgressResourceCount": len(running), "PendingResourceCount": max(pending, 0),
        "StackOperationProgress": percent, "StackActionProgress": percent,
    }
    if details:
        result["InProgressResourceDetails"] = [{"ResourceName": r.logical_id, "ResourceType": r.type}
                                               for r in running]
    return result


def list_stacks(ctx: ApiContext) -> dict[str, Any]:
    from stacks.models import Stack

    region = ctx.region()
    p = ctx.params
    page = p.integer("PageNumber", 1, min_value=1)
    size = p.integer("PageSize", 10, min_value=1, max_value=50)
    qs = Stack.objects.filter(account=ctx.account, region=region).select_related("account")
    statuses = p.items("Status")
    if "DELETE_COMPLETE" not in statuses:
        qs = qs.exclude(status="DELETE_COMPLETE")
    if statuses:
        qs = qs.filter(status__in=statuses)
    ids = p.items("StackIds") + ([p.string("StackId")] if p.string("StackId") else [])
    if ids:
        valid = [i for i in ids if lookups._uuid(i) is not None]
        qs = qs.filter(pk__in=valid)
    names = p.items("StackName")
    if names:
        qs = qs.filter(name__in=names)
    parent = p.string("ParentStackId")
    if parent:
        qs = qs.filter(parent_id=lookups._uuid(parent)) if lookups._uuid(parent) else qs.none()
    elif not p.boolean("ShowNestedStack", False):
        qs = qs.filter(parent__isnull=True)
    if p.string("ResourceGroupId"):
        qs = qs.none()  # resource groups are not modelled; no stack belongs to one
    start, end = parse_time("StartTime", p.string("StartTime")), parse_time("EndTime", p.string("EndTime"))
    if start:
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lte=end)
    stacks = list(qs.order_by("-created_at"))
    for tag in p.tags("Tag"):
        stacks = [s for s in stacks if _has_tag(s, tag)]
    total = len(stacks)
    chosen = stacks[(page - 1) * size: page * size]
    return {"Stacks": [present.stack_summary(s) for s in chosen], "PageNumber": page, "PageSize": size,
            "TotalCount": total}


def _has_tag(stack: Any, tag: dict[str, str]) -> bool:
    for pair in present.tag_list(stack.tags):
        if pair["Key"] == tag["Key"] and (not tag["Value"] or pair["Value"] == tag["Value"]):
            return True
    return False



