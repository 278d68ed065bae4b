"""Async invoke configs: `PUT|GET|DELETE /services/{s}.{q}/functions/{f}/async-invoke-config`,
`GET /services/{s}/functions/{f}/async-invoke-configs`.

The config is stored on the function (ROS `AsyncConfiguration`), i.e. for LATEST; a published
version keeps the one it was published with. Other qualifiers are refused with a clear message.
"""
from __future__ import annotations

from django.http import HttpResponse

from fcruntime import errors, services
from fcruntime.api import errors as api_errors
from fcruntime.api.http import ApiRequest, iso, json_response, no_content
from fcruntime.api.views.common import get_function, split_qualifier


def _function(req: ApiRequest, service: str, function: str):
    name, qualifier = split_qualifier(service)
    qualifier = qualifier or "LATEST"
    if qualifier != "LATEST":
        raise errors.InvalidArgument(
            f"async invoke configs are kept for LATEST only here (got qualifier '{qualifier}'); "
            "a published version keeps the config it was published with")
    return get_function(req, name, function), qualifier


def _to_ros(body: dict) -> dict:
    out: dict = {}
    dest = body.get("destinationConfig")
    if dest is not None:
        if not isinstance(dest, dict):
            raise errors.InvalidArgument("destinationConfig must be {onSuccess: {destination}, onFailure: {destination}}")
        ros_dest = {}
        for api_key, ros_key in (("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")):
            target = dest.get(api_key)
            if isinstance(target, dict) and target.get("destination"):
                ros_dest[ros_key] = str(target["destination"])
        if ros_dest:
            out["Destination"] = ros_dest
    for api_key, ros_key in (("maxAsyncEventAgeInSeconds", "MaxAsyncEventAgeInSeconds"),
                             ("maxAsyncRetryAttempts", "MaxAsyncRetryAttempts"),
                             ("statefulInvocation", "StatefulInvocation")):
        if body.get(api_key) is not None:
            out[ros_key] = body[api_key]
    return out


def _doc(fn, qualifier: str) -> dict:
    cfg = fn.async_configuration or {}
    dest = cfg.get("Destination") or {}
    return {
        "service": fn.service.name,
        "function": fn.name,
        "qualifier": qualifier,
        "destinationConfig": {
            "onSuccess": {"destination": dest["OnSuccess"]} if dest.get("OnSuccess") else None,
            "onFailure": {"destination": dest["OnFailure"]} if dest.get("OnFailure") else None,
        },
        "maxAsyncEventAgeInSeconds": cfg.get("MaxAsyncEventAgeInSeconds"),
        "maxAsyncRetryAttempts": cfg.get("MaxAsyncRetryAttempts"),
        "statefulInvocation": bool(cfg.get("StatefulInvocation", False)),
        "createdTime": iso(fn.modified_at),
        "lastModifiedTime": iso(fn.modified_at),
    }


def put_config(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, qualifier = _function(req, service, function)
    fn = services.update_function(fn, async_configuration=_to_ros(req.json()))
    return json_response(_doc(fn, qualifier))


def get_config(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, qualifier = _function(req, service, function)
    if not fn.async_configuration:
        raise api_errors.AsyncConfigNotExists(f"{fn.service.name}/{fn.name}", qualifier)
    return json_response(_doc(fn, qualifier))


def delete_config(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, qualifier = _function(req, service, function)
    if not fn.async_configuration:
        raise api_errors.AsyncConfigNotExists(f"{fn.service.name}/{fn.name}", qualifier)
    services.update_function(fn, async_configuration={})
    return no_content()


def list_configs(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, qualifier = _function(req, service, function)
    configs = [_doc(fn, qualifier)] if fn.async_configuration else []
    return json_response({"configs": configs})
