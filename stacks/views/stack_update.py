"""Update Stack: the wizard prefilled with the current template and parameters.

1 template (current or replaced) -> 2 parameters ("Use previous value" per parameter) and options
-> 3 preview of the changes -> Update.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from stacks.errors import StackError
from stacks.forms import ParameterForm, StackOptionsForm, TemplateSourceForm, tags_text
from stacks.template import TemplateError
from stacks.views import stack_ops, wizard_state
from stacks.views.common import get_stack, page, require_role
from stacks.views.create_parameters import validate_forms
from stacks.views.display import tag_pairs
from stacks.views.preview_display import preview_graph, preview_rows, secret_values
from stacks.views.template_check import check_template, error_rows


@login_required
@require_http_methods(["GET", "POST"])
def update_template(request: HttpRequest, stack_id) -> HttpResponse:
    require_role(request)
    stack = get_stack(request, stack_id)
    errors = []
    if request.method == "POST":
        form = TemplateSourceForm(request.POST, request.FILES)
        if request.POST.get("source") == "current":
            form = TemplateSourceForm({"template_body": stack.template_body})
        if form.is_valid():
            _, errors = check_template(form.cleaned_data["template_body"])
            if not errors:
                wid = wizard_state.start(request, {"kind": "update", "stack": str(stack.pk),
                                                   "template": form.cleaned_data["template_body"]})
                return redirect("stacks:update-parameters", stack_id=stack.pk, wid=wid)
    else:
        form = TemplateSourceForm(initial={"template_body": stack.template_body})
    context = {"stack": stack, "form": form, "errors": errors, "step": 1, "updating": True,
               "source": request.POST.get("source", "current")}
    return page(request, "stacks/update_template.html", context, partial="template-errors")


@login_required
@require_http_methods(["GET", "POST"])
def update_parameters(request: HttpRequest, stack_id, wid: str) -> HttpResponse:
    require_role(request)
    stack = get_stack(request, stack_id)
    state = _state(request, wid, stack)
    resolved, template_errors = check_template(state["template"])
    if template_errors:
        return redirect("stacks:update", stack_id=stack.pk)
    schemas, metadata = resolved.parameter_schemas(), resolved.metadata
    previous = {k: v for k, v in (stack.parameters or {}).items() if k not in set(stack.no_echo or [])}
    previous.update({k: "" for k in stack.no_echo or [] if k in (stack.parameters or {})})
    other_errors = []
    if request.method == "POST":
        options = StackOptionsForm(request.POST, updating=True)
        params = ParameterForm(schemas, metadata, request.POST, previous=previous)
        other_errors = validate_forms(options, params, state["template"], request, stack_name=stack.name,
                                      previous=_previous_values(stack, params))
        if options.is_valid() and params.is_valid() and not other_errors:
            state.update(parameters=params.parameter_values(), previous=params.previous_names(),
                         options=dict(options.cleaned_data))
            wizard_state.save(request, wid, state)
            return redirect("stacks:update-preview", stack_id=stack.pk, wid=wid)
    else:
        options = StackOptionsForm(updating=True, initial=state.get("options") or {
            "rollback": "disabled" if stack.disable_rollback else "enabled",
            "timeout_in_minutes": stack.timeout_in_minutes, "simulate_unsupported": stack.simulate_unsupported,
            "tags": tags_text({"Key": k, "Value": v} for k, v in tag_pairs(stack.tags))})
        params = ParameterForm(schemas, metadata, values=state.get("parameters") or previous, previous=previous)
    context = {"stack": stack, "options": options, "params": params, "other_errors": other_errors, "step": 2,
               "updating": True, "unsupported": resolved.unsupported_types(),
               "form_action": reverse("stacks:update-parameters", args=[stack.pk, wid]),
               "back_url": reverse("stacks:update", args=[stack.pk])}
    return page(request, "stacks/create_parameters.html", context, partial="parameter-form")


@login_required
@require_http_methods(["GET", "POST"])
def update_preview(request: HttpRequest, stack_id, wid: str) -> HttpResponse:
    require_role(request)
    stack = get_stack(request, stack_id)
    state = _state(request, wid, stack)
    if "options" not in state:
        return redirect("stacks:update-parameters", stack_id=stack.pk, wid=wid)
    errors, preview = [], {}
    try:
        if request.method == "POST":
            stack_ops.update(request, stack, state)
            wizard_state.finish(request, wid)
            return redirect("stacks:events", stack_id=stack.pk)
        preview = stack_ops.preview_update(request, stack, state)
    except TemplateError as exc:
        errors = error_rows(exc, state["template"])
    except StackError as exc:
        errors = [exc]
    rows = preview_rows(preview, secret_values(state, preview.get("NoEcho") or []) + _stored_secrets(stack))
    context = {"stack": stack, "state": state, "step": 3, "updating": True, "errors": errors, "rows": rows,
               **preview_graph(rows), "parameters": preview.get("Parameters") or [], "action_url": request.path,
               "back_url": reverse("stacks:update-parameters", args=[stack.pk, wid]), "submit_label": "Update"}
    return page(request, "stacks/create_preview.html", context,
                status=400 if errors and request.method == "POST" else 200)


def _state(request: HttpRequest, wid: str, stack) -> dict:
    state = wizard_state.load(request, wid)
    if state.get("stack") != str(stack.pk):
        from django.http import Http404
        raise Http404("This wizard belongs to another stack.")
    return state


def _previous_values(stack, params: ParameterForm) -> dict:
    """Stored values of the parameters the form keeps ("Use previous value"), for validation."""
    if not params.is_valid():
        return {}
    stored = stack.parameters or {}
    return {k: stored[k] for k in params.previous_names() if k in stored}


def _stored_secrets(stack) -> list[str]:
    stored = stack.parameters or {}
    return [str(stored[k]) for k in stack.no_echo or [] if stored.get(k) not in (None, "")]
