"""Function Compute: every function of the account in the current region."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fcruntime.models import Function
from fcruntime.views.common import current_account, page, region


@login_required
@require_GET
def function_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:128]
    qs = Function.objects.filter(service__account=current_account(request), service__region=region(request))
    if query:
        qs = qs.filter(name__icontains=query)
    rows = (qs.select_related("service").annotate(trigger_count=Count("triggers"))
            .order_by("service__name", "name")[:500])
    return page(request, "fcruntime/function_list.html", {"functions": rows, "q": query}, partial="function-table")
