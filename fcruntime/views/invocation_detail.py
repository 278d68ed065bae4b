"""One invocation: event, result or error, logs and metrics. Polls until the invocation is final."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fcruntime import errors, services
from fcruntime.views.common import current_account, page
from fcruntime.views.invocation_display import invocation_view


@login_required
@require_GET
def invocation_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    try:
        inv = services.get_invocation(current_account(request), request_id)
    except errors.InvocationNotFound:
        raise Http404("Invocation not found.") from None
    status = 286 if inv.is_terminal and getattr(request, "htmx", False) else 200
    return page(request, "fcruntime/invocation_detail.html", {"v": invocation_view(inv)},
                partial="invocation-panel", status=status)
