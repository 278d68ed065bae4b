"""Function page, Triggers tab: each trigger's type and config, the HTTP URL, timer fire times.

"Fire now" and "Send test event" appear when fcruntime.services offers them (fire_trigger /
send_test_event, added with the trigger engine); until then the tab shows what exists.
"""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fcruntime import errors, services
from fcruntime.views.common import function_context, get_function, page, require_role

ACTIONS = {"fire": "fire_trigger", "test": "send_test_event"}
NEXT_TIMES = 5


def next_fire_times(trigger) -> list:
    """The next few times a timer trigger fires (from its cron schedule); [] when it cannot say."""
    from django.utils import timezone

    from fcruntime.triggers import timer

    times, when = [], timezone.now()
    for _ in range(NEXT_TIMES):
        when = timer.next_fire(trigger, when)
        if when is None:
            break
        times.append(when)
    return times


@login_required
@require_http_methods(["GET", "POST"])
def function_triggers(request: HttpRequest, service_name: str, function_name: str) -> HttpResponse:
    fn = get_function(request, service_name, function_name)
    if request.method == "POST":
        return _act(request, fn)
    triggers = list(fn.triggers.order_by("name"))
    for t in triggers:
        t.config_text = json.dumps(t.trigger_config, indent=2, ensure_ascii=False)
        t.url = services.http_url(t) if t.trigger_type == "http" else ""
        t.next_times = next_fire_times(t) if t.trigger_type == "timer" and t.enabled else []
    available = {key: hasattr(services, name) for key, name in ACTIONS.items()}
    return page(request, "fcruntime/function_triggers.html",
                function_context(fn, "triggers", triggers=triggers, available=available))


def _act(request: HttpRequest, fn) -> HttpResponse:
    require_role(request)
    action = ACTIONS.get(request.POST.get("action", ""))
    trigger = fn.triggers.filter(name=request.POST.get("trigger", "")).first()
    if trigger is None or action is None or not hasattr(services, action):
        raise Http404("No such trigger action.")
    try:
        getattr(services, action)(trigger)
        messages.success(request, f"Trigger {trigger.name}: done. See the Invocations tab.")
    except errors.FcError as exc:
        messages.error(request, f"{exc.code}: {exc.message}")
    return redirect("fc:function-triggers", fn.service.name, fn.name)
