"""Rows → FC 2.0 API objects (camelCase, fc-spec §7.3), and API bodies → service keyword arguments.

Stored maps may come from ROS (PascalCase keys: `Project`, `VSwitchIds`) or from this API
(camelCase); both render camelCase by lower-casing each key's first letter. Free-form maps
(environment variables, tracing params, trigger configs the user wrote) are left as they are.
"""
from __future__ import annotations

from typing import Any

from fcruntime.api.http import etag_for, iso

FREE_FORM_KEYS = frozenset({"params", "Params", "functionParameter", "FunctionParameter"})

# API name -> key inside Function.extra (ROS spelling), for the properties stored but not run.
FUNCTION_EXTRA = {
    "instanceType": "InstanceType",
    "instanceSoftConcurrency": "InstanceSoftConcurrency",
    "customContainerConfig": "CustomContainerConfig",
    "customRuntimeConfig": "CustomRuntimeConfig",
    "customDNS": "CustomDNS",
    "customHealthCheckConfig": "CustomHealthCheckConfig",
    "instanceLifecycleConfig": "InstanceLifecycleConfig",
    "cpu": "Cpu",
    "diskSize": "DiskSize",
    "gpuMemorySize": "GpuMemorySize",
}

# API name -> service keyword argument (fcruntime.services create/update_function).
FUNCTION_FIELDS = {
    "description": "description",
    "memorySize": "memory_size",
    "timeout": "timeout",
    "initializer": "initializer",
    "initializationTimeout": "initialization_timeout",
    "environmentVariables": "environment_variables",
    "instanceConcurrency": "instance_concurrency",
    "caPort": "ca_port",
    "layers": "layers",
    "runtime": "runtime",
    "handler": "handler",
}

SERVICE_FIELDS = {
    "description": "description",
    "role": "role",
    "internetAccess": "internet_access",
    "logConfig": "log_config",
    "vpcConfig": "vpc_config",
    "nasConfig": "nas_config",
    "ossMountConfig": "oss_mount_config",
    "tracingConfig": "tracing_config",
    "tags": "tags",
}


def camel(value: Any) -> Any:
    """Lower-case the first letter of every key, recursively, except inside free-form maps."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = key[:1].lower() + key[1:] if isinstance(key, str) else key
            out[name] = item if key in FREE_FORM_KEYS else camel(item)
        return out
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def _with_defaults(stored: dict | None, defaults: dict) -> dict:
    return {**defaults, **camel(stored or {})}


def service_etag(service) -> str:
    return etag_for(service.service_id, service.modified_at.isoformat())


def service_doc(service) -> dict:
    return {
        "serviceName": service.name,
        "serviceId": service.service_id,
        "description": service.description,
        "role": service.role,
        "logConfig": _with_defaults(service.log_config, {
            "project": "", "logstore": "", "enableRequestMetrics": False,
            "enableInstanceMetrics": False, "logBeginRule": "None"}),
        "vpcConfig": _with_defaults(service.vpc_config, {"vpcId": "", "vSwitchIds": [], "securityGroupId": ""}),
        "internetAccess": service.internet_access,
        "nasConfig": _with_defaults(service.nas_config, {"userId": -1, "groupId": -1, "mountPoints": []}),
        "ossMountConfig": _with_defaults(service.oss_mount_config, {"mountPoints": []}),
        "tracingConfig": _with_defaults(service.tracing_config, {"type": None, "params": None}),
        "tags": camel(service.tags or []),
        "createdTime": iso(service.created_at),
        "lastModifiedTime": iso(service.modified_at),
    }


def service_kwargs(body: dict) -> dict:
    return {kwarg: body[api] for api, kwarg in SERVICE_FIELDS.items() if api in body}


def function_etag(fn) -> str:
    return etag_for(fn.function_id, fn.modified_at.isoformat(), fn.code_checksum)


def function_doc(fn, config: Any = None) -> dict:
    """A function as the API shows it; `config` (a version snapshot) overrides the LATEST values."""
    src = config if config is not None else fn
    extra = camel(fn.extra or {})
    doc = {
        "functionId": fn.function_id,
        "functionName": fn.name,
        "description": src.description,
        "runtime": src.runtime,
        "handler": src.handler,
        "initializer": src.initializer or None,
        "timeout": src.timeout,
        "initializationTimeout": src.initialization_timeout,
        "memorySize": src.memory_size,
        "instanceConcurrency": src.instance_concurrency,
        "instanceType": extra.get("instanceType", "e1"),
        "codeSize": src.code_size,
        "codeChecksum": src.code_checksum,
        "environmentVariables": dict(src.environment_variables or {}),
        "customContainerConfig": extra.get("customContainerConfig"),
        "caPort": src.ca_port,
        "layers": list(src.layers or []),
        "createdTime": iso(fn.created_at),
        "lastModifiedTime": iso(fn.modified_at),
    }
    for api_name in FUNCTION_EXTRA:
        if api_name in extra and api_name not in doc:
            doc[api_name] = extra[api_name]
    return doc


def function_kwargs(body: dict, current_extra: dict | None = None) -> dict:
    """API body → keyword arguments for create/update_function (code handled by the caller)."""
    kwargs = {kwarg: body[api] for api, kwarg in FUNCTION_FIELDS.items() if api in body}
    extra_updates = {ros: body[api] for api, ros in FUNCTION_EXTRA.items() if api in body}
    if extra_updates:
        kwargs["extra"] = {**(current_extra or {}), **extra_updates}
    return kwargs


def version_doc(version) -> dict:
    return {
        "versionId": version.version_id,
        "description": version.description,
        "createdTime": iso(version.created_at),
        "lastModifiedTime": iso(version.created_at),
    }


def alias_doc(alias) -> dict:
    weights: dict[str, float] = {}
    if alias.additional_version_id is not None:
        weights[alias.additional_version.version_id] = alias.additional_weight
    return {
        "aliasName": alias.name,
        "versionId": alias.version.version_id,
        "description": alias.description,
        "additionalVersionWeight": weights,
        "createdTime": iso(alias.created_at),
        "lastModifiedTime": iso(alias.modified_at),
    }


def trigger_doc(trigger, url_internet: str = "", url_intranet: str = "") -> dict:
    doc = {
        "triggerId": trigger.trigger_id,
        "triggerName": trigger.name,
        "description": trigger.description,
        "triggerType": trigger.trigger_type,
        "triggerConfig": trigger.trigger_config,
        "sourceArn": trigger.source_arn or None,
        "invocationRole": trigger.invocation_role or None,
        "qualifier": trigger.qualifier,
        "createdTime": iso(trigger.created_at),
        "lastModifiedTime": iso(trigger.modified_at),
    }
    if trigger.trigger_type == "http":
        doc["urlInternet"] = url_internet
        doc["urlIntranet"] = url_intranet
    return doc


def provision_doc(config, account_id: str, service_name: str) -> dict:
    return {
        "resource": f"{account_id}#{service_name}#{config.qualifier}#{config.function.name}",
        "target": config.target,
        "current": config.current,
        "scheduledActions": [],
        "targetTrackingPolicies": [],
        "alwaysAllocateCPU": True,
    }
