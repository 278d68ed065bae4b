"""Stack detail, Overview tab: status, reason, ids, times, settings and outputs.

POST sets deletion protection (`deletion_protection=on|off`): a plain form redirects back (or to
the Delete dialog with `next=delete`); htmx gets the overview plus the status strip out-of-band.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from stacks.errors import StackError
from stacks.models import Stack
from stacks.views import stack_ops
from stacks.views.common import get_stack, page, require_role, tab_context
from stacks.views.display import output_rows, tag_pairs

TEMPLATE = "stacks/stack_detail.html"


@login_required
@require_http_methods(["GET", "POST"])
def stack_detail(request: HttpRequest, stack_id: str) -> HttpResponse:
    if request.method == "POST":
        return _set_protection(request, stack_id)
    stack = get_stack(request, stack_id, Stack.objects.select_related("operation"))
    return page(request, TEMPLATE, _overview(stack), partial="stack-overview")


def _overview(stack: Stack, **extra) -> dict:
    return tab_context(stack, "overview", outputs=output_rows(stack.outputs), operation=stack.operation,
                       tags=tag_pairs(stack.tags), **extra)


def _set_protection(request: HttpRequest, stack_id: str) -> HttpResponse:
    require_role(request)
    stack = get_stack(request, stack_id, Stack.objects.select_related("operation"))
    value = request.POST.get("deletion_protection")
    if value not in ("on", "off"):
        return HttpResponseBadRequest("deletion_protection must be on or off")
    error = None
    try:
        stack_ops.set_deletion_protection(request, stack, value == "on")
    except StackError as exc:
        error = exc
    if getattr(request, "htmx", False):
        return page(request, TEMPLATE, _overview(stack, protection_error=error, status_oob=True),
                    partial="stack-overview")
    if error:
        messages.error(request, f"{error.code}: {error.message}")
    else:
        messages.success(request, f"Deletion protection {'enabled' if value == 'on' else 'disabled'} "
                                  f"for stack {stack.name}.")
    back = "stacks:delete" if request.POST.get("next") == "delete" else "stacks:detail"
    return redirect(back, stack_id=stack.pk)
