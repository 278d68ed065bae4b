"""Create Stack, step 1 "Specify Template": paste/edit, upload, or pick a sample; Next validates."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from stacks.forms import TemplateSourceForm
from stacks.views import wizard_state
from stacks.views.common import page, require_role
from stacks.views.samples import SAMPLES, get_sample
from stacks.views.template_check import check_template

TEMPLATE = "stacks/create_template.html"


@login_required
@require_http_methods(["GET", "POST"])
def create_template(request: HttpRequest) -> HttpResponse:
    require_role(request)
    errors = []
    if request.method == "POST":
        form = TemplateSourceForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["template_body"]
            _, errors = check_template(text)
            if not errors and request.POST.get("action") != "validate":
                wid = wizard_state.start(request, {"kind": "create", "template": text})
                return redirect("stacks:create-parameters", wid=wid)
    else:
        form = TemplateSourceForm(initial={"template_body": _initial_text(request)})
    context = {"form": form, "errors": errors, "samples": SAMPLES.values(), "step": 1,
               "validated": request.method == "POST" and form.is_valid() and not errors,
               "selected_sample": request.GET.get("sample", "")}
    return page(request, TEMPLATE, context, partial="template-errors")


def _initial_text(request: HttpRequest) -> str:
    sample = get_sample(request.GET.get("sample"))
    if sample:
        return sample.text()
    if request.GET.get("w"):
        return wizard_state.load(request, request.GET["w"]).get("template", "")
    return ""
