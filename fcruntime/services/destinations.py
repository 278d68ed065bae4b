"""Async destinations: after the last attempt, call OnSuccess / OnFailure when it is a local function.

Event sent to the destination function (FC result-callback format):
{"timestamp", "requestContext": {"requestId", "functionArn", "condition", "approximateInvokeCount"},
 "requestPayload", "responseContext": {"statusCode", "functionError"}, "responsePayload"}.
Only `acs:fc:` function ARNs of the same account are delivered (MNS / EventBridge do not exist here);
any other ARN is recorded on the invocation as not delivered. A chain of destinations stops at
MAX_DEPTH so a function that is its own OnFailure cannot loop forever.
"""
from __future__ import annotations

import json
import logging
import time

from fcruntime.models import Function, Invocation
from fcruntime.services.common import function_arn, parse_function_arn

log = logging.getLogger(__name__)
MAX_DEPTH = 5
SOURCE_PREFIX = "destination:"


def _depth(inv: Invocation) -> int:
    if inv.source.startswith(SOURCE_PREFIX):
        try:
            return int(inv.source[len(SOURCE_PREFIX):].split(":")[0])
        except ValueError:
            return MAX_DEPTH
    return 0


def _text(data: bytes) -> str:
    return bytes(data).decode("utf-8", "replace")


def event_for(inv: Invocation, event: bytes) -> bytes:
    ok = inv.ok
    doc = {
        "timestamp": int(time.time()),
        "requestContext": {
            "requestId": inv.request_id,
            "functionArn": function_arn(inv.function.service.region, inv.account.account_id, inv.service_name,
                                        inv.function_name, inv.qualifier or "LATEST"),
            "condition": "" if ok else (inv.error_type or "UnhandledInvocationError"),
            "approximateInvokeCount": inv.attempt,
        },
        "requestPayload": _text(event),
        "responseContext": {"statusCode": 200, "functionError": "" if ok else inv.error_message},
        "responsePayload": _text(inv.result),
    }
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def deliver(inv: Invocation, cfg) -> None:
    dest = ((cfg.async_configuration or {}).get("Destination") or {})
    arn = dest.get("OnSuccess" if inv.ok else "OnFailure")
    if not arn or _depth(inv) >= MAX_DEPTH:
        return
    from fcruntime.services.invoke import full_event, start_invocation

    parts = parse_function_arn(arn)
    target = None
    if parts and parts["account"] in (inv.account.account_id, "*", ""):
        target = (Function.objects.select_related("service", "service__account")
                  .filter(service__account=inv.account, service__name=parts["service"], name=parts["function"])
                  .filter(service__region=parts["region"] or inv.function.service.region).first())
    if target is None:
        why = "not a local FC function ARN" if not parts else "destination function does not exist"
        Invocation.objects.filter(pk=inv.pk).update(destination=f"{arn} (not delivered: {why})"[:512])
        log.warning("destination %s of %s not delivered: %s", arn, inv.request_id, why)
        return
    try:
        event = full_event(inv)
    except OSError:
        event = bytes(inv.event)
    child = start_invocation(target, event_for(inv, event), qualifier=parts.get("qualifier") or "LATEST",
                             async_=True, source=f"{SOURCE_PREFIX}{_depth(inv) + 1}:{inv.request_id}")
    Invocation.objects.filter(pk=inv.pk).update(destination=arn[:512], destination_request_id=child.request_id)
