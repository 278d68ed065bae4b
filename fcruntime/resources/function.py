"""ALIYUN::FC::Function. Ref (physical id) = "<ServiceName>|<FunctionName>"."""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.models import Function
from fcruntime.resources.common import account, fc_step, props, split_id
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done

STORED_ONLY = ("InstanceSoftConcurrency", "InstanceType", "Cpu", "DiskSize", "GpuMemorySize", "CustomContainerConfig",
               "CustomRuntimeConfig", "CustomDNS", "CustomHealthCheckConfig", "InstanceLifecycleConfig")


def physical_id(fn: Function) -> str:
    return f"{fn.service.name}|{fn.name}"


def attributes(fn: Function) -> dict:
    svc = fn.service
    return {
        "FunctionId": fn.function_id, "FunctionName": fn.name, "ServiceName": svc.name, "ServiceId": svc.service_id,
        "ARN": services.function_arn(svc.region, svc.account.account_id, svc.name, fn.name),
    }


def _fields(p: dict) -> dict:
    return {
        "runtime": p["Runtime"], "handler": p["Handler"], "description": p.get("Description") or "",
        "memory_size": p.get("MemorySize"), "timeout": p.get("Timeout"), "initializer": p.get("Initializer") or "",
        "initialization_timeout": p.get("InitializationTimeout"),
        "environment_variables": p.get("EnvironmentVariables") or {},
        "instance_concurrency": p.get("InstanceConcurrency"), "ca_port": p.get("CAPort"),
        "async_configuration": p.get("AsyncConfiguration") or {},
        "extra": {k: p[k] for k in STORED_ONLY if p.get(k) is not None},
    }


class FunctionProvider(Provider):
    TYPE = "ALIYUN::FC::Function"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True, update="replace"),
        "FunctionName": Prop("String", required=True, update="replace"),
        "Handler": Prop("String", required=True),
        "Runtime": Prop("String", required=True),
        "Code": Prop("Map", description="ZipFile (base64) > SourceCode > OssBucketName + OssObjectName"),
        "MemorySize": Prop("Integer", default=128, min_value=128, max_value=32768),
        "Timeout": Prop("Integer", default=3, min_value=1, max_value=86400),
        "Initializer": Prop("String"),
        "InitializationTimeout": Prop("Integer", default=3, min_value=1, max_value=300),
        "EnvironmentVariables": Prop("Map"),
        "InstanceConcurrency": Prop("Integer", default=1, min_value=1, max_value=100),
        "InstanceSoftConcurrency": Prop("Integer", min_value=1, max_value=100, description="stored only"),
        "InstanceType": Prop("String", description="stored only"),
        "Cpu": Prop("Number", description="stored only"),
        "DiskSize": Prop("Integer", description="stored only"),
        "GpuMemorySize": Prop("Integer", description="stored only"),
        "CAPort": Prop("Integer", default=9000, min_value=1, max_value=65535),
        "CustomContainerConfig": Prop("Map", description="stored only (custom-container is not supported)"),
        "CustomRuntimeConfig": Prop("Map", description="stored only"),
        "CustomDNS": Prop("Map", description="stored only"),
        "CustomHealthCheckConfig": Prop("Map", description="stored only"),
        "InstanceLifecycleConfig": Prop("Map", description="stored only"),
        "AsyncConfiguration": Prop("Map"),
        "Description": Prop("String"),
    }
    ATTRIBUTES = ("FunctionId", "FunctionName", "ServiceName", "ServiceId", "ARN")
    MAX_STEP_SECONDS = 120

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        svc = services.get_service(account(request), p["ServiceName"], request.region)
        fields = _fields(p)
        fn = services.create_function(svc, p["FunctionName"], runtime=fields.pop("runtime"),
                                      handler=fields.pop("handler"), code=p.get("Code"), **fields)
        return done(physical_id(fn), attributes(fn))

    @fc_step
    def update(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        old = props(self, request, old=True)
        names = split_id(request.physical_id, 2) or [p["ServiceName"], p["FunctionName"]]
        fn = services.find_function(account(request), names[0], names[1], request.region)
        code = p.get("Code") if p.get("Code") != old.get("Code") else None
        if code is None and p.get("Runtime") != old.get("Runtime") and fn.source_code:
            code = {"SourceCode": fn.source_code}  # inline source is re-zipped under the new runtime's file name
        fn = services.update_function(fn, code=code, **_fields(p))
        return done(physical_id(fn), attributes(fn))

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        p = request.properties or {}
        names = split_id(request.physical_id, 2) or [p.get("ServiceName"), p.get("FunctionName")]
        try:
            fn = services.find_function(account(request), names[0], names[1], request.region)
        except (errors.ServiceNotFound, errors.FunctionNotFound):
            return done(request.physical_id)
        services.delete_function(fn)
        return done(request.physical_id)
