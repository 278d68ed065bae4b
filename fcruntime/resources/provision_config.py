"""ALIYUN::FC::ProvisionConfig: keep Target instances warm. Ref = Resource ("<uid>#<svc>#<qualifier>#<fn>")."""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.models import ProvisionConfig
from fcruntime.resources.common import account, fc_step, props
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


def attributes(row: ProvisionConfig) -> dict:
    fn = row.function
    return {"ServiceName": fn.service.name, "FunctionName": fn.name, "Qualifier": row.qualifier,
            "Target": row.target, "Resource": services.resource_name(row)}


class ProvisionConfigProvider(Provider):
    TYPE = "ALIYUN::FC::ProvisionConfig"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True, update="replace"),
        "FunctionName": Prop("String", required=True, update="replace"),
        "Qualifier": Prop("String", required=True, update="replace", description="an alias of the service"),
        "Target": Prop("Integer", required=True, min_value=0),
    }
    ATTRIBUTES = ("ServiceName", "FunctionName", "Qualifier", "Target", "Resource")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        fn = services.find_function(account(request), p["ServiceName"], p["FunctionName"], request.region)
        row = services.put_provision_config(fn, p["Qualifier"], p["Target"])
        return done(services.resource_name(row), attributes(row))

    update = create  # Target is the only in-place property; put is idempotent

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        p = request.properties or {}
        try:
            fn = services.find_function(account(request), p.get("ServiceName"), p.get("FunctionName"), request.region)
            row = services.get_provision_config(fn, p.get("Qualifier"))
        except (errors.ServiceNotFound, errors.FunctionNotFound, errors.ProvisionConfigNotFound):
            return done(request.physical_id)
        services.delete_provision_config(row)
        return done(request.physical_id)
