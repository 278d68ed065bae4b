"""Create Stack, step 3 "Check and Confirm": the PreviewStack result and the graph; "Create" runs it."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from stacks.errors import StackError
from stacks.template import TemplateError
from stacks.views import stack_ops, wizard_state
from stacks.views.common import page, require_role
from stacks.views.preview_display import preview_graph, preview_rows, secret_values
from stacks.views.template_check import error_rows

TEMPLATE = "stacks/create_preview.html"


@login_required
@require_http_methods(["GET", "POST"])
def create_preview(request: HttpRequest, wid: str) -> HttpResponse:
    require_role(request)
    state = wizard_state.load(request, wid)
    if "options" not in state:
        return redirect("stacks:create-parameters", wid=wid)
    errors, preview = [], {}
    try:
        if request.method == "POST":
            stack = stack_ops.create(request, state)
            wizard_state.finish(request, wid)
            return redirect("stacks:events", stack_id=stack.pk)
        preview = stack_ops.preview_create(request, state)
    except TemplateError as exc:
        errors = error_rows(exc, state["template"])
    except StackError as exc:
        errors = [exc]
    rows = preview_rows(preview, secret_values(state, preview.get("NoEcho") or []))
    context = {"state": state, "wid": wid, "step": 3, "errors": errors, "rows": rows, **preview_graph(rows),
               "parameters": preview.get("Parameters") or [], "back_url": _back(wid),
               "action_url": request.path, "submit_label": "Create"}
    return page(request, TEMPLATE, context, status=400 if errors and request.method == "POST" else 200)


def _back(wid: str) -> str:
    from django.urls import reverse
    return reverse("stacks:create-parameters", args=[wid])
