"""HTTP triggers: `/2016-08-15/proxy/<service>[.<qualifier>]/<function>/<path>` (fc-spec §4).

The view only checks and queues: the request becomes an Invocation (the body is the event, the request
line and headers travel in Invocation.http) on the `invocations` queue, and a worker runs the WSGI /
Node handler. `X-Fc-Invocation-Type: Async` answers 202 at once.

Which function: services are unique per account and region, the proxy path names neither. A Host of
`<accountId>.<region>.fc...` picks them (as FC's own endpoint does, when ALLOWED_HOSTS lets it in), or
the `X-Fc-Account-Id` header (as the FC SDKs send it); otherwise a function-auth signer's account;
otherwise the name must be unique among HTTP triggers.
"""
from __future__ import annotations

import base64
import json
import logging
import os
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from fcruntime import errors
from fcruntime.models import Invocation, Trigger

log = logging.getLogger(__name__)

PREFIX = "/2016-08-15/proxy/"
HEADER_LIMIT = 8 * 1024
URI_LIMIT = 4 * 1024
SYNC_BODY_LIMIT = 32 * 1024 * 1024
ASYNC_BODY_LIMIT = 128 * 1024
RESPONSE_HEADER_LIMIT = 8 * 1024
DROP_REQUEST_HEADERS = frozenset({"connection", "keep-alive"})
DROP_RESPONSE_HEADERS = frozenset({"connection", "content-length", "date", "keep-alive", "server",
                                   "transfer-encoding"})
SIGNED_URL_KEYS = ("x-fc-expires", "x-fc-access-key-id", "x-fc-signature", "x-fc-security-token")
_HOST_RE = re.compile(r"^(?P<account>\d{16})\.(?P<region>[a-z0-9-]+)\.")


class MethodNotAllowed(errors.FcError):
    code, status = "MethodNotAllowed", 405

    def __init__(self, method: str, allowed: list[str]):
        self.allowed = allowed
        super().__init__(f"method {method} is not allowed by this HTTP trigger; allowed: {', '.join(allowed)}")


class BadResponse(errors.FcError):
    code, status = "BadResponse", 502


class AmbiguousTrigger(errors.FcError):
    code, status = "InvalidArgument", 400


def _error(exc: errors.FcError, request_id: str) -> HttpResponse:
    response = HttpResponse(json.dumps(exc.body(), ensure_ascii=False).encode("utf-8"), status=exc.status,
                            content_type="application/json; charset=utf-8")
    response["X-Fc-Request-Id"] = request_id
    if isinstance(exc, MethodNotAllowed):
        response["Allow"] = ", ".join(exc.allowed)
    return response


# --- which trigger ----------------------------------------------------------------------------------

def _candidates(service: str, qualifier: str, function: str, host: str, account_id: str = "") -> list[Trigger]:
    qs = (Trigger.objects.select_related("function", "function__service", "function__service__account")
          .filter(trigger_type="http", qualifier=qualifier, function__name=function, function__service__name=service))
    m = _HOST_RE.match(host or "")
    if m:
        qs = qs.filter(function__service__account__account_id=m.group("account"),
                       function__service__region=m.group("region"))
    elif account_id:
        qs = qs.filter(function__service__account__account_id=account_id)
    return list(qs.order_by("created_at"))


def _split_target(target: str) -> tuple[str, str]:
    service, _, qualifier = target.partition(".")
    return service, qualifier or "LATEST"


# --- auth ---------------------------------------------------------------------------------------------

