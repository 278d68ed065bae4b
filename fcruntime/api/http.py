"""The FC API's HTTP plumbing: one `endpoint()` per path, dispatching by method.

Every response carries `X-Fc-Request-Id`. Every error is `{"ErrorCode", "ErrorMessage"}` JSON —
the SDK calls `r.json()` on any 4xx/5xx, so nothing here may answer HTML. Unknown exceptions are
logged and become a structured 500 `InternalServerError`.
"""
from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.db import IntegrityError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from fcruntime import errors
from fcruntime.api import errors as api_errors

log = logging.getLogger("fcruntime.api")

DEFAULT_BODY_LIMIT = 1024 * 1024
RETRIED_BY_SDK = frozenset({"GET", "PUT", "DELETE", "HEAD"})  # fc2 retries 500/502/504 on these


@dataclass
class ApiRequest:
    """What a handler gets: the Django request, the authenticated caller and the body bytes."""

    http: HttpRequest
    request_id: str
    caller: Any = None  # fcruntime.api.auth.Caller
    body: bytes = b""
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def account(self):
        return self.caller.account

    @property
    def method(self) -> str:
        return self.http.method or "GET"

    def header(self, name: str, default: str = "") -> str:
        return self.http.headers.get(name, default)

    def json(self) -> dict:
        """The body as a JSON object ({} when empty)."""
        if not self.body.strip():
            return {}
        try:
            doc = json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise api_errors.InvalidJSON(f"the request body is not valid JSON: {exc}") from None
        if not isinstance(doc, dict):
            raise api_errors.InvalidJSON("the request body must be a JSON object")
        return doc

    def query(self, name: str, default: str | None = None) -> str | None:
        return self.http.GET.get(name, default)


Handler = Callable[..., HttpResponse]


def iso(value: datetime | None) -> str | None:
    """`2020-04-01T08:15:27Z` — the FC 2.0 timestamp format."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def etag_for(*parts: object) -> str:
    return hashlib.md5("|".join(str(p) for p in parts).encode()).hexdigest()


def json_response(data: Any, status: int = 200, etag: str | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False).encode("utf-8"), status=status,
                            content_type="application/json; charset=utf-8")
    if etag:
        response["ETag"] = etag
    return response


def no_content() -> HttpResponse:
    return HttpResponse(status=204)


def error_response(exc: errors.FcError, request_id: str) -> HttpResponse:
    response = json_response(exc.body(), status=exc.status)
    response["X-Fc-Request-Id"] = request_id
    return response


def check_if_match(req: ApiRequest, current_etag: str) -> None:
    wanted = req.header("If-Match")
    if wanted and wanted.strip().strip('"') not in (current_etag, "*"):
        raise api_errors.PreconditionFailed()


def _read_body(request: HttpRequest, limit: int) -> bytes:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(declared)
    except ValueError:
        raise api_errors.InvalidHeader(f"Content-Length '{declared}' is not a number") from None
    if length > limit:
        raise errors.EntityTooLarge.for_limit(limit)
    if hasattr(request, "_body"):  # something read it already
        data = request._body
    else:
        data = request.read(limit + 1)
    if len(data) > limit:
        raise errors.EntityTooLarge.for_limit(limit)
    return data


def _map_exception(exc: BaseException, req: ApiRequest) -> errors.FcError:
    if isinstance(exc, errors.FcError):
        if exc.status >= 500:
            log.error("FC API %s %s -> %s", req.method, req.http.path, exc)
        return exc
    if isinstance(exc, RequestDataTooBig):
        return errors.EntityTooLarge(str(exc))
    if isinstance(exc, IntegrityError):
        log.warning("FC API %s %s: integrity error %s", req.method, req.http.path, exc)
        return api_errors.ConcurrentUpdateError(
            "the resource was changed by a concurrent request; retry")
    if isinstance(exc, ObjectDoesNotExist):
        log.warning("FC API %s %s: %s", req.method, req.http.path, exc)
        return api_errors.ResourceNotFound(str(exc) or "the resource does not exist")
    log.exception("FC API %s %s failed (request %s)", req.method, req.http.path, req.request_id)
    message = "an internal error has occurred. Please retry."
    if req.method in RETRIED_BY_SDK and not isinstance(exc, OperationalError):
        return api_errors.InternalErrorNoRetry(message)
    return errors.InternalServerError(message)  # POST, or a transient database error worth the SDK's retry


def endpoint(*, authenticated: bool = True, body_limit: int | Callable[[HttpRequest], int] = DEFAULT_BODY_LIMIT,
             **handlers: Handler) -> Callable[..., HttpResponse]:
    """A view serving the given methods, e.g. `endpoint(GET=get_service, PUT=update_service)`."""
    from fcruntime.api.auth import authenticate  # late: auth imports models

    table = {method.upper(): handler for method, handler in handlers.items()}

    @csrf_exempt
    def view(request: HttpRequest, **kwargs: str) -> HttpResponse:
        req = ApiRequest(http=request, request_id=str(uuid.uuid4()))
        try:
            handler = table.get(req.method)
            if handler is None:
                raise api_errors.PathNotSupported(req.method, request.path)
            if authenticated:
                req.caller = authenticate(request)
            limit = body_limit(request) if callable(body_limit) else body_limit
            req.body = _read_body(request, limit)
            if authenticated:
                from fcruntime.api.auth import check_content_md5, check_role

                check_content_md5(request, req.body)
                check_role(req.caller, req.method)
            response = handler(req, **kwargs)
        except Exception as exc:  # noqa: BLE001 — every failure becomes the FC error envelope
            return error_response(_map_exception(exc, req), req.request_id)
        response.setdefault("X-Fc-Request-Id", req.request_id)
        for name, value in req.extra_headers.items():
            response[name] = value
        return response

    view.fc_methods = tuple(table)  # type: ignore[attr-defined]
    return view


@csrf_exempt
def not_supported(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything the route table does not know: a JSON PathNotSupported, never Django's HTML 404."""
    return error_response(api_errors.PathNotSupported(request.method or "GET", request.path), str(uuid.uuid4()))
