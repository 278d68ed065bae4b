"""Function Compute: the service list (region-scoped) with function counts."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fcruntime.models import Service
from fcruntime.views.common import current_account, page, region


@login_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:128]
    qs = Service.objects.filter(account=current_account(request), region=region(request))
    if query:
        qs = qs.filter(name__icontains=query)
    rows = qs.annotate(function_count=Count("functions")).order_by("name")[:500]
    return page(request, "fcruntime/service_list.html", {"services": rows, "q": query}, partial="service-table")
