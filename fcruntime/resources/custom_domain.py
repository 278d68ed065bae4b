"""ALIYUN::FC::CustomDomain: stored and validated routes. Ref = DomainName.

Routing requests by Host header to HTTP functions belongs to the HTTP trigger front end.
"""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.models import CustomDomain
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


def attributes(row: CustomDomain) -> dict:
    scheme = "https" if "HTTPS" in row.protocol else "http"
    return {"DomainName": row.domain_name, "Domain": f"{scheme}://{row.domain_name}"}


class CustomDomainProvider(Provider):
    TYPE = "ALIYUN::FC::CustomDomain"
    PROPERTIES = {
        "DomainName": Prop("String", required=True, update="replace"),
        "Protocol": Prop("String", required=True, allowed_values=("HTTP", "HTTP,HTTPS")),
        "ApiVersion": Prop("String"),
        "RouteConfig": Prop("Map"),
        "CertConfig": Prop("Map"),
    }
    ATTRIBUTES = ("DomainName", "Domain")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        row = services.create_domain(account(request), p["DomainName"], protocol=p["Protocol"],
                                     api_version=p.get("ApiVersion") or "2016-08-15",
                                     route_config=p.get("RouteConfig"), cert_config=p.get("CertConfig"),
                                     region=request.region)
        return done(row.domain_name, attributes(row))

    @fc_step
    def update(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        row = services.get_domain(account(request), request.physical_id or p["DomainName"])
        row = services.update_domain(row, protocol=p["Protocol"], api_version=p.get("ApiVersion"),
                                     route_config=p.get("RouteConfig"), cert_config=p.get("CertConfig"))
        return done(row.domain_name, attributes(row))

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        try:
            row = services.get_domain(account(request), request.physical_id or "")
        except errors.DomainNameNotFound:
            return done(request.physical_id)
        services.delete_domain(row)
        return done(request.physical_id)
