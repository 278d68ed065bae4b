"""`/` serves two audiences: ROS API clients (signed RPC calls) and browsers (the console)."""
from __future__ import annotations

from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt


def is_ros_api_call(request) -> bool:
    return bool(request.headers.get("x-acs-action") or request.GET.get("Action") or request.POST.get("Action"))


@csrf_exempt
def root(request):
    if is_ros_api_call(request):
        from stacks.api.dispatch import handle  # the API is optional at import time of the console

        return handle(request)
    if not request.user.is_authenticated:
        return redirect("/accounts/login/?next=/stacks/")
    return redirect("/stacks/")
