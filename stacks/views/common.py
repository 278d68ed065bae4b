"""Helpers every stack page uses: rendering a page or its htmx partial, and the guards."""
from __future__ import annotations

from typing import Any, Sequence

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rosconsole.accounts.access import can_change, current_account, require_role

STOP_POLLING = 286
TABS = (
    ("overview", "Overview", "stacks:detail"),
    ("events", "Events", "stacks:events"),
    ("resources", "Resources", "stacks:resources"),
    ("outputs", "Outputs", "stacks:outputs"),
    ("parameters", "Parameters", "stacks:parameters"),
    ("template", "Template", "stacks:template"),
    ("graph", "Graph", "stacks:graph"),
    ("change_sets", "Change Sets", "stacks:change-sets"),
)


def page(request: HttpRequest, template: str, context: dict[str, Any], partial: str | Sequence[str] | None = None,
         status: int = 200) -> HttpResponse:
    """The full page, or `template#partial` for an htmx request (django-template-partials).

    With several partials, the one named like the request's HX-Target is rendered (the partial
    name is the DOM id it replaces); the first is the default.
    """
    names = [partial] if isinstance(partial, str) else list(partial or [])
    name = template
    if names and getattr(request, "htmx", False):
        target = request.headers.get("HX-Target") or ""
        name = f"{template}#{target if target in names else names[0]}"
    context.setdefault("can_change", can_change(request))
    return render(request, name, context, status=status)


def get_stack(request: HttpRequest, stack_id: Any, queryset: Any = None):
    """The stack if it belongs to the current account; 404 otherwise (never 403: ids are not disclosed)."""
    from stacks.models import Stack

    qs = queryset if queryset is not None else Stack.objects.all()
    stack = qs.filter(pk=stack_id, account=current_account(request)).first()
    if stack is None:
        raise Http404("Stack not found.")
    return stack


def is_in_progress(status: str) -> bool:
    return status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS"


def poll_status(stack: Any) -> int:
    """200 while the stack is busy, 286 (htmx: stop polling) once it is terminal."""
    return 200 if is_in_progress(stack.status) else STOP_POLLING


def tab_context(stack: Any, tab: str, **extra: Any) -> dict[str, Any]:
    return {"stack": stack, "tab": tab, "tabs": TABS, "busy": is_in_progress(stack.status), **extra}


__all__ = ["page", "get_stack", "poll_status", "tab_context", "current_account", "require_role", "can_change"]
