"""Stack detail, Template tab: the template as submitted, highlighted, with a download."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.views.common import get_stack, page, tab_context


@login_required
@require_GET
def stack_template(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    text = stack.template_body or ""
    extension = "json" if text.lstrip().startswith("{") else "yaml"
    if request.GET.get("download"):
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stack.name}.{extension}"'
        return response
    return page(request, "stacks/stack_template.html", tab_context(stack, "template", text=text, extension=extension))
