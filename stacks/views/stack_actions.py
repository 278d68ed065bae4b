"""Stack actions without a page of their own: Continue Create (CREATE_FAILED) and Cancel Update.

Continue Create posts `mode`: Recreate (the default, as in ROS) or Ignore; the service checks it.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from stacks.errors import StackError
from stacks.views import stack_ops
from stacks.views.common import get_stack, require_role


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
    return _run(request, stack_id, lambda req, stack: stack_ops.continue_create(req, stack, mode),
                CONTINUE_DONE.get(mode, ""))


@login_required
@require_POST
def cancel_update(request: HttpRequest, stack_id) -> HttpResponse:
    return _run(request, stack_id, stack_ops.cancel_update, "Cancelling the update of stack {name}.")
