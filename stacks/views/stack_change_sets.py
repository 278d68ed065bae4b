"""Stack detail, Change Sets tab: list and create; a change set page with its changes, Execute and Delete."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from stacks.errors import StackError
from stacks.forms import ChangeSetForm
from stacks.models import ChangeSet
from stacks.template import TemplateError
from stacks.views import stack_ops
from stacks.views.common import get_stack, page, require_role, tab_context
from stacks.views.template_check import error_rows


@login_required
@require_http_methods(["GET", "POST"])
def change_set_list(request: HttpRequest, stack_id) -> HttpResponse:
    stack = get_stack(request, stack_id)
    errors = []
    if request.method == "POST":
        require_role(request)
        form = ChangeSetForm(request.POST)
        if form.is_valid():
            try:
                change_set = stack_ops.create_change_set(request, stack, form.cleaned_data)
                return redirect("stacks:change-set", stack_id=stack.pk, change_set_id=change_set.pk)
            except TemplateError as exc:
                errors = error_rows(exc, form.cleaned_data["template_body"])
            except StackError as exc:
                errors = [exc]
    else:
        form = ChangeSetForm(initial={"template_body": stack.template_body})
    change_sets = ChangeSet.objects.filter(stack=stack).only(
        "id", "name", "type", "status", "execution_status", "description", "created_at").order_by("-created_at")
    context = tab_context(stack, "change_sets", change_sets=change_sets, form=form, errors=errors)
    return page(request, "stacks/stack_change_sets.html", context, partial="change-set-table",
                status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def change_set_detail(request: HttpRequest, stack_id, change_set_id) -> HttpResponse:
    stack = get_stack(request, stack_id)
    change_set = ChangeSet.objects.filter(stack=stack, pk=change_set_id).first()
    if change_set is None:
        raise Http404("Change set not found.")
    if request.method == "POST":
        require_role(request)
        try:
            if request.POST.get("action") == "execute":
                stack_ops.execute_change_set(request, change_set)
                return redirect("stacks:events", stack_id=stack.pk)
            if request.POST.get("action") == "delete":
                stack_ops.delete_change_set(request, change_set)
                messages.success(request, f"Deleted change set {change_set.name}.")
                return redirect("stacks:change-sets", stack_id=stack.pk)
        except StackError as exc:
            messages.error(request, f"{exc.code}: {exc.message}")
    context = tab_context(stack, "change_sets", change_set=change_set, changes=_changes(change_set.changes))
    return page(request, "stacks/change_set_detail.html", context)


def _changes(changes) -> list[dict]:
    rows = []
    for change in changes or []:
        rc = change.get("ResourceChange", change) if isinstance(change, dict) else {}
        rows.append({"action": rc.get("Action", ""), "logical_id": rc.get("LogicalResourceId", ""),
                     "physical_id": rc.get("PhysicalResourceId", ""), "type": rc.get("ResourceType", ""),
                     "replacement": rc.get("Replacement", ""), "scope": ", ".join(rc.get("Scope") or []),
                     "details": rc.get("Details") or []})
    return rows
