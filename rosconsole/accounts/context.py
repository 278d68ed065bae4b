"""Template context for the console shell: account, role and region selector."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from rosconsole.accounts.access import SESSION_REGION_KEY, current_membership


def console(request) -> dict:
    context = {"regions": settings.ROSCONSOLE_REGIONS, "current_region": settings.ROSCONSOLE_DEFAULT_REGION}
    if getattr(request, "user", None) is None or not request.user.is_authenticated:
        return context
    context["current_region"] = request.session.get(SESSION_REGION_KEY, settings.ROSCONSOLE_DEFAULT_REGION)
    try:
        membership = current_membership(request)
    except PermissionDenied:
        return context
    context.update(
        current_account=membership.account,
        current_role=membership.role,
        can_change=membership.allows("operator"),
        memberships=list(request.user.memberships.select_related("account")),
    )
    return context
