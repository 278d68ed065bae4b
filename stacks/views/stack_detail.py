"""Stack detail, Overview tab: status, reason, ids, times, settings and outputs."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.models import Stack
from stacks.views.common import get_stack, page, tab_context
from stacks.views.display import output_rows, tag_pairs


@login_required
@require_GET
def stack_detail(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id, Stack.objects.select_related("operation"))
    context = tab_context(stack, "overview", outputs=output_rows(stack.outputs), operation=stack.operation,
                          tags=tag_pairs(stack.tags))
    return page(request, "stacks/stack_detail.html", context, partial="stack-overview")
