"""Create Stack, step 2 "Configure Parameters": Stack Name, one field per parameter, stack options.

Field values are checked by the same template validation CreateStack runs; an error whose path
is `Parameters.<Key>` is shown under that field.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from stacks.forms import ParameterForm, StackOptionsForm
from stacks.template import StackContext
from stacks.views import wizard_state
from stacks.views.common import current_account, page, require_role
from stacks.views.template_check import check_template

TEMPLATE = "stacks/create_parameters.html"


@login_required
@require_http_methods(["GET", "POST"])
def create_parameters(request: HttpRequest, wid: str) -> HttpResponse:
    require_role(request)
    state = wizard_state.load(request, wid)
    resolved, template_errors = check_template(state["template"])
    if template_errors:
        return redirect(f"{_step1_url()}?w={wid}")
    schemas, metadata = resolved.parameter_schemas(), resolved.metadata
    if request.method == "POST":
        options = StackOptionsForm(request.POST)
        params = ParameterForm(schemas, metadata, request.POST)
        other_errors = validate_forms(options, params, state["template"], request)
        if options.is_valid() and params.is_valid() and not other_errors:
            state.update(parameters=params.parameter_values(), options=_options_state(options.cleaned_data))
            wizard_state.save(request, wid, state)
            return redirect("stacks:create-preview", wid=wid)
    else:
        other_errors = []
        options = StackOptionsForm(initial=state.get("options") or {"rollback": "enabled", "timeout_in_minutes": 60})
        params = ParameterForm(schemas, metadata, values=state.get("parameters"))
    context = {"options": options, "params": params, "other_errors": other_errors, "wid": wid, "step": 2,
               "back_url": f"{_step1_url()}?w={wid}", "unsupported": resolved.unsupported_types()}
    return page(request, TEMPLATE, context, partial="parameter-form")


def validate_forms(options: StackOptionsForm, params: ParameterForm, text: str, request: HttpRequest,
                   previous: dict | None = None, stack_name: str | None = None) -> list:
    """Run the template validation with the form's values; put per-parameter errors on their fields."""
    if not (options.is_valid() and params.is_valid()):
        return []
    values = dict(previous or {})
    values.update(params.parameter_values())
    name = stack_name or options.cleaned_data.get("stack_name")
    context = StackContext(stack_name=name, region=request.session.get("region") or "cn-hangzhou",
                           account_id=current_account(request).account_id)
    _, errors = check_template(text, values, context, mode="create")
    rest = []
    for error in errors:
        key = error.path.split(".")[1] if error.path.startswith("Parameters.") else ""
        if not (key and params.add_template_error(key, f"{error.code}: {error.message}")):
            rest.append(error)
    return rest


def _options_state(data: dict) -> dict:
    return {k: v for k, v in data.items()}


def _step1_url() -> str:
    from django.urls import reverse
    return reverse("stacks:create")
