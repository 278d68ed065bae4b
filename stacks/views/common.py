"""Helpers every stack page uses: rendering a page or its htmx partial, and the guards."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest

from rosconsole.pages import page  # noqa: F401  (re-exported for the views)
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


@dataclass(frozen=True)
class Protection:
    """Deletion protection as DeleteStack applies it: this stack's setting, or its root stack's."""

    enabled: bool
    root: Any = None  # the root stack when this one is nested: its setting applies, and only it can change


def deletion_protection(stack: Any) -> Protection:
    if not stack.parent_id:
        return Protection(bool(stack.deletion_protection))
    from stacks.models import Stack

    root = stack
    while root.parent_id:
        root = Stack.objects.only("id", "name", "parent_id", "deletion_protection").get(pk=root.parent_id)
    return Protection(bool(stack.deletion_protection or root.deletion_protection), root)


def tab_context(stack: Any, tab: str, **extra: Any) -> dict[str, Any]:
    context = {"stack": stack, "tab": tab, "tabs": TABS, "busy": is_in_progress(stack.status),
               "protection": deletion_protection(stack), **extra}
    if stack.status == "CREATE_FAILED":
        context["continue_parameters"] = continue_parameters(stack)
    return context


@dataclass(frozen=True)
class ParameterField:
    key: str
    value: str      # the current value ("" for NoEcho: it is never shown)
    no_echo: bool


def continue_parameters(stack: Any) -> list[ParameterField]:
    """The stack's template parameters with their current values, for Continue Create's overrides."""
    from stacks.template import TemplateError, load
    from stacks.template.parameters import display_value

    try:
        declared = load(stack.template_body).body.get("Parameters") or {}
    except TemplateError:
        declared = {}
    fields = []
    for key, decl in declared.items():
        decl = decl if isinstance(decl, dict) else {}
        secret = key in (stack.no_echo or []) or str(decl.get("NoEcho", "")).lower() == "true"
        value = stack.parameters.get(key, decl.get("Default", ""))
        fields.append(ParameterField(key, "" if secret or value is None else display_value(value), secret))
    return fields


__all__ = ["page", "get_stack", "poll_status", "tab_context", "continue_parameters", "current_account", "require_role",
           "can_change"]
