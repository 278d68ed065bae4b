"""The ResponseURL of custom resources: one unguessable URL per provider request, accepting PUT/POST.

The provider calls `open_slot(token, ttl)` before invoking the function; the function (or anything it
hands the URL to) PUTs/POSTs the ROS response JSON there; the provider's next poll reads it with
`read_response(token)`. The first valid response wins. Slots and responses live in Redis with a TTL
of the resource's Timeout plus a margin: the provider's own deadline is the authority.
"""
from __future__ import annotations

import functools
import json
import secrets

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

MAX_BODY = 4096
TTL_MARGIN_S = 600
ROUTE_PREFIX = "/fc/custom-resource-response/"


@functools.lru_cache(maxsize=1)
def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=5)


def _slot_key(token: str) -> str:
    return f"ros:custom-resource:slot:{token}"


def _response_key(token: str) -> str:
    return f"ros:custom-resource:response:{token}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def response_url(token: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + ROUTE_PREFIX + token


def open_slot(token: str, timeout_s: float, label: str) -> None:
    _redis().set(_slot_key(token), label, ex=int(timeout_s) + TTL_MARGIN_S)


def close_slot(token: str) -> None:
    _redis().delete(_slot_key(token), _response_key(token))


def read_response(token: str) -> dict | None:
    raw = _redis().get(_response_key(token))
    return json.loads(raw) if raw else None


def check_response(doc: object) -> dict:
    """The ROS response body, checked: Status SUCCESS|FAILED, Reason on FAILED, Data a map."""
    if not isinstance(doc, dict):
        raise ValueError("the response must be a JSON object")
    status = doc.get("Status")
    if status not in ("SUCCESS", "FAILED"):
        raise ValueError("Status must be SUCCESS or FAILED")
    if status == "FAILED" and not doc.get("Reason"):
        raise ValueError("Reason is required when Status is FAILED")
    if "Data" in doc and doc["Data"] is not None and not isinstance(doc["Data"], dict):
        raise ValueError("Data must be a JSON object")
    pid = doc.get("PhysicalResourceId")
    if pid is not None and (not isinstance(pid, str) or len(pid.encode()) > 255):
        raise ValueError("PhysicalResourceId must be a string of at most 255 bytes")
    return doc


@csrf_exempt
def respond(request: HttpRequest, token: str) -> HttpResponse:
    if request.method not in ("PUT", "POST"):
        return JsonResponse({"Code": "MethodNotAllowed", "Message": "PUT or POST the response JSON"}, status=405)
    client = _redis()
    if not client.exists(_slot_key(token)):
        return JsonResponse({"Code": "NotFound", "Message": "no custom resource is waiting at this URL"}, status=404)
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return JsonResponse({"Code": "InvalidParameter", "Message": f"the response exceeds {MAX_BODY} bytes"},
                            status=400)
    try:
        doc = check_response(json.loads(body or b"null"))
    except (ValueError, UnicodeDecodeError) as exc:
        return JsonResponse({"Code": "InvalidParameter", "Message": f"invalid custom resource response: {exc}"},
                            status=400)
    client.set(_response_key(token), json.dumps(doc), nx=True, ex=int(client.ttl(_slot_key(token)) or TTL_MARGIN_S))
    return HttpResponse(status=200)