def _signed_url_caller(request: HttpRequest):
    """Verify `x-fc-expires/x-fc-access-key-id/x-fc-signature` query parameters (signed URL)."""
    from fcruntime.api import errors as api_errors
    from fcruntime.api import signing
    from fcruntime.api.auth import _resolve_key, proxy_queries
    from fcruntime.api.auth import Caller

    pairs = proxy_queries(request.META.get("QUERY_STRING", ""))
    params = {k: (v[0] if v else "") for k, v in pairs}
    expires, key_id, sig = params.get("x-fc-expires", ""), params.get("x-fc-access-key-id", ""), params.get(
        "x-fc-signature", "")
    if not (expires and key_id and sig):
        raise api_errors.MissingRequiredHeader("Authorization (or x-fc-expires, x-fc-access-key-id and "
                                               "x-fc-signature query parameters)")
    if not expires.isdigit() or int(expires) < time.time():
        raise errors.AccessDenied(f"the signed URL expired at {expires}")
    key, membership = _resolve_key(key_id)
    resource = signing.canonical_resource(request.path, [(k, v) for k, v in pairs if k != "x-fc-signature"])
    headers = {k.lower(): v for k, v in request.headers.items()}
    fc_headers = {k: v for k, v in headers.items() if k.startswith("x-fc-")}
    texts = [signing.string_to_sign(request.method or "GET", {**fc_headers, **{
        "content-md5": headers.get("content-md5", ""), "content-type": headers.get("content-type", ""),
        "date": expires}}, resource),
        signing.string_to_sign(request.method or "GET", {**fc_headers, "date": expires}, resource)]
    if not any(signing.signatures_match(key.secret, text, sig) for text in texts):
        raise api_errors.SignatureNotMatch()
    return Caller(account=key.account, user=key.user, access_key=key, membership=membership)


def authenticate(request: HttpRequest):
    from fcruntime.api.auth import authenticate as signed_header

    if request.headers.get("Authorization"):
        return signed_header(request, proxy=True)
    return _signed_url_caller(request)


# --- request -> invocation ------------------------------------------------------------------------

def _headers(request: HttpRequest) -> list[list[str]]:
    out = []
    for key, value in request.headers.items():
        lower = key.lower()
        if lower in DROP_REQUEST_HEADERS or lower.startswith("x-fc-"):
            continue
        out.append([key, value])
    return out


def _check_limits(request: HttpRequest) -> None:
    size = sum(len(k) + len(v) for k, v in request.headers.items())
    if size > HEADER_LIMIT:
        raise errors.InvalidArgument(f"request headers are {size} bytes; the limit is {HEADER_LIMIT} bytes")
    uri = request.get_full_path()
    if len(uri) > URI_LIMIT:
        raise errors.InvalidArgument(f"the path and query are {len(uri)} bytes; the limit is {URI_LIMIT} bytes")


def _body(request: HttpRequest, limit: int) -> bytes:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    length = int(declared) if declared.isdigit() else 0
    if length > limit:
        raise errors.InvalidArgument(f"the request body is {length} bytes; the limit is {limit} bytes")
    data = request._body if hasattr(request, "_body") else request.read(limit + 1)  # noqa: SLF001
    if len(data) > limit:
        raise errors.InvalidArgument(f"the request body exceeds the limit of {limit} bytes")
    return data


def http_meta(request: HttpRequest, rest: str) -> dict:
    return {"method": (request.method or "GET").upper(), "path": rest or "/",
            "query": request.META.get("QUERY_STRING", ""), "headers": _headers(request),
            "client_ip": request.META.get("REMOTE_ADDR", ""), "request_uri": request.get_full_path()}


# --- invocation -> response -----------------------------------------------------------------------

def _response_headers(inv: Invocation) -> list[tuple[str, str]]:
    raw = ((inv.http or {}).get("response") or {}).get("headers") or []
    out = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            continue
        name, value = str(pair[0]), str(pair[1])
        lower = name.lower()
        if lower in DROP_RESPONSE_HEADERS or lower.startswith("x-fc-"):
            continue
        if lower == "content-disposition" and value.strip().lower().startswith("attachment"):
            continue
        out.append((name, value))
    if sum(len(k) + len(v) for k, v in out) > RESPONSE_HEADER_LIMIT:
        raise BadResponse(f"the function's response headers exceed {RESPONSE_HEADER_LIMIT} bytes")
    return out


def _fc_headers(response: HttpResponse, inv: Invocation) -> None:
    response["X-Fc-Request-Id"] = inv.request_id
    response["X-Fc-Invocation-Duration"] = str(int(inv.duration_ms))
    response["X-Fc-Max-Memory-Usage"] = f"{inv.max_memory_mb:.2f}"
    response["X-Fc-Code-Checksum"] = inv.code_checksum
    if inv.instance_id:
        response["X-Fc-Instance-Id"] = inv.instance_id


