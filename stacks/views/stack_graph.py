"""Stack detail, Graph tab: the dependency graph as SVG (server-side layered layout), coloured by status."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.graph_layout import layout
from stacks.models import StackResource
from stacks.views.common import get_stack, page, poll_status, tab_context


def status_family(status: str) -> str:
    if status in ("CREATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE"):
        return "warn"
    if status.endswith("_FAILED"):
        return "fail"
    if status.endswith("_IN_PROGRESS"):
        return "busy"
    if status in ("INIT_COMPLETE", "DELETE_COMPLETE"):
        return "idle"
    return "ok"


@login_required
@require_GET
def stack_graph(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    rows = list(StackResource.objects.filter(stack=stack).order_by("id").values(
        "logical_id", "type", "status", "requires", "simulated"))
    placed = layout([r["logical_id"] for r in rows], {r["logical_id"]: r["requires"] or [] for r in rows})
    by_id = {r["logical_id"]: r for r in rows}
    nodes = [{"n": n, "r": by_id[n.id], "family": status_family(by_id[n.id]["status"]),
              "short_type": by_id[n.id]["type"].split("::")[-1]} for n in placed.nodes]
    context = tab_context(stack, "graph", graph=placed, nodes=nodes)
    status = poll_status(stack) if request.headers.get("HX-Target") == "graph-panel" else 200
    return page(request, "stacks/stack_graph.html", context, partial="graph-panel", status=status)
