"""ALIYUN::FC::FunctionInvoker: invoke a function when ExecuteVersion is set (create) or changed (update).

The provider runs in a `stacks` worker and never blocks it: it queues the invocation on the
`invocations` queue, answers in_progress({"invocation": <request id>}, 0.2), and on the next call
reads the Invocation row. Ref (physical id) = a generated id, stable across updates.

Attributes (fc-spec 1.3): ResultType NoResult (async, or nothing invoked) / Success / Failure;
Result = the function's response (UTF-8) for Success, the error message for Failure, null otherwise.
"""
from __future__ import annotations

import json
import time
import uuid

from fcruntime import errors, services
from fcruntime.models import Invocation
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done, failed, in_progress

POLL_S = 0.2
WAIT_MARGIN_S = 120.0  # beyond the function timeout, for the queue and a cold start


def _number(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _is_integer(value) -> bool:
    number = _number(value)
    return number is not None and number == int(number)


def no_result() -> dict:
    return {"ResultType": "NoResult", "Result": None}


class FunctionInvokerProvider(Provider):
    TYPE = "ALIYUN::FC::FunctionInvoker"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True),
        "FunctionName": Prop("String", required=True),
        "Qualifier": Prop("String"),
        "Async": Prop("Boolean", default=False),
        "Event": Prop("String"),
        "ExecuteVersion": Prop("Integer"),
        "CheckError": Prop("Boolean", default=False, update="replace"),
        "ServiceRegionId": Prop("String", update="replace"),
        "CheckAsyncInvocation": Prop("Map", update="replace"),
    }
    ATTRIBUTES = ("ResultType", "Result")
    MAX_STEP_SECONDS = 900

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        if request.context.get("invocation"):
            return self._poll(request)
        p = props(self, request)
        physical = f"invoker-{uuid.uuid4().hex}"
        if p.get("ExecuteVersion") is None:
            return done(physical, no_result())
        return self._start(request, p, physical)

    @fc_step
    def update(self, request: ProviderRequest) -> StepResult:
        if request.context.get("invocation"):
            return self._poll(request)
        p = props(self, request)
        old = props(self, request, old=True)
        new_version = p.get("ExecuteVersion")
        if _is_integer(new_version) and _number(new_version) != _number(old.get("ExecuteVersion")):
            return self._start(request, p, request.physical_id)
        return done(request.physical_id, request.attributes or no_result())

    def delete(self, request: ProviderRequest) -> StepResult:
        return done(request.physical_id)  # nothing to undo; deleting an invoker invokes nothing

    # --- helpers ----------------------------------------------------------------------------------

    def _start(self, request: ProviderRequest, p: dict, physical: str | None) -> StepResult:
        event = p.get("Event")
        if event is None:
            event = ""
        elif not isinstance(event, str):  # a template may pass a map/number: send its JSON text
            event = json.dumps(event, ensure_ascii=False)
        event_bytes = event.encode("utf-8")
        is_async = bool(p.get("Async"))
        try:
            fn = services.find_function(account(request), p["ServiceName"], p["FunctionName"],
                                        p.get("ServiceRegionId") or request.region)
            inv = services.start_invocation(fn, event_bytes, qualifier=p.get("Qualifier") or "LATEST",
                                            async_=is_async, source="invoker")
        except errors.FcError as exc:  # an API error is a Failure result (fc-spec 1.3), fatal with CheckError
            if p.get("CheckError"):
                return failed(str(exc))
            return done(physical, {"ResultType": "Failure", "Result": exc.message})
        check = p.get("CheckAsyncInvocation") or {}
        if is_async and not check.get("Enabled"):
            return done(physical, no_result())
        timeout = fn.timeout + (fn.initialization_timeout if fn.initializer else 0)
        if is_async:  # wait for every attempt, checking every CheckInterval s at most CheckTimes times
            interval = max(10.0, float(check.get("CheckInterval") or 10))
            times = int(check.get("CheckTimes") or 10)
            ctx = {"invocation": inv.request_id, "physical_id": physical, "interval": interval,
                   "checks_left": times, "deadline": time.time() + interval * times}
            return in_progress(ctx, delay_s=POLL_S)
        ctx = {"invocation": inv.request_id, "physical_id": physical,
               "deadline": time.time() + timeout + WAIT_MARGIN_S}
        return in_progress(ctx, delay_s=POLL_S)

    def _poll(self, request: ProviderRequest) -> StepResult:
        ctx = dict(request.context)
        p = props(self, request)
        inv = Invocation.objects.filter(account=account(request), request_id=ctx["invocation"]).first()
        if inv is None:
            return failed(str(errors.InvocationNotFound(ctx["invocation"])))
        physical = ctx.get("physical_id") or request.physical_id
        if not inv.is_terminal:
            if time.time() > float(ctx.get("deadline") or 0):
                return failed(f"The invocation {inv.request_id} of function {inv.service_name}/{inv.function_name} "
                              f"did not finish in time (status {inv.status})")
            if "interval" in ctx:
                ctx["checks_left"] = int(ctx.get("checks_left", 1)) - 1
                if ctx["checks_left"] < 0:
                    return failed(f"The async invocation {inv.request_id} did not finish within "
                                  f"CheckTimes x CheckInterval")
                return in_progress(ctx, delay_s=float(ctx["interval"]))
            return in_progress(ctx, delay_s=POLL_S)
        if inv.invocation_type == "Async":
            if not inv.ok:
                return failed(inv.error_message or f"The async invocation {inv.request_id} failed")
            return done(physical, _with_id(no_result(), inv))
        if inv.ok:
            try:
                text = services.payload_of(inv).decode("utf-8")
            except UnicodeDecodeError:
                message = "The function result is not valid UTF-8 (base64-encode binary results)"
                if p.get("CheckError"):
                    return failed(message)
                return done(physical, _with_id({"ResultType": "Failure", "Result": message}, inv))
            return done(physical, _with_id({"ResultType": "Success", "Result": text}, inv))
        message = inv.error_message or f"Function invocation failed ({inv.error_type})"
        if p.get("CheckError"):
            return failed(message)
        return done(physical, _with_id({"ResultType": "Failure", "Result": message}, inv))


def _with_id(attributes: dict, inv) -> dict:
    """Keep the request id of the invocation that produced the result, so the console can link the
    resource's event to that exact invocation record (not a ROS attribute: templates cannot GetAtt it)."""
    return {**attributes, "InvocationRequestId": inv.request_id}
