"""The status strip shared by every stack tab: polled while the stack is busy (286 once terminal).

When the status differs from the one the page last showed (`?was=`), the response fires the
client event `stackChanged`, and tab contents that listen for it refresh themselves.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from stacks.views.common import can_change, get_stack, poll_status, tab_context


@login_required
@require_GET
def stack_status(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    context = tab_context(stack, request.GET.get("tab", ""), can_change=can_change(request))
    response = render(request, "stacks/_stack_status.html", context, status=poll_status(stack))
    if request.GET.get("was") and request.GET["was"] != stack.status:
        trigger_client_event(response, "stackChanged", {"status": stack.status})
    return response
