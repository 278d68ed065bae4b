"""Provisioned instances: `PUT|GET /services/{s}.{q}/functions/{f}/provision-config`, `GET /provision-configs`."""
from __future__ import annotations

from django.http import HttpResponse

from fcruntime import errors
from fcruntime.api import serializers
from fcruntime.api.http import ApiRequest, json_response
from fcruntime.api.views.common import get_function, get_service, paginate, region_of, split_qualifier
from fcruntime import services


def _qualified(req: ApiRequest, service: str, function: str):
    name, qualifier = split_qualifier(service)
    if not qualifier:
        raise errors.InvalidArgument(f"a qualifier is required: '{service}.<alias>'")
    return get_function(req, name, function), qualifier


def _doc(req: ApiRequest, row, with_current: bool = True) -> dict:
    doc = serializers.provision_doc(row, req.account.account_id, row.function.service.name)
    if not with_current:
        doc.pop("current", None)
    return doc


def put_provision_config(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, qualifier = _qualified(req, service, function)
    body = req.json()
    if "target" not in body:
        raise errors.InvalidArgument("target is required")
    row = services.put_provision_config(fn, qualifier, body["target"])
    return json_response(_doc(req, row, with_current=False))


def get_provision_config(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, qualifier = _qualified(req, service, function)
    return json_response(_doc(req, services.get_provision_config(fn, qualifier)))


def list_provision_configs(req: ApiRequest) -> HttpResponse:
    service_name = req.query("serviceName") or ""
    qualifier = req.query("qualifier") or ""
    if qualifier and not service_name:
        raise errors.InvalidArgument("serviceName is required when qualifier is given")
    service_rows = [get_service(req, service_name)] if service_name else [
        s for s in services.list_services(req.account, region_of(req))
        if not req.caller.scope or req.caller.scope == f"fc:service:{s.service_id}"]
    rows = []
    for svc in service_rows:
        for fn in services.list_functions(svc):
            rows.extend(c for c in fn.provision_configs.all() if not qualifier or c.qualifier == qualifier)
    page, next_token = paginate(req, rows, key=lambda c: serializers.provision_doc(
        c, req.account.account_id, c.function.service.name)["resource"], use_prefix=False)
    doc: dict = {"provisionConfigs": [_doc(req, c) for c in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)

