"""Function page, Invocations tab: recent invocations (live), a "failed only" filter."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fcruntime.models import Invocation, InvocationStatus
from fcruntime.views.common import function_context, get_function, page

LIMIT = 50
FIELDS = ("request_id", "status", "source", "invocation_type", "duration_ms", "max_memory_mb", "cold_start",
          "error_type", "error_message", "created_at", "qualifier")


@login_required
@require_GET
def function_invocations(request: HttpRequest, service_name: str, function_name: str) -> HttpResponse:
    fn = get_function(request, service_name, function_name)
    failed_only = request.GET.get("failed") == "1"
    qs = Invocation.objects.filter(function=fn)
    if failed_only:
        qs = qs.filter(status__in=[InvocationStatus.FAILED, InvocationStatus.TIMED_OUT])
    rows = list(qs.only(*FIELDS).order_by("-created_at")[:LIMIT])
    context = function_context(fn, "invocations", invocations=rows, failed_only=failed_only)
    return page(request, "fcruntime/function_invocations.html", context, partial="invocation-table")
