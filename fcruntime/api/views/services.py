"""Account settings and services: `/account-settings`, `/services`, `/services/{s[.q]}`."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

from fcruntime import errors
from fcruntime.api import serializers
from fcruntime.api.http import ApiRequest, check_if_match, json_response, no_content
from fcruntime.api.views.common import get_service, paginate, region_of, split_qualifier, version_for_qualifier
from fcruntime import services as fc_services


def account_settings(req: ApiRequest) -> HttpResponse:
    region = region_of(req)
    return json_response({
        "availableAZs": [f"{region}-{zone}" for zone in ("a", "b", "c")],
        "accountId": req.account.account_id,
        "region": region,
        "regions": list(settings.ROSCONSOLE_REGIONS),
    })


def create_service(req: ApiRequest) -> HttpResponse:
    body = req.json()
    name = body.get("serviceName")
    if not name:
        raise errors.InvalidArgument("serviceName is required")
    service = fc_services.create_service(req.account, str(name), region=region_of(req),
                                    **serializers.service_kwargs(body))
    return json_response(serializers.service_doc(service), etag=serializers.service_etag(service))


def list_services(req: ApiRequest) -> HttpResponse:
    rows = fc_services.list_services(req.account, region_of(req))
    scope = req.caller.scope
    if scope:
        rows = [s for s in rows if scope == f"fc:service:{s.service_id}"]
    page, next_token = paginate(req, rows, key=lambda s: s.name)
    doc: dict = {"services": [serializers.service_doc(s) for s in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)


def get_service_view(req: ApiRequest, service: str) -> HttpResponse:
    name, qualifier = split_qualifier(service)
    row = get_service(req, name)
    version_for_qualifier(row, qualifier)  # the qualifier must exist
    return json_response(serializers.service_doc(row), etag=serializers.service_etag(row))


def _plain_service(req: ApiRequest, service: str):
    name, qualifier = split_qualifier(service)
    if qualifier:
        raise errors.InvalidArgument(f"a qualifier is not allowed here: '{service}'")
    return get_service(req, name)


def update_service(req: ApiRequest, service: str) -> HttpResponse:
    row = _plain_service(req, service)
    check_if_match(req, serializers.service_etag(row))
    body = req.json()
    row = fc_services.update_service(row, **serializers.service_kwargs(body))
    return json_response(serializers.service_doc(row), etag=serializers.service_etag(row))


def delete_service(req: ApiRequest, service: str) -> HttpResponse:
    row = _plain_service(req, service)
    check_if_match(req, serializers.service_etag(row))
    fc_services.delete_service(row)
    return no_content()
