"""SetStackPolicy and GetStackPolicy (through stacks.services).

The policy lives in `Stack.stack_policy` (JSON, null = none); stacks.services enforces it on every update,
whether it comes from the console, the CLI, the API or a change set.
"""
from __future__ import annotations

from typing import Any

from stacks.api.actions import lookups
from stacks.api.context import ApiContext
from stacks.api.errors import not_supported


def set_stack_policy(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    if p.string("StackPolicyURL"):
        raise not_supported("StackPolicyURL (fetching policies from URLs)")
    stack = lookups.stack(ctx, p.required("StackId"))
    services.set_stack_policy(ctx.user, ctx.account, stack, p.string("StackPolicyBody") or "")
    return {}


def get_stack_policy(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    stack = lookups.stack(ctx, ctx.params.required("StackId"))
    body = services.get_stack_policy(ctx.user, ctx.account, stack)
    return {"StackPolicyBody": body} if body else {}
