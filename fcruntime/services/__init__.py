"""The one path for UI, CLI, API and ROS providers: deploy, invoke, versions, layers, domains, buckets.

Import from here: `from fcruntime import services; services.invoke(fn, b"...")`.
"""
from __future__ import annotations

from fcruntime.services.buckets import bucket_attributes, create_bucket, delete_bucket, get_bucket, list_buckets
from fcruntime.services.common import account_of, function_arn, parse_function_arn
from fcruntime.services.deploy import (
    create_function,
    create_service,
    delete_function,
    delete_service,
    find_function,
    get_function,
    get_service,
    list_functions,
    list_services,
    update_function,
    update_service,
)
from fcruntime.services.domains import create_domain, delete_domain, get_domain, route_for, update_domain
from fcruntime.services.invoke import (
    get_invocation,
    invoke,
    list_invocations,
    payload_of,
    start_invocation,
    wait,
)
from fcruntime.services.layers import delete_layer_version, get_layer, publish_layer
from fcruntime.services.provision import (
    delete_provision_config,
    get_provision_config,
    put_provision_config,
    resource_name,
)
from fcruntime.services.triggers import (
    create_trigger,
    delete_trigger,
    find_trigger,
    fire_now,
    get_trigger,
    http_url,
    list_triggers,
    send_test_event,
    set_enabled,
    update_trigger,
)
from fcruntime.services.triggers import fire_now as fire_trigger
from fcruntime.services.versions import (
    create_alias,
    delete_alias,
    delete_version,
    get_alias,
    get_version,
    publish_version,
    resolve,
    update_alias,
)

__all__ = [
    "account_of", "bucket_attributes", "create_alias", "create_bucket", "create_domain", "create_function",
    "create_service", "delete_alias", "delete_bucket", "delete_domain", "delete_function",
    "delete_layer_version", "delete_provision_config", "delete_service", "delete_version", "find_function",
    "function_arn", "get_alias", "get_bucket", "get_domain", "get_function", "get_invocation", "get_layer",
    "get_provision_config", "get_service", "get_version", "invoke", "list_buckets", "list_functions",
    "list_invocations", "list_services", "parse_function_arn", "payload_of", "publish_layer", "publish_version",
    "put_provision_config", "resolve", "resource_name", "route_for", "start_invocation", "update_alias",
    "update_domain", "update_function", "update_service", "wait",
    # triggers (fcruntime.services.triggers)
    "create_trigger", "delete_trigger", "find_trigger", "fire_now", "fire_trigger", "get_trigger", "http_url",
    "list_triggers", "send_test_event", "set_enabled", "update_trigger",
]