def build_response(inv: Invocation, log_type: str = "") -> HttpResponse:
    from fcruntime.services.invoke import payload_of

    if not inv.ok:
        response = HttpResponse(payload_of(inv) or json.dumps(inv.error_json()).encode(), status=502,
                                content_type="application/json; charset=utf-8")
        response["X-Fc-Error-Type"] = inv.fc_error_type
    else:
        status = ((inv.http or {}).get("response") or {}).get("status")
        response = HttpResponse(payload_of(inv), status=int(status or 200))
        if "Content-Type" in response:
            del response["Content-Type"]
        cookies = SimpleCookie()
        for name, value in _response_headers(inv):
            if name.lower() == "set-cookie":
                cookies.load(value)
            elif name in response:
                response[name] = f"{response[name]}, {value}"
            else:
                response[name] = value
        for morsel in cookies.values():
            response.cookies[morsel.key] = morsel
        if "Content-Type" not in response:
            response["Content-Type"] = "application/octet-stream"
    _fc_headers(response, inv)
    if log_type.lower() == "tail":
        response["X-Fc-Log-Result"] = base64.b64encode(inv.log_tail.encode("utf-8")).decode("ascii")
    return response


# --- the view -------------------------------------------------------------------------------------

def resolve_trigger(request: HttpRequest, target: str, function: str) -> tuple[Trigger, object | None]:
    """(trigger, caller) for this request; raises FC errors (404, 403, 400)."""
    service, qualifier = _split_target(target)
    found = _candidates(service, qualifier, function, request.META.get("HTTP_HOST", ""),
                        request.headers.get("X-Fc-Account-Id", "").strip())
    if not found:
        if not Trigger.objects.filter(function__name=function, function__service__name=service).exists():
            from fcruntime.models import Function

            if not Function.objects.filter(name=function, service__name=service).exists():
                raise errors.FunctionNotFound(function, service)
        raise errors.TriggerNotFound(f"<http trigger for {qualifier}>", service, function)
    caller = None
    needs_auth = any(t.trigger_config.get("authType") == "function" for t in found)
    if needs_auth and (request.headers.get("Authorization") or "x-fc-signature" in request.GET):
        caller = authenticate(request)
        mine = [t for t in found if t.function.service.account_id == caller.account.pk]
        found = mine or found
    if len(found) > 1:
        raise AmbiguousTrigger(
            f"several accounts have an HTTP trigger on {target}/{function}; name the account with the "
            f"X-Fc-Account-Id header (or the Host '<accountId>.<region>.fc...'), or sign the request")
    trigger = found[0]
    if trigger.trigger_config.get("authType") == "function":
        if caller is None:
            caller = authenticate(request)
        if caller.account.pk != trigger.function.service.account_id:
            raise errors.AccessDenied(f"the access key of account {caller.account.account_id} may not invoke "
                                      f"{target}/{function}")
    return trigger, caller


# Under ASGI `start` runs on these threads, not on the new thread Django's thread-sensitive mode gives
# each request. Each thread keeps its database connection for START_CONN_MAX_AGE seconds (with health
# checks; closed before and after every use by Django's request rules, close_old_connections) instead
# of opening one per request: ~2 ms of CPU on SQLite (PRAGMAs, Django's SQL functions), as
# rosconsole.celery does for worker processes. Other ASGI requests keep the configured CONN_MAX_AGE.
START_THREADS = int(os.environ.get("ROSCONSOLE_FC_TRIGGER_THREADS", "4"))
START_CONN_MAX_AGE = 60
_start_pool: ThreadPoolExecutor | None = None


def _keep_connections() -> None:
    from django.db import connections

    for alias in connections:
        conn = connections[alias]  # this thread's wrapper; the settings dict is shared, so copy it
        if not conn.settings_dict.get("CONN_MAX_AGE"):
            conn.settings_dict = dict(conn.settings_dict, CONN_MAX_AGE=START_CONN_MAX_AGE, CONN_HEALTH_CHECKS=True)


