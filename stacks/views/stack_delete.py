"""Delete Stack: release or retain resources; refused while deletion protection is on."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from stacks.errors import StackError
from stacks.models import StackResource
from stacks.views import stack_ops
from stacks.views.common import get_stack, page, require_role, tab_context


@login_required
@require_http_methods(["GET", "POST"])
def stack_delete(request: HttpRequest, stack_id) -> HttpResponse:
    require_role(request)
    stack = get_stack(request, stack_id)
    error = None
    if request.method == "POST":
        retain_all = request.POST.get("method") == "retain" and request.POST.get("retain_all") == "on"
        retain = request.POST.getlist("retain") if request.POST.get("method") == "retain" else []
        try:
            stack_ops.delete(request, stack, retain, retain_all)
            messages.success(request, f"Deleting stack {stack.name}.")
            return redirect("stacks:events", stack_id=stack.pk)
        except StackError as exc:
            error = exc
    resources = StackResource.objects.filter(stack=stack).exclude(status="DELETE_COMPLETE").only(
        "logical_id", "type", "physical_id").order_by("id")
    context = tab_context(stack, "", resources=resources, error=error)
    return page(request, "stacks/stack_delete.html", context, status=400 if error else 200)
