"""Console shell views: home, region and account switch."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from rosconsole.accounts.access import SESSION_ACCOUNT_KEY, SESSION_REGION_KEY, membership_for


@require_GET
@login_required
def home(request):
    return redirect("/stacks/")


def _back(request):
    target = request.POST.get("next") or request.headers.get("Referer") or "/stacks/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/stacks/"
    return redirect(target)


@require_POST
@login_required
def select_region(request):
    region = request.POST.get("region", "")
    if region not in settings.ROSCONSOLE_REGIONS:
        return HttpResponseBadRequest(f"Unknown region {region!r}")
    request.session[SESSION_REGION_KEY] = region
    return _back(request)


@require_POST
@login_required
def select_account(request):
    account_id = request.POST.get("account", "")
    membership = membership_for(request.user, account_id)
    if membership is None or membership.account.account_id != account_id:
        return HttpResponseBadRequest("You are not a member of that account")
    request.session[SESSION_ACCOUNT_KEY] = account_id
    return _back(request)
