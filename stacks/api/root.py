"""`/` serves two audiences: ROS API clients (signed RPC calls) and browsers (the console)."""
from __future__ import annotations

from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt


def is_ros_api_call(request) -> bool:
    if request.headers.get("x-acs-action") or request.GET.get("Action"):
        return True
    if request.method != "POST":
        return False
    try:
        # Cache the raw body before request.POST parses it: the API signs the exact bytes, and
        # Django cannot hand out the body once a multipart stream has been consumed.
        request.body
    except Exception:  # too large or unreadable: the API layer answers with a coded error
        return True
    return bool(request.POST.get("Action"))


@csrf_exempt
def root(request):
    if is_ros_api_call(request):
        from stacks.api.dispatch import handle  # the API is optional at import time of the console

        return handle(request)
    if not request.user.is_authenticated:
        return redirect("/accounts/login/?next=/stacks/")
    return redirect("/stacks/")
