"""The stack list: status filter, name search, keyset pagination; the table is an htmx partial."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from rosconsole.accounts.access import SESSION_REGION_KEY
from stacks.engine.states import STACK_STATUSES
from stacks.models import Stack
from stacks.views.common import current_account, page
from stacks.views.pagination import keyset_page

PAGE_SIZE = 20
STATUS_FILTERS = {
    "": ("All statuses", None),
    "in_progress": ("In progress", [s for s in STACK_STATUSES if s.endswith("_IN_PROGRESS")]),
    "complete": ("Completed", ["CREATE_COMPLETE", "UPDATE_COMPLETE"]),
    "failed": ("Failed", [s for s in STACK_STATUSES if s.endswith("_FAILED")]),
    "rolled_back": ("Rolled back", ["CREATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE"]),
    "deleted": ("Deleted", ["DELETE_COMPLETE"]),
}


def stacks_for(request: HttpRequest):
    region = request.session.get(SESSION_REGION_KEY, settings.ROSCONSOLE_DEFAULT_REGION)
    return Stack.objects.filter(account=current_account(request), region=region, parent__isnull=True)


@login_required
@require_GET
def stack_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:255]
    qs = stacks_for(request)
    statuses = STATUS_FILTERS.get(status, STATUS_FILTERS[""])[1]
    qs = qs.filter(status__in=statuses) if statuses else qs.exclude(status="DELETE_COMPLETE")
    if query:
        qs = qs.filter(name__icontains=query)
    qs = qs.only("id", "name", "status", "status_reason", "created_at", "updated_at", "description")
    result = keyset_page(qs, PAGE_SIZE, request.GET.get("after", ""), request.GET.get("before", ""))
    context = {"page": result, "status": status, "q": query, "status_filters": STATUS_FILTERS,
               "total": qs.count(), "busy": any(s.status.endswith("_IN_PROGRESS") for s in result.rows)}
    return page(request, "stacks/stack_list.html", context, partial="stack-table")
