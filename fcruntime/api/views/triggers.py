"""Triggers: `/services/{s}/functions/{f}/triggers[/{t}]` over fcruntime.services (firing: fcruntime.triggers)."""
from __future__ import annotations

from django.http import HttpResponse

from fcruntime import errors, services
from fcruntime.api import serializers
from fcruntime.api.http import ApiRequest, etag_for, json_response, no_content
from fcruntime.api.views.common import get_function, paginate, split_qualifier


def _function(req: ApiRequest, service: str, function: str):
    name, qualifier = split_qualifier(service)
    if qualifier:
        raise errors.InvalidArgument(f"a qualifier is not allowed here: '{service}'; use the trigger's qualifier")
    return get_function(req, name, function)


def _doc(req: ApiRequest, trigger) -> dict:
    url = services.http_url(trigger)
    return serializers.trigger_doc(trigger, url_internet=url, url_intranet=url)


def _response(req: ApiRequest, trigger) -> HttpResponse:
    return json_response(_doc(req, trigger), etag=etag_for(trigger.trigger_id, trigger.modified_at.isoformat()))


def _text(body: dict, key: str) -> str:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise errors.InvalidArgument(f"{key} must be a string")
    return value or ""


def create_trigger(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn = _function(req, service, function)
    body = req.json()
    for required in ("triggerName", "triggerType", "triggerConfig"):
        if body.get(required) in (None, ""):
            raise errors.InvalidArgument(f"{required} is required")
    trigger = services.create_trigger(
        fn, str(body["triggerName"]), str(body["triggerType"]), body["triggerConfig"],
        source_arn=_text(body, "sourceArn"), invocation_role=_text(body, "invocationRole"),
        qualifier=_text(body, "qualifier") or None, description=_text(body, "description"))
    return _response(req, trigger)


def list_triggers(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn = _function(req, service, function)
    page, next_token = paginate(req, services.list_triggers(fn), key=lambda t: t.name)
    doc: dict = {"triggers": [_doc(req, t) for t in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)


def get_trigger(req: ApiRequest, service: str, function: str, trigger: str) -> HttpResponse:
    return _response(req, services.get_trigger(_function(req, service, function), trigger))


def update_trigger(req: ApiRequest, service: str, function: str, trigger: str) -> HttpResponse:
    row = services.get_trigger(_function(req, service, function), trigger)
    body = req.json()
    row = services.update_trigger(
        row, config=body.get("triggerConfig"),
        invocation_role=_text(body, "invocationRole") if "invocationRole" in body else None,
        qualifier=_text(body, "qualifier") or None if "qualifier" in body else None,
        description=_text(body, "description") if "description" in body else None)
    return _response(req, row)


def delete_trigger(req: ApiRequest, service: str, function: str, trigger: str) -> HttpResponse:
    services.delete_trigger(services.get_trigger(_function(req, service, function), trigger))
    return no_content()
