"""SetStackPolicy, GetStackPolicy, and the policy check before an update.

The policy lives in `Stack.stack_policy` (JSON, null = none). Enforcement: before UpdateStack the API
asks the services for a dry run of the update, and every resource it would modify, replace or remove must
be allowed by the policy (or by StackPolicyDuringUpdateBody, which overrides it for that one update).
"""
from __future__ import annotations

from typing import Any

from stacks.api import stack_policy
from stacks.api.actions import lookups
from stacks.api.context import ApiContext
from stacks.api.errors import ApiError, not_supported

FIELD = "stack_policy"


def supported() -> bool:
    from stacks.models import Stack

    return any(f.name == FIELD for f in Stack._meta.get_fields())


def parse_body(text: str | None) -> dict[str, Any] | None:
    if text is None or text == "":
        return None
    body = stack_policy.parse(text)
    if not supported():
        raise not_supported("Stack policies (this database has no stack_policy column yet)")
    return body


def store(stack: Any, body: dict[str, Any] | None) -> None:
    """Policy storage is an attribute of the stack, not a state change: a direct column update."""
    from stacks.models import Stack

    Stack.objects.filter(pk=stack.pk).update(**{FIELD: body})


def current(stack: Any) -> dict[str, Any] | None:
    return getattr(stack, FIELD, None) if supported() else None


def check_update(ctx: ApiContext, stack: Any, update_kwargs: dict[str, Any], during: dict[str, Any] | None) -> None:
    body = during if during is not None else current(stack)
    if not body:
        return
    from stacks import services

    result = services.update_stack(ctx.user, ctx.account, stack, dry_run=True, **update_kwargs)
    types = dict(stack.resources.values_list("logical_id", "type"))
    changes = [stack_policy.PlannedChange(c["LogicalResourceId"], types.get(c["LogicalResourceId"], ""),
                                          "Remove" if c.get("Action") == "Remove" else "Modify")
               for c in dict(result).get("ResourcesToBeChanged", []) if c.get("Action") in ("Modify", "Remove")]
    stack_policy.enforce(body, changes)


def set_stack_policy(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    if p.string("StackPolicyURL"):
        raise not_supported("StackPolicyURL (fetching policies from URLs)")
    text = p.string("StackPolicyBody")
    stack = lookups.stack(ctx, p.required("StackId"))
    services.authorize(ctx.user, ctx.account)
    if not text:
        raise ApiError("MissingParameter", "The input parameter StackPolicyBody should be specified.")
    store(stack, parse_body(text))
    return {}


def get_stack_policy(ctx: ApiContext) -> dict[str, Any]:
    ctx.region()
    stack = lookups.stack(ctx, ctx.params.required("StackId"))
    body = current(stack)
    return {"StackPolicyBody": body} if body else {}
