"""ALIYUN::FC::Alias. Ref (physical id) = AliasName (usable as a Qualifier); AdditionalWeight is a percent."""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.models import Alias
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


def attributes(alias: Alias) -> dict:
    return {"AliasName": alias.name, "ServiceName": alias.service.name, "VersionId": alias.version.version_id}


def _versions(p: dict) -> dict:
    weight = p.get("AdditionalWeight")
    return {"additional_version": p.get("AdditionalVersion"),
            "additional_weight": None if weight is None else float(weight) / 100.0,
            "description": p.get("Description") or ""}


class AliasProvider(Provider):
    TYPE = "ALIYUN::FC::Alias"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True, update="replace"),
        "AliasName": Prop("String", required=True, update="replace"),
        "VersionId": Prop("String"),
        "AdditionalVersion": Prop("String"),
        "AdditionalWeight": Prop("Integer", min_value=0, max_value=100, description="percent of calls"),
        "Description": Prop("String"),
    }
    ATTRIBUTES = ("AliasName", "ServiceName", "VersionId")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        svc = services.get_service(account(request), p["ServiceName"], request.region)
        alias = services.create_alias(svc, p["AliasName"], str(p.get("VersionId") or ""), **_versions(p))
        return done(alias.name, attributes(alias))

    @fc_step
    def update(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        svc = services.get_service(account(request), p["ServiceName"], request.region)
        alias = services.get_alias(svc, request.physical_id or p["AliasName"])
        alias = services.update_alias(alias, str(p.get("VersionId") or ""), **_versions(p))
        return done(alias.name, attributes(alias))

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        p = request.properties or {}
        try:
            svc = services.get_service(account(request), p.get("ServiceName"), request.region)
            alias = services.get_alias(svc, request.physical_id or p.get("AliasName"))
        except (errors.ServiceNotFound, errors.AliasNotFound):
            return done(request.physical_id)
        services.delete_alias(alias)
        return done(request.physical_id)
