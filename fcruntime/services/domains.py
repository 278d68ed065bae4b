"""Custom domains: stored and validated routes (Host-header routing to HTTP functions comes with triggers)."""
from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.models import CustomDomain
from fcruntime.services.common import NAME_RE, account_of, region_or_default
from rosconsole.accounts.models import Account

DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{1,63}$")
PROTOCOLS = ("HTTP", "HTTP,HTTPS")


def check_routes(route_config: dict | None) -> list[dict]:
    if not route_config:
        return []
    routes = route_config.get("Routes", route_config.get("routes")) if isinstance(route_config, dict) else None
    if not isinstance(routes, list):
        raise errors.InvalidArgument("RouteConfig must be {\"Routes\": [{Path, ServiceName, FunctionName, Qualifier}]}")
    out, seen = [], set()
    for i, route in enumerate(routes):
        if not isinstance(route, dict):
            raise errors.InvalidArgument(f"RouteConfig.Routes[{i}] must be a map")
        path = route.get("Path", route.get("path"))
        svc = route.get("ServiceName", route.get("serviceName"))
        fn = route.get("FunctionName", route.get("functionName"))
        qualifier = route.get("Qualifier", route.get("qualifier")) or ""
        if not path or not str(path).startswith("/"):
            raise errors.InvalidArgument(f"RouteConfig.Routes[{i}].Path must start with '/'")
        if "*" in str(path)[:-1]:
            raise errors.InvalidArgument(f"RouteConfig.Routes[{i}].Path may only end with '*'")
        for label, value in (("ServiceName", svc), ("FunctionName", fn)):
            if not value or not NAME_RE.match(str(value)):
                raise errors.InvalidArgument(f"RouteConfig.Routes[{i}].{label} is missing or invalid")
        if path in seen:
            raise errors.InvalidArgument(f"RouteConfig has two routes for path {path}")
        seen.add(path)
        out.append({"Path": str(path), "ServiceName": str(svc), "FunctionName": str(fn), "Qualifier": str(qualifier)})
    return out


def _check(protocol: str, cert_config: dict | None) -> dict:
    if protocol not in PROTOCOLS:
        raise errors.InvalidArgument(f"Protocol must be HTTP or HTTP,HTTPS, got {protocol!r}")
    cert = dict(cert_config or {})
    if cert and not all(cert.get(k) for k in ("CertName", "PrivateKey", "Certificate")):
        raise errors.InvalidArgument("CertConfig needs CertName, PrivateKey and Certificate")
    if protocol == "HTTP,HTTPS" and not cert:
        raise errors.InvalidArgument("Protocol HTTP,HTTPS needs a CertConfig")
    return cert


def create_domain(account: Account | str, domain_name: str, *, protocol: str, api_version: str = "2016-08-15",
                  route_config: dict | None = None, cert_config: dict | None = None,
                  region: str | None = None) -> CustomDomain:
    if not DOMAIN_RE.match(domain_name or ""):
        raise errors.InvalidArgument(f"domain name '{domain_name}' is invalid")
    cert = _check(protocol, cert_config)
    try:
        with transaction.atomic():
            return CustomDomain.objects.create(account=account_of(account), region=region_or_default(region),
                                               domain_name=domain_name.lower(), protocol=protocol,
                                               api_version=api_version or "2016-08-15",
                                               routes=check_routes(route_config), cert_config=cert)
    except IntegrityError:
        raise errors.DomainNameAlreadyExists(domain_name) from None


def get_domain(account: Account | str, domain_name: str) -> CustomDomain:
    row = CustomDomain.objects.filter(account=account_of(account), domain_name=(domain_name or "").lower()).first()
    if row is None:
        raise errors.DomainNameNotFound(domain_name)
    return row


def update_domain(row: CustomDomain, *, protocol: str, api_version: str | None = None,
                  route_config: dict | None = None, cert_config: dict | None = None) -> CustomDomain:
    row.cert_config = _check(protocol, cert_config)
    row.protocol, row.api_version = protocol, api_version or "2016-08-15"
    row.routes = check_routes(route_config)
    row.modified_at = timezone.now()
    row.save()
    return row


def delete_domain(row: CustomDomain) -> None:
    row.delete()


def route_for(domain: CustomDomain, path: str) -> dict | None:
    """The route a request path maps to: exact match first, then the longest `prefix*` match."""
    best = None
    for route in domain.routes:
        p = route["Path"]
        if p == path:
            return route
        if p.endswith("*") and path.startswith(p[:-1]) and (best is None or len(p) > len(best["Path"])):
            best = route
    return best
