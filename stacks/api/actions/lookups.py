"""Reads scoped to the caller's account: another account's (or a deleted) stack is StackNotFound."""
from __future__ import annotations

import uuid
from typing import Any

from stacks.api.context import ApiContext
from stacks.api.errors import ApiError

DELETED = "DELETE_COMPLETE"


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        return None


def stack_not_found(name: str) -> ApiError:
    return ApiError("StackNotFound", f"The Stack ({name}) could not be found.")


def stack(ctx: ApiContext, stack_id: str, *, include_deleted: bool = False, queryset: Any = None) -> Any:
    from stacks.models import Stack

    pk = _uuid(stack_id)
    if pk is None:
        raise stack_not_found(stack_id)
    qs = (queryset if queryset is not None else Stack.objects.all()).filter(pk=pk, account=ctx.account)
    region = ctx.params.string("RegionId")
    if region:
        qs = qs.filter(region=region)
    if not include_deleted:
        qs = qs.exclude(status=DELETED)
    found = qs.select_related("account").first()
    if found is None:
        raise stack_not_found(stack_id)
    return found


def change_set(ctx: ApiContext, change_set_id: str) -> Any:
    from stacks.models import ChangeSet

    pk = _uuid(change_set_id)
    found = None
    if pk is not None:
        found = (ChangeSet.objects.select_related("stack", "stack__account")
                 .filter(pk=pk, stack__account=ctx.account).exclude(stack__status=DELETED).first())
    region = ctx.params.string("RegionId")
    if found is None or (region and found.stack.region != region):
        raise ApiError("ChangeSetNotFound", f"The ChangeSet ({change_set_id}) could not be found.")
    return found


def stack_template_text(found: Any) -> str:
    return found.template_body


def change_set_template_text(found: Any) -> str:
    return found.template_body or found.stack.template_body
