"""ListStackEvents (newest first, filters, paging), ListStackResources, GetStackResource."""
from __future__ import annotations

from typing import Any

from stacks.api.actions import lookups, present
from stacks.api.context import ApiContext
from stacks.api.errors import ApiError


def list_stack_events(ctx: ApiContext) -> dict[str, Any]:
    ctx.region()
    p = ctx.params
    stack = lookups.stack(ctx, p.required("StackId"), include_deleted=True)
    page = p.integer("PageNumber", 1, min_value=1)
    size = p.integer("PageSize", 10, min_value=1, max_value=50)
    qs = stack.events.all()
    if p.items("LogicalResourceId"):
        qs = qs.filter(logical_id__in=p.items("LogicalResourceId"))
    if p.items("ResourceType"):
        qs = qs.filter(resource_type__in=p.items("ResourceType"))
    if p.items("Status"):
        qs = qs.filter(status__in=p.items("Status"))
    total = qs.count()
    rows = qs.order_by("-sequence")[(page - 1) * size: page * size]
    return {"Events": [present.event(row, stack.name) for row in rows], "PageNumber": page, "PageSize": size,
            "TotalCount": total}


def list_stack_resources(ctx: ApiContext) -> dict[str, Any]:
    ctx.region()
    stack = lookups.stack(ctx, ctx.params.required("StackId"))
    rows = stack.resources.exclude(status="DELETE_COMPLETE").order_by("id")
    return {"Resources": [present.resource(row, stack) for row in rows]}


def get_stack_resource(ctx: ApiContext) -> dict[str, Any]:
    ctx.region()
    p = ctx.params
    stack = lookups.stack(ctx, p.required("StackId"))
    logical_id = p.required("LogicalResourceId")
    row = stack.resources.exclude(status="DELETE_COMPLETE").filter(logical_id=logical_id).first()
    if row is None:
        raise ApiError("ResourceNotFound", f"The Resource ({logical_id}) could not be found in Stack {stack.name}.")
    body = present.resource(row, stack)
    body["Description"] = row.description
    body["Metadata"] = row.metadata if isinstance(row.metadata, dict) else {}
    wanted = p.items("ResourceAttributes", max_items=20)
    if p.boolean("ShowResourceAttributes", False) or wanted:
        attributes = row.attributes or {}
        names = wanted or sorted(attributes)
        body["ResourceAttributes"] = [{"ResourceAttributeKey": name, "ResourceAttributeValue": attributes.get(name)}
                                      for name in names
                                      if name in attributes]
    return body
