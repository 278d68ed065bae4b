"""Entry point of the ROS OpenAPI: parse, authenticate, dispatch to the action, answer JSON.

Every answer carries `RequestId` (upper-case UUID, also in the `x-acs-request-id` header); errors use the
Alibaba envelope `{RequestId, HostId, Code, Message, Recommend}` with the spec's HTTP status.
"""
from __future__ import annotations

import json
import logging
import uuid
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from stacks.api import signing
from stacks.api.actions import ACTIONS
from stacks.api.auth import authenticate
from stacks.api.context import ApiContext
from stacks.api.errors import ApiError, error_body, status_for
from stacks.api.params import Params, merge

log = logging.getLogger(__name__)
VERSION = "2019-09-10"


def new_request_id() -> str:
    return str(uuid.uuid4()).upper()


def json_response(body: dict[str, Any], status: int, request_id: str) -> HttpResponse:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
    response = HttpResponse(payload, status=status, content_type="application/json;charset=utf-8")
    response["x-acs-request-id"] = request_id
    return response


def signed_request(request: HttpRequest) -> signing.SignedRequest:
    try:
        body = request.body  # read before anything touches request.POST
    except RequestDataTooBig:
        raise ApiError("InvalidParameter", f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} "
                                           "bytes (TemplateBody may be at most 524288 bytes).") from None
    query = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True, encoding="utf-8",
                      errors="strict")
    form: list[tuple[str, str]] = []
    if body and request.content_type == "application/x-www-form-urlencoded":
        try:
            form = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise ApiError("InvalidParameter", "The request body is not valid UTF-8 form data.") from None
    headers = {name.lower(): value for name, value in request.headers.items()}
    return signing.SignedRequest(method=request.method or "GET", path=request.path, query=query, form=form,
                                 headers=headers, body=body)


def domain_error(exc: Exception) -> ApiError | None:
    """stacks.errors.StackError and stacks.template TemplateError -> ApiError (others: None)."""
    from stacks.errors import StackError
    from stacks.template import TemplateError

    if isinstance(exc, StackError):
        return ApiError(exc.code, exc.message, exc.http_status)
    if isinstance(exc, TemplateError):
        message = exc.message if not exc.path else f"{exc.message} (path: {exc.path})"
        return ApiError(exc.code, message, status_for(exc.code))
    return None


def handle(request: HttpRequest) -> HttpResponse:
    request_id = new_request_id()
    try:
        body = _handle(request, request_id)
    except ApiError as exc:
        return json_response(error_body(exc.code, exc.message, request_id), exc.status, request_id)
    except Exception as exc:  # noqa: BLE001 - every failure becomes an envelope
        mapped = domain_error(exc)
        if mapped is None:
            log.exception("ROS API %s failed (RequestId %s)", request.headers.get("x-acs-action"), request_id)
            mapped = ApiError("InternalError", "Server error. Please try again later.", 500)
        return json_response(error_body(mapped.code, mapped.message, request_id), mapped.status, request_id)
    body = {"RequestId": request_id, **body}
    return json_response(body, 200, request_id)


def _handle(request: HttpRequest, request_id: str) -> dict[str, Any]:
    if request.method not in ("GET", "POST"):
        raise ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
    signed = signed_request(request)
    values = merge(signed.query, signed.form)
    name = signed.headers.get("x-acs-action") or values.get("Action") or ""
    action = ACTIONS.get(name)
    if action is None:
        raise ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
    version = signed.headers.get("x-acs-version") or values.get("Version")
    if not version:
        raise ApiError("MissingParameter", "The input parameter Version should be specified.")
    if version != VERSION:
        raise ApiError("InvalidVersion", f"Specified parameter Version is not valid: {version} (this API is {VERSION}).")
    fmt = values.get("Format", "JSON")
    if fmt.upper() != "JSON":
        raise ApiError("InvalidParameter", f"The specified parameter Format is invalid, only JSON is served, not {fmt}.")
    caller = authenticate(signed)
    if action.write and not caller.membership.allows("operator"):
        raise ApiError("Forbidden", f"User not authorized to operate on the specified resource: {name} needs the "
                                    f"operator role in account {caller.account.account_id}; this key's user is "
                                    f"{caller.membership.role}.")
    ctx = ApiContext(action=name, request_id=request_id, params=Params(values), caller=caller, request=request)
    return action.handler(ctx)
