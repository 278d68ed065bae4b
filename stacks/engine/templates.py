"""The engine's side of the template language: validate for a stack, cache per operation, DB state.

A worker validates an operation's template once and keeps the ResolvedTemplate in a small
per-process cache keyed by operation id (an operation's template and parameters never change).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Iterable, Mapping

from stacks.resources import registry
from stacks.template import AttributeUnavailable, ResolvedTemplate, StackContext, load, validate
from stacks.template.catalogue import PropSpec, TypeSpec, get_type

_CACHE_SIZE = 64
_cache: OrderedDict[str, ResolvedTemplate] = OrderedDict()
_lock = threading.Lock()
_PROP_TYPES = {"Integer": "Number", "Number": "Number", "String": "String", "Boolean": "Boolean",
               "Map": "Map", "List": "List", "Json": "Any"}


def extra_types() -> dict[str, TypeSpec]:
    """TypeSpecs for the types registered only by the test suite (built from their provider schema)."""
    specs = {}
    for name in registry.test_types():
        provider = registry.get_provider(name)
        props = {key: PropSpec(_PROP_TYPES.get(p.type, "Any"), p.required, p.update != "replace",
                               p.allowed_values, p.min_value, p.max_value)
                 for key, p in provider.PROPERTIES.items()}
        specs[name] = TypeSpec(name, props, frozenset(provider.ATTRIBUTES), emulated=True)
    return specs


def stack_context(stack: Any) -> StackContext:
    return StackContext(stack_name=stack.name, stack_id=str(stack.pk), region=stack.region,
                        account_id=stack.account.account_id, tenant_id=stack.account.account_id,
                        get_stack_output=_stack_output_reader(stack.account_id))


def _stack_output_reader(account_pk: int):
    def read(stack_id: str, output_key: str, region: str | None) -> Any:
        from stacks.models import Stack

        found = Stack.objects.filter(pk=stack_id, account_id=account_pk).values_list("outputs", flat=True).first()
        for output in found or []:
            if output.get("OutputKey") == output_key:
                return output.get("OutputValue")
        raise AttributeUnavailable(f"Output {output_key} of stack {stack_id} is not available")
    return read


def validate_for(stack: Any, template_body: str, parameters: Mapping[str, Any], mode: str = "create") -> ResolvedTemplate:
    """Validate a template for a stack (raises TemplateError / TemplateErrors)."""
    return validate(load(template_body), dict(parameters), stack_context(stack), extra_types=extra_types(), mode=mode)


def for_operation(operation: Any, stack: Any) -> ResolvedTemplate:
    """The ResolvedTemplate of an operation, validated once per worker process."""
    key = str(operation.pk)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    mode = "create" if operation.action == "CREATE" else "update"
    resolved = validate_for(stack, operation.template_body, operation.parameters, mode)
    with _lock:
        _cache[key] = resolved
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return resolved


def replacement_properties(resource_type: str) -> frozenset[str]:
    """Properties whose change forces replacement: the provider's declarations, else the catalogue's."""
    if registry.is_registered(resource_type):
        try:
            return registry.get_provider(resource_type).replacement_properties()
        except ImportError:
            pass  # provider module not importable here: fall back to the catalogue's flags
    spec = get_type(resource_type)
    if spec is None:
        return frozenset()
    return frozenset(name for name, prop in spec.properties.items() if prop.update_allowed is False)


class DbState:
    """ResourceState over StackResource rows: Ref -> physical id, GetAtt -> stored attributes.

    `unknown` (for planning) returns a placeholder instead of raising for resources not created yet.
    """

    UNKNOWN = "{{unknown}}"

    def __init__(self, rows: Iterable[Any], unknown: bool = False) -> None:
        self.rows = {row.logical_id: row for row in rows}
        self.unknown = unknown

    def ref(self, logical_id: str) -> Any:
        row = self.rows.get(logical_id)
        if row is None or not row.physical_id:
            if self.unknown:
                return f"{self.UNKNOWN}{logical_id}"
            raise AttributeUnavailable(f"Resource {logical_id} has no physical id (it was not created)")
        return row.physical_id

    def get_att(self, logical_id: str, name: str) -> Any:
        row = self.rows.get(logical_id)
        if row is not None and name in (row.attributes or {}):
            return row.attributes[name]
        if self.unknown:
            return f"{self.UNKNOWN}{logical_id}.{name}"
        if row is None or row.status.endswith("FAILED") or not row.physical_id:
            state = row.status if row is not None else "absent"
            raise AttributeUnavailable(f"The attribute {name} of resource {logical_id} is not available "
                                       f"(resource status {state})")
        raise AttributeUnavailable(f"Resource {logical_id} has no attribute {name}")


def remember(operation: Any, resolved: ResolvedTemplate) -> None:
    """Seed the cache with the template the service just validated (saves the first step a validation)."""
    with _lock:
        _cache[str(operation.pk)] = resolved
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
