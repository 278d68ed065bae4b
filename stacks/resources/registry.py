"""The one explicit registry of resource types: type name -> dotted path of its provider class.

Nothing registers itself on import. `stacks` never imports `fcruntime` directly; the FC and OSS
providers are named here by path and imported on first use.
"""
from __future__ import annotations

import functools
from importlib import import_module

from stacks.resources.base import Provider

RESOURCE_TYPES: dict[str, str] = {
    # ROS-native types
    "ALIYUN::ROS::WaitConditionHandle": "stacks.resources.wait_condition.WaitConditionHandleProvider",
    "ALIYUN::ROS::WaitCondition": "stacks.resources.wait_condition.WaitConditionProvider",
    "ALIYUN::ROS::Stack": "stacks.resources.nested_stack.NestedStackProvider",
    "ALIYUN::ROS::CustomResource": "fcruntime.resources.custom_resource.CustomResourceProvider",
    # Function Compute and OSS
    "ALIYUN::FC::Service": "fcruntime.resources.service.ServiceProvider",
    "ALIYUN::FC::Function": "fcruntime.resources.function.FunctionProvider",
    "ALIYUN::FC::FunctionInvoker": "fcruntime.resources.function_invoker.FunctionInvokerProvider",
    "ALIYUN::FC::Trigger": "fcruntime.resources.trigger.TriggerProvider",
    "ALIYUN::FC::Version": "fcruntime.resources.version.VersionProvider",
    "ALIYUN::FC::Alias": "fcruntime.resources.alias.AliasProvider",
    "ALIYUN::FC::ProvisionConfig": "fcruntime.resources.provision_config.ProvisionConfigProvider",
    "ALIYUN::FC::Layer": "fcruntime.resources.layer.LayerProvider",
    "ALIYUN::FC::CustomDomain": "fcruntime.resources.custom_domain.CustomDomainProvider",
    "ALIYUN::OSS::Bucket": "fcruntime.resources.bucket.BucketProvider",
}

CUSTOM_PREFIX = "Custom::"
# Types registered only by the test suite (the test-only provider), see register_for_tests().
_TEST_TYPES: dict[str, str] = {}


def provider_path(resource_type: str) -> str | None:
    if resource_type.startswith(CUSTOM_PREFIX):
        return RESOURCE_TYPES["ALIYUN::ROS::CustomResource"]
    return RESOURCE_TYPES.get(resource_type) or _TEST_TYPES.get(resource_type)


def is_registered(resource_type: str) -> bool:
    return provider_path(resource_type) is not None


@functools.lru_cache(maxsize=None)
def _load(path: str) -> type[Provider]:
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def get_provider(resource_type: str) -> Provider:
    path = provider_path(resource_type)
    if path is None:
        raise KeyError(f"No provider is registered for resource type {resource_type}")
    return _load(path)()


def register_for_tests(resource_type: str, dotted_path: str) -> None:
    """Only the test suite calls this (the test-only provider is never registered in production)."""
    _TEST_TYPES[resource_type] = dotted_path


def test_types() -> list[str]:
    """Names of the types registered by the test suite (validation adds them as extra types)."""
    return list(_TEST_TYPES)
