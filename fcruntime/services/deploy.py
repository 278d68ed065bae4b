"""Services and functions: create / update / delete / get / list."""
from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.executor.spec import UnsupportedRuntime, check_runtime
from fcruntime.models import Function, Service
from fcruntime.services.code import store_code
from fcruntime.services.common import account_of, check_env, check_name, int_in, region_or_default
from rosconsole.accounts.models import Account

SERVICE_FIELDS = ("description", "role", "internet_access", "log_config", "tracing_config", "vpc_config",
                  "nas_config", "oss_mount_config", "tags")
_UNSET: Any = object()


# --- services -----------------------------------------------------------------------------------

def _clean_service_fields(fields: dict) -> dict:
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {', '.join(sorted(unknown))}")
    out = dict(fields)
    for key in ("log_config", "tracing_config", "vpc_config", "nas_config", "oss_mount_config"):
        if key in out:
            out[key] = out[key] or {}
            if not isinstance(out[key], dict):
                raise errors.InvalidArgument(f"{key} must be a map")
    if "tags" in out:
        tags = out["tags"] or []
        if not isinstance(tags, list) or len(tags) > 20:
            raise errors.InvalidArgument("Tags must be a list of at most 20 {Key, Value} maps")
        out["tags"] = tags
    if "internet_access" in out:
        out["internet_access"] = True if out["internet_access"] is None else bool(out["internet_access"])
    for key in ("description", "role"):
        if key in out:
            out[key] = out[key] or ""
    return out


def create_service(account: Account | str, name: str, *, region: str | None = None, **fields) -> Service:
    account = account_of(account)
    check_name("ServiceName", name)
    region = region_or_default(region)
    values = _clean_service_fields(fields)
    try:
        with transaction.atomic():
            return Service.objects.create(account=account, region=region, name=name, **values)
    except IntegrityError:
        raise errors.ServiceAlreadyExists(name) from None


def get_service(account: Account | str, name: str, region: str | None = None) -> Service:
    account = account_of(account)
    service = Service.objects.filter(account=account, region=region_or_default(region), name=name).first()
    if service is None:
        raise errors.ServiceNotFound(name)
    return service


def list_services(account: Account | str, region: str | None = None, prefix: str = "") -> list[Service]:
    qs = Service.objects.filter(account=account_of(account), region=region_or_default(region))
    if prefix:
        qs = qs.filter(name__startswith=prefix)
    return list(qs.order_by("name"))


def update_service(service: Service, **fields) -> Service:
    values = _clean_service_fields(fields)
    for key, value in values.items():
        setattr(service, key, value)
    service.modified_at = timezone.now()
    service.save()
    return service


def delete_service(service: Service) -> None:
    if service.functions.exists():
        raise errors.ServiceNotEmpty(service.name)
    service.delete()


# --- functions ----------------------------------------------------------------------------------

def _runtime(runtime: str) -> str:
    try:
        return check_runtime(str(runtime))
    except UnsupportedRuntime as exc:
        raise errors.InvalidArgument(exc.message) from None


def check_async_configuration(cfg: object) -> dict:
    if cfg in (None, ""):
        return {}
    if not isinstance(cfg, dict):
        raise errors.InvalidArgument("AsyncConfiguration must be a map")
    out = dict(cfg)
    if "MaxAsyncRetryAttempts" in out:
        out["MaxAsyncRetryAttempts"] = int_in("AsyncConfiguration.MaxAsyncRetryAttempts", out["MaxAsyncRetryAttempts"], 0, 8, 3)
    if "MaxAsyncEventAgeInSeconds" in out:
        out["MaxAsyncEventAgeInSeconds"] = int_in(
            "AsyncConfiguration.MaxAsyncEventAgeInSeconds", out["MaxAsyncEventAgeInSeconds"], 1, 2592000, 86400)
    dest = out.get("Destination") or {}
    if not isinstance(dest, dict) or any(k not in ("OnSuccess", "OnFailure") for k in dest):
        raise errors.InvalidArgument("AsyncConfiguration.Destination takes OnSuccess and OnFailure ARNs")
    return out


