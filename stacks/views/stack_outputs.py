"""Stack detail, Outputs tab: copy buttons, clickable URLs, pretty JSON, NoEcho masked."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.views.common import get_stack, page, tab_context
from stacks.views.display import output_rows


@login_required
@require_GET
def stack_outputs(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    context = tab_context(stack, "outputs", outputs=output_rows(stack.outputs))
    return page(request, "stacks/stack_outputs.html", context, partial="outputs-panel")
