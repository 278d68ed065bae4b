"""Stack detail, Events tab: newest first, grouped by operation, filters, live via SSE + polling.

Three shapes from one view:
- the page (or `#events-panel` for htmx filter changes): the latest PAGE_SIZE events (`before=` pages back);
- `#events-live` (the sentinel that SSE messages and, while busy, a 3 s poll trigger): only the events
  after `since`, swapped out-of-band into their operation group, plus a new sentinel. It answers
  286 once the stack is terminal, so polling stops by itself.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.models import StackEvent, StackResource
from stacks.views.common import get_stack, page, poll_status, tab_context
from stacks.views.event_groups import group_events, invocation_id, invocation_links

PAGE_SIZE = 100
LIVE_BATCH = 200
STATUS_FILTERS = {"": "All statuses", "IN_PROGRESS": "In progress", "COMPLETE": "Complete", "FAILED": "Failed"}
INVOKING_TYPES = ("ALIYUN::FC::FunctionInvoker", "ALIYUN::ROS::CustomResource")


@login_required
@require_GET
def stack_events(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    filters = {"resource": request.GET.get("resource", "")[:255], "status": request.GET.get("status", "")}
    qs = _filtered(StackEvent.objects.filter(stack=stack).select_related("operation"), filters)
    links = _links(stack)
    if request.headers.get("HX-Target") == "events-live" and request.GET.get("since", "").isdigit():
        return _live(request, stack, qs, int(request.GET["since"]), filters, links)
    before = request.GET.get("before", "")
    if before.isdigit():
        qs = qs.filter(sequence__lt=int(before))
    rows = list(qs.order_by("-sequence")[: PAGE_SIZE + 1])
    older = rows[PAGE_SIZE - 1].sequence if len(rows) > PAGE_SIZE else None
    rows = rows[:PAGE_SIZE]
    resources = StackResource.objects.filter(stack=stack).order_by("logical_id").values_list("logical_id", flat=True)
    groups = group_events(rows, links)
    context = tab_context(stack, "events", groups=groups, filters=filters, older=older,
                          since=rows[0].sequence if rows else 0, top=groups[0].key if groups else "", status_filters=STATUS_FILTERS, paged=before.isdigit(),
                          resource_names=[stack.name, *resources])
    return page(request, "stacks/stack_events.html", context, partial="events-panel")


def _live(request: HttpRequest, stack, qs, since: int, filters: dict, links: dict) -> HttpResponse:
    """Events after `since`; those of the group the page shows on top (`top=`) join it, others open new groups."""
    rows = list(qs.filter(sequence__gt=since).order_by("sequence")[:LIVE_BATCH])
    top = request.GET.get("top", "")
    groups = group_events(list(reversed(rows)), links)
    known = [g for g in groups if g.key == top]
    fresh = [g for g in reversed(groups) if g.key != top]  # oldest first: each lands on top in turn
    context = tab_context(stack, "events", known=known, fresh=fresh, filters=filters,
                          since=max([since, *(r.sequence for r in rows)]), top=groups[0].key if groups else top,
                          new_count=len(rows))
    more = len(rows) == LIVE_BATCH
    return page(request, "stacks/stack_events.html", context, partial="events-live",
                status=200 if more else poll_status(stack))


def _filtered(qs, filters: dict):
    if filters["resource"]:
        qs = qs.filter(logical_id=filters["resource"])
    if filters["status"] in STATUS_FILTERS and filters["status"]:
        qs = qs.filter(status__endswith="_" + filters["status"])
    return qs


def _links(stack):
    """Invocation links of the resources that invoke functions (two queries, however many events)."""
    resources = list(StackResource.objects.filter(stack=stack).filter(
        Q(type__in=INVOKING_TYPES) | Q(type__startswith="Custom::")).only(
        "logical_id", "type", "status", "properties", "attributes", "context"))
    with_id = [r.logical_id for r in resources if invocation_id(r)]
    last = dict(StackEvent.objects.filter(stack=stack, logical_id__in=with_id).values("logical_id").annotate(
        last=Max("sequence")).values_list("logical_id", "last")) if with_id else {}
    return invocation_links(resources, last)
