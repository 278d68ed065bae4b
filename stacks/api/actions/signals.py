"""SignalResource: a success/failure signal for a WaitCondition, through stacks.services."""
from __future__ import annotations

from typing import Any

from stacks.api.actions import lookups
from stacks.api.context import ApiContext
from stacks.api.errors import ApiError, not_supported


def signal_resource(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    stack = lookups.stack(ctx, p.required("StackId"))
    logical_id = p.required("LogicalResourceId")
    unique_id = p.required("UniqueId")
    status = p.enum("Status", ("SUCCESS", "FAILURE", "WARNING"))
    if status is None:
        raise ApiError("MissingParameter", "The input parameter Status should be specified.")
    if not stack.resources.filter(logical_id=logical_id).exists():
        raise ApiError("ResourceNotFound", f"The Resource ({logical_id}) could not be found in Stack {stack.name}.")
    signal = getattr(services, "signal_resource", None)
    if signal is None:
        raise not_supported("SignalResource (stacks.services.signal_resource is not available in this installation)")
    signal(ctx.user, ctx.account, stack, logical_id=logical_id, unique_id=unique_id, status=status)
    return {}
