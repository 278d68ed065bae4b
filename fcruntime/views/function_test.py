"""Function page, Test tab: an event editor, saved test events, samples per trigger type, and Invoke.

Saved test events live in the user's session (per function). Invoke runs through
fcruntime.services.invoke (the invocations queue), like every other caller.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from fcruntime import errors, services
from fcruntime.views.common import function_context, get_function, page, require_role
from fcruntime.views.invocation_display import invocation_view
from fcruntime.views.samples import SAMPLE_EVENTS

SESSION_KEY = "fc_test_events"
MAX_SAVED = 20


@login_required
@require_http_methods(["GET", "POST"])
def function_test(request: HttpRequest, service_name: str, function_name: str) -> HttpResponse:
    fn = get_function(request, service_name, function_name)
    saved = request.session.get(SESSION_KEY, {}).get(fn.function_id, {})
    event, result, error = _initial_event(request, saved), None, ""
    if request.method == "POST":
        require_role(request)
        event = request.POST.get("event", "")
        if request.POST.get("action") == "save":
            saved = _save(request, fn, request.POST.get("event_name", "").strip()[:64] or "event", event)
        else:
            try:
                result = invocation_view(services.invoke(fn, event, source="console"))
            except errors.FcError as exc:
                error = f"{exc.code}: {exc.message}"
    context = function_context(fn, "test", event=event, result=result, error=error, saved=saved,
                               samples=SAMPLE_EVENTS)
    return page(request, "fcruntime/function_test.html", context, partial="invoke-result")


def _initial_event(request: HttpRequest, saved: dict) -> str:
    if request.GET.get("saved") in saved:
        return saved[request.GET["saved"]]
    return SAMPLE_EVENTS.get(request.GET.get("sample", ""), SAMPLE_EVENTS["default"])[1]


def _save(request: HttpRequest, fn, name: str, event: str) -> dict:
    store = request.session.get(SESSION_KEY, {})
    events = store.get(fn.function_id, {})
    events[name] = event[:64 * 1024]
    while len(events) > MAX_SAVED:
        events.pop(next(iter(events)))
    store[fn.function_id] = events
    request.session[SESSION_KEY] = store
    return events
