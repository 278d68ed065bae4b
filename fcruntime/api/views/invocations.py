"""InvokeFunction: `POST /services/{s[.q]}/functions/{f}/invocations` (fc-spec §7.3).

Sync: 200 with the function's result bytes; a function error is still 200, flagged by
`X-Fc-Error-Type`, with the error JSON as body. Async: 202, empty body, the request id to poll.
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from fcruntime import errors
from fcruntime.api.http import ApiRequest
from fcruntime.api.views.common import get_function, split_qualifier
from fcruntime import services
from fcruntime.services.invoke import ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT


def _is_async(request: HttpRequest) -> bool:
    value = (request.headers.get("X-Fc-Invocation-Type") or "Sync").strip().lower()
    if value not in ("sync", "async"):
        raise errors.InvalidArgument(f"X-Fc-Invocation-Type must be Sync or Async, got '{value}'")
    return value == "async"


def body_limit(request: HttpRequest) -> int:
    """The payload limit is known from the headers, before the body is read."""
    try:
        async_ = _is_async(request)
    except errors.FcError:
        async_ = False  # the handler reports the bad header
    return ASYNC_PAYLOAD_LIMIT if async_ else SYNC_PAYLOAD_LIMIT


def _log_type(req: ApiRequest) -> str:
    value = (req.header("X-Fc-Log-Type") or "None").strip()
    if value.lower() not in ("none", "tail"):
        raise errors.InvalidArgument(f"X-Fc-Log-Type must be None or Tail, got '{value}'")
    return "Tail" if value.lower() == "tail" else "None"


def invoke_function(req: ApiRequest, service: str, function: str) -> HttpResponse:
    async_ = _is_async(req.http)
    log_type = _log_type(req)
    name, qualifier = split_qualifier(service)
    fn = get_function(req, name, function)
    qualifier = qualifier or "LATEST"
    if async_:
        inv = services.start_invocation(fn, req.body, qualifier=qualifier, async_=True, source="api",
                                              request_id=req.request_id)
        response = HttpResponse(b"", status=202)
        response["X-Fc-Request-Id"] = inv.request_id
        response["X-Fc-Invocation-Service-Version"] = inv.version_id or "LATEST"
        return response
    inv = services.invoke(fn, req.body, qualifier=qualifier, async_=False, source="api", log_type=log_type)
    req.request_id = inv.request_id
    response = HttpResponse(services.payload_of(inv), status=200, content_type="application/octet-stream")
    response["X-Fc-Request-Id"] = inv.request_id
    response["X-Fc-Code-Checksum"] = inv.code_checksum
    response["X-Fc-Invocation-Duration"] = str(int(round(inv.duration_ms)))
    response["X-Fc-Max-Memory-Usage"] = f"{inv.max_memory_mb:.2f}"
    response["X-Fc-Instance-Id"] = inv.instance_id
    response["X-Fc-Invocation-Service-Version"] = inv.version_id or "LATEST"
    if not inv.ok:
        response["X-Fc-Error-Type"] = inv.fc_error_type
    log_result = getattr(inv, "log_result", None)
    if log_type == "Tail" and log_result is not None:
        response["X-Fc-Log-Result"] = log_result
    return response