def _function_values(fields: dict, *, creating: bool) -> dict:
    """Check and normalise function fields (only those given; None means the ROS default)."""
    out: dict[str, Any] = {}
    checks = {
        "memory_size": lambda v: int_in("MemorySize", v, 128, 32768, 128),
        "timeout": lambda v: int_in("Timeout", v, 1, 86400, 3),
        "initialization_timeout": lambda v: int_in("InitializationTimeout", v, 1, 300, 3),
        "instance_concurrency": lambda v: int_in("InstanceConcurrency", v, 1, 100, 1),
        "ca_port": lambda v: int_in("CAPort", v, 1, 65535, 9000),
        "environment_variables": check_env,
        "async_configuration": check_async_configuration,
        "description": lambda v: v or "",
        "initializer": lambda v: v or "",
        "layers": lambda v: list(v or []),
        "extra": lambda v: dict(v or {}),
    }
    for key, value in fields.items():
        if key == "runtime":
            out[key] = _runtime(value)
        elif key == "handler":
            if not value or not isinstance(value, str):
                raise errors.InvalidArgument("Handler is required, e.g. index.handler")
            out[key] = value
        elif key in checks:
            out[key] = checks[key](value)
        else:
            raise TypeError(f"unknown function field {key}")
    if out.get("memory_size", 128) % 64:
        raise errors.InvalidArgument(f"MemorySize must be a multiple of 64 MB, got {out['memory_size']}")
    if creating and ("runtime" not in out or "handler" not in out):
        raise errors.InvalidArgument("Runtime and Handler are required")
    return out


def create_function(service: Service, name: str, *, runtime: str, handler: str, code: dict | None,
                    **fields) -> Function:
    check_name("FunctionName", name)
    values = _function_values({"runtime": runtime, "handler": handler, **fields}, creating=True)
    if "layers" in values:
        from fcruntime.services.layers import check_layer_arns
        check_layer_arns(service.account, values["layers"])
    if Function.objects.filter(service=service, name=name).exists():
        raise errors.FunctionAlreadyExists(name, service.name)
    blob, source = store_code(service.account, values["runtime"], code)
    try:
        with transaction.atomic():
            return Function.objects.create(
                service=service, name=name, code_checksum=blob.checksum, code_blob=blob.key,
                code_size=blob.size, source_code=source, **values)
    except IntegrityError:
        raise errors.FunctionAlreadyExists(name, service.name) from None


def get_function(service: Service, name: str) -> Function:
    fn = Function.objects.select_related("service", "service__account").filter(service=service, name=name).first()
    if fn is None:
        raise errors.FunctionNotFound(name, service.name)
    return fn


def find_function(account: Account | str, service_name: str, function_name: str,
                  region: str | None = None) -> Function:
    return get_function(get_service(account, service_name, region), function_name)


def list_functions(service: Service, prefix: str = "") -> list[Function]:
    qs = service.functions.all()
    if prefix:
        qs = qs.filter(name__startswith=prefix)
    return list(qs.order_by("name"))


def update_function(fn: Function, *, code: dict | None = None, **fields) -> Function:
    values = _function_values(fields, creating=False)
    if "layers" in values:
        from fcruntime.services.layers import check_layer_arns
        check_layer_arns(fn.service.account, values["layers"])
    for key, value in values.items():
        setattr(fn, key, value)
    if code:
        blob, source = store_code(fn.service.account, fn.runtime, code)
        fn.code_checksum, fn.code_blob, fn.code_size, fn.source_code = blob.checksum, blob.key, blob.size, source
    fn.modified_at = timezone.now()
    fn.save()
    return fn


def delete_function(fn: Function) -> None:
    if fn.triggers.exists():
        raise errors.FunctionNotEmpty(fn.name)
    fn.delete()
