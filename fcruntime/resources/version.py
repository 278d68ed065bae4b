"""ALIYUN::FC::Version. Ref (physical id) = VersionId ("1", "2", ...); the service comes from the properties."""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


class VersionProvider(Provider):
    TYPE = "ALIYUN::FC::Version"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True, update="replace"),
        "Description": Prop("String", update="replace"),
    }
    ATTRIBUTES = ("VersionId", "ServiceName")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        svc = services.get_service(account(request), p["ServiceName"], request.region)
        version = services.publish_version(svc, p.get("Description") or "")
        return done(version.version_id, {"VersionId": version.version_id, "ServiceName": svc.name})

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        p = request.properties or {}
        try:
            svc = services.get_service(account(request), p.get("ServiceName"), request.region)
            version = services.get_version(svc, request.physical_id or "")
        except (errors.ServiceNotFound, errors.VersionNotFound):
            return done(request.physical_id)
        services.delete_version(version)
        return done(request.physical_id)
