"""Stack detail, Resources tab: logical id, physical id (linked), type, status, reason; polls while busy."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.models import StackResource
from stacks.views.common import get_stack, page, poll_status, tab_context
from stacks.views.resource_links import physical_link

FIELDS = ("logical_id", "type", "physical_id", "status", "status_reason", "simulated", "properties", "attributes",
          "updated_at", "created_at")


@login_required
@require_GET
def stack_resources(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    resources = list(StackResource.objects.filter(stack=stack).only(*FIELDS).order_by("id"))
    for resource in resources:
        resource.link = physical_link(resource)
    context = tab_context(stack, "resources", resources=resources)
    status = poll_status(stack) if request.headers.get("HX-Target") == "resources-table" else 200
    return page(request, "stacks/stack_resources.html", context, partial="resources-table", status=status)
