"""One FC service: its settings and its functions."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fcruntime.views.common import get_service, page


@login_required
@require_GET
def service_detail(request: HttpRequest, service_name: str) -> HttpResponse:
    service = get_service(request, service_name)
    functions = service.functions.annotate(trigger_count=Count("triggers")).order_by("name")
    return page(request, "fcruntime/service_detail.html", {"service": service, "functions": functions})
