"""ALIYUN::FC::Service. Ref (physical id) = ServiceName."""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.models import Service
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


def attributes(svc: Service) -> dict:
    return {
        "ServiceId": svc.service_id, "ServiceName": svc.name, "Tags": svc.tags, "Role": svc.role or None,
        "LogProject": svc.log_project or None, "Logstore": svc.log_store or None,
        "InternetAccess": svc.internet_access, "VpcId": (svc.vpc_config or {}).get("VpcId") or None,
    }


def _fields(p: dict) -> dict:
    return {
        "description": p.get("Description") or "", "role": p.get("Role") or "",
        "internet_access": True if p.get("InternetAccess") is None else bool(p["InternetAccess"]),
        "log_config": p.get("LogConfig") or {}, "tracing_config": p.get("TracingConfig") or {},
        "vpc_config": p.get("VpcConfig") or {}, "nas_config": p.get("NasConfig") or {},
        "oss_mount_config": p.get("OssMountConfig") or {}, "tags": p.get("Tags") or [],
    }


class ServiceProvider(Provider):
    TYPE = "ALIYUN::FC::Service"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True, update="replace"),
        "Description": Prop("String"),
        "Role": Prop("String", description="RAM role ARN; when set, functions get short-lived credentials"),
        "InternetAccess": Prop("Boolean", default=True),
        "LogConfig": Prop("Map"),
        "VpcConfig": Prop("Map", description="stored only"),
        "NasConfig": Prop("Map", description="stored only"),
        "OssMountConfig": Prop("Map", description="stored only"),
        "TracingConfig": Prop("Map"),
        "Tags": Prop("List"),
        "VpcBindings": Prop("List", description="stored only"),
        "DeletionForce": Prop("Boolean", default=False),
    }
    ATTRIBUTES = ("ServiceId", "ServiceName", "Tags", "Role", "LogProject", "Logstore", "InternetAccess", "VpcId")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        svc = services.create_service(account(request), p["ServiceName"], region=request.region, **_fields(p))
        return done(svc.name, attributes(svc))

    @fc_step
    def update(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        svc = services.get_service(account(request), request.physical_id or p["ServiceName"], request.region)
        svc = services.update_service(svc, **_fields(p))
        return done(svc.name, attributes(svc))

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        name = request.physical_id or (request.properties or {}).get("ServiceName")
        try:
            svc = services.get_service(account(request), name, request.region)
        except errors.ServiceNotFound:
            return done(request.physical_id)
        services.delete_service(svc)
        return done(request.physical_id)