def start_pool() -> ThreadPoolExecutor:
    global _start_pool
    if _start_pool is None:
        _start_pool = ThreadPoolExecutor(max_workers=max(1, START_THREADS), thread_name_prefix="fc-trigger",
                                         initializer=_keep_connections)
    return _start_pool


def start_on_pool(request: HttpRequest, target: str, function: str, rest: str, request_id: str):
    close_old_connections()
    try:
        return start(request, target, function, rest, request_id)
    finally:
        close_old_connections()


def start(request: HttpRequest, target: str, function: str, rest: str, request_id: str):
    """Everything before the wait: checks, then the queued Invocation (or the finished answer)."""
    from fcruntime.services.invoke import start_invocation, sync_timeout

    try:
        _check_limits(request)
        trigger, _caller = resolve_trigger(request, target, function)
        allowed = [str(m).upper() for m in trigger.trigger_config.get("methods") or []]
        method = (request.method or "GET").upper()
        if method not in allowed:
            raise MethodNotAllowed(method, allowed)
        async_ = request.headers.get("X-Fc-Invocation-Type", "").lower() == "async"
        body = _body(request, ASYNC_BODY_LIMIT if async_ else SYNC_BODY_LIMIT)
        inv = start_invocation(trigger.function, body, qualifier=trigger.qualifier, async_=async_,
                               source=f"trigger:{trigger.name}", http=http_meta(request, rest))
        if async_:
            response = HttpResponse(b"", status=202)
            response["X-Fc-Request-Id"] = inv.request_id
            return response
        return inv, sync_timeout(trigger.function)
    except Exception as exc:  # noqa: BLE001 - the proxy answers FC error JSON, never an HTML 500
        return _failure(exc, request, request_id)


def finish(request: HttpRequest, inv: Invocation, message: bytes | None, timeout_s: float,
           request_id: str) -> HttpResponse:
    from fcruntime.services.invoke import finish_wait

    try:
        inv = finish_wait(inv, message, timeout_s)
    except Exception as exc:  # noqa: BLE001
        return _failure(exc, request, request_id)
    return respond(request, inv, request_id)


def respond(request: HttpRequest, inv: Invocation, request_id: str) -> HttpResponse:
    """The response of a finished invocation. No database: the proxy calls it on the event loop."""
    from fcruntime.services.invoke import with_log_result

    log_type = request.headers.get("X-Fc-Log-Type", "")
    try:
        return build_response(with_log_result(inv, log_type), log_type)
    except Exception as exc:  # noqa: BLE001
        return _failure(exc, request, request_id)


def _failure(exc: Exception, request: HttpRequest, request_id: str) -> HttpResponse:
    if isinstance(exc, errors.FcError):
        return _error(exc, request_id)
    from fcruntime.api.http import ApiRequest, _map_exception

    return _error(_map_exception(exc, ApiRequest(http=request, request_id=request_id)), request_id)


@csrf_exempt
async def proxy(request: HttpRequest, target: str, function: str, rest: str = "") -> HttpResponse:
    """Async so that a request waiting for its function holds no thread: Django runs sync views one at
    a time on a single thread under ASGI, which capped HTTP-trigger throughput at one call in flight.

    Only `start` (queries, the INSERT, the send) runs on a thread (`start_pool`). The answer is built on
    the event loop when the worker's completion message carries the final row inline (the usual case);
    otherwise (no message, a spooled result) `finish` reads the row on a thread."""
    from asgiref.sync import sync_to_async

    from fcruntime.services import completion

    request_id = str(uuid.uuid4())
    if isinstance(request, ASGIRequest):   # under ASGI the thread-sensitive thread is a new one per request
        begin = sync_to_async(start_on_pool, thread_sensitive=False, executor=start_pool())
    else:                                  # WSGI / the test Client: the calling thread, with its connection
        begin = sync_to_async(start)
    started = await begin(request, target, function, rest or "/", request_id)
    if isinstance(started, HttpResponse):
        return started
    inv, timeout_s = started
    message = None if inv.is_terminal else await completion.wait_message_async(inv.request_id, timeout_s)
    if message is not None and completion.apply(inv, message) and inv.result_size <= len(inv.result):
        return respond(request, inv, request_id)
    return await sync_to_async(finish)(request, inv, message, timeout_s, request_id)
