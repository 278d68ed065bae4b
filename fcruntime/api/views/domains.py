"""Custom domains: `/custom-domains[/{domain}]` (rows and routes; Host routing is fcruntime.triggers')."""
from __future__ import annotations

from django.http import HttpResponse

from fcruntime import errors, services
from fcruntime.api.http import ApiRequest, iso, json_response, no_content
from fcruntime.api.views.common import paginate, region_of
from fcruntime.models import CustomDomain


def _routes_in(route_config: object) -> dict | None:
    """API `{routes: [{path, serviceName, functionName, qualifier}]}` → the service's ROS spelling."""
    if route_config is None:
        return None
    if not isinstance(route_config, dict):
        raise errors.InvalidArgument("routeConfig must be {\"routes\": [...]}")
    routes = route_config.get("routes", route_config.get("Routes"))
    if not isinstance(routes, list):
        raise errors.InvalidArgument("routeConfig.routes must be a list")
    return {"Routes": [{k[:1].upper() + k[1:]: v for k, v in r.items() if k != "methods"} if isinstance(r, dict)
                       else r for r in routes]}


def _cert_in(cert_config: object) -> dict | None:
    if cert_config in (None, {}):
        return None
    if not isinstance(cert_config, dict):
        raise errors.InvalidArgument("certConfig must be {certName, privateKey, certificate}")
    return {k[:1].upper() + k[1:]: v for k, v in cert_config.items()}


def domain_doc(row: CustomDomain) -> dict:
    cert = row.cert_config or {}
    return {
        "domainName": row.domain_name,
        "accountId": row.account.account_id,
        "protocol": row.protocol,
        "apiVersion": row.api_version,
        "routeConfig": {"routes": [{"path": r["Path"], "serviceName": r["ServiceName"],
                                    "functionName": r["FunctionName"], "qualifier": r.get("Qualifier") or "",
                                    "methods": None} for r in row.routes]},
        "certConfig": {"certName": cert.get("CertName", ""), "certificate": cert.get("Certificate", "")},
        "createdTime": iso(row.created_at),
        "lastModifiedTime": iso(row.modified_at),
    }


def create_domain(req: ApiRequest) -> HttpResponse:
    body = req.json()
    name = body.get("domainName")
    if not name or not isinstance(name, str):
        raise errors.InvalidArgument("domainName is required")
    row = services.create_domain(req.account, name, protocol=str(body.get("protocol") or "HTTP"),
                                 api_version=str(body.get("apiVersion") or "2016-08-15"),
                                 route_config=_routes_in(body.get("routeConfig")),
                                 cert_config=_cert_in(body.get("certConfig")), region=region_of(req))
    return json_response(domain_doc(row))


def list_domains(req: ApiRequest) -> HttpResponse:
    rows = list(CustomDomain.objects.filter(account=req.account).select_related("account"))
    page, next_token = paginate(req, rows, key=lambda d: d.domain_name)
    doc: dict = {"customDomains": [domain_doc(d) for d in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)


def get_domain(req: ApiRequest, domain: str) -> HttpResponse:
    return json_response(domain_doc(services.get_domain(req.account, domain)))


def update_domain(req: ApiRequest, domain: str) -> HttpResponse:
    """Fields left out keep their values (the SDK sends only what it was given)."""
    row = services.get_domain(req.account, domain)
    body = req.json()
    routes = _routes_in(body.get("routeConfig"))
    cert = _cert_in(body.get("certConfig"))
    row = services.update_domain(row, protocol=str(body.get("protocol") or row.protocol),
                                 api_version=str(body.get("apiVersion") or row.api_version),
                                 route_config=routes if routes is not None else {"Routes": row.routes},
                                 cert_config=cert if cert is not None else (row.cert_config or None))
    return json_response(domain_doc(row))


def delete_domain(req: ApiRequest, domain: str) -> HttpResponse:
    services.delete_domain(services.get_domain(req.account, domain))
    return no_content()
