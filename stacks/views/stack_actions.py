"""Stack actions without a page of their own: Continue Create (CREATE_FAILED) and Cancel Update.

Continue Create posts `mode`: Recreate (the default, as in ROS) or Ignore, and for Recreate optionally a
modified `template` and `param:<Key>` fields (only changed values are sent as overrides); the service checks it.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from stacks.errors import StackError
from stacks.views import stack_ops
from stacks.views.common import continue_parameters, get_stack, require_role


def _run(request: HttpRequest, stack_id, action, done: str) -> HttpResponse:
    require_role(request)
    stack = get_stack(request, stack_id)
    try:
        action(request, stack)
        messages.success(request, done.format(name=stack.name))
    except StackError as exc:
        messages.error(request, f"{exc.code}: {exc.message}")
    return redirect("stacks:events", stack_id=stack.pk)


CONTINUE_DONE = {
    "Recreate": "Continuing to create stack {name}: recreating the failed resources.",
    "Ignore": "Stack {name} is CREATE_COMPLETE: the failed resources were ignored.",
}


@login_required
@require_POST
def continue_create(request: HttpRequest, stack_id) -> HttpResponse:
    mode = request.POST.get("mode") or "Recreate"

    def act(req: HttpRequest, stack) -> None:
        template = (req.POST.get("template") or "").strip() or None
        overrides = changed_parameters(req, stack)
        stack_ops.continue_create(req, stack, mode, template_body=template, parameters=overrides or None)

    return _run(request, stack_id, act, CONTINUE_DONE.get(mode, ""))


def changed_parameters(request: HttpRequest, stack) -> dict[str, str]:
    """`param:<Key>` fields whose value differs from the stack's (an empty NoEcho field means unchanged)."""
    current = {p.key: p for p in continue_parameters(stack)}
    changed = {}
    for name, value in request.POST.items():
        key = name[len("param:"):] if name.startswith("param:") else None
        if key is None or key not in current:
            continue
        field = current[key]
        if (field.no_echo and value) or (not field.no_echo and value != field.value):
            changed[key] = value
    return changed


@login_required
@require_POST
def cancel_update(request: HttpRequest, stack_id) -> HttpResponse:
    return _run(request, stack_id, stack_ops.cancel_update, "Cancelling the update of stack {name}.")
