"""What a function needs to compute its value: parameters, conditions, resources, limits."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol

from ..errors import AttributeUnavailable, InvalidTemplate, InvalidTemplateReference

MAX_VALUE_SIZE = 1_000_000      # characters of one string / items of one list
MAX_TOTAL_SIZE = 20_000_000     # everything one resolve() call may produce


class ResourceState(Protocol):
    """Implemented by the engine: physical ids and attributes of created resources."""

    def ref(self, logical_id: str) -> Any: ...

    def get_att(self, logical_id: str, name: str) -> Any: ...


class Budget:
    """Bounds the size of resolved values, so hostile templates fail fast with little memory."""

    def __init__(self, total: int = MAX_TOTAL_SIZE, single: int = MAX_VALUE_SIZE) -> None:
        self.left = total
        self.single = single

    def charge(self, size: int, path: str) -> None:
        if size > self.single:
            raise InvalidTemplate(path, reason=f"Resolved value too large ({size} > {self.single} characters or items)")
        self.left -= size
        if self.left < 0:
            raise InvalidTemplate(path, reason="Resolved template values exceed the size budget")


@dataclass
class ResolveContext:
    """Everything ``Intrinsic.resolve`` may read."""

    parameters: Mapping[str, Any] = field(default_factory=dict)
    pseudo: Mapping[str, Any] = field(default_factory=dict)
    mappings: Mapping[str, Any] = field(default_factory=dict)
    conditions: Callable[[str, str], bool] | None = None
    local: Callable[[str, str, "ResolveContext"], Any] | None = None
    local_names: frozenset[str] = frozenset()
    resources: Mapping[str, int | None] = field(default_factory=dict)   # base id -> count (None: not counted)
    state: ResourceState | None = None
    region: str = "cn-hangzhou"
    regions_zones: Mapping[str, list[str]] = field(default_factory=dict)
    get_stack_output: Callable[[str, str, str | None], Any] | None = None
    budget: Budget = field(default_factory=Budget)

    def condition(self, name: str, path: str) -> bool:
        if self.conditions is None:
            raise InvalidTemplateReference(path, name=name, referencer="Conditions")
        return self.conditions(name, path)

    def lookup(self, name: str, path: str) -> Any:
        """The value of ``Ref name``."""
        if name in self.parameters:
            return self.parameters[name]
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.local_names and self.local is not None:
            return self.local(name, path, self)
        if name in self.resources:
            return self._resource_value(name, None, path)
        raise InvalidTemplateReference(path, name=name, referencer=path.split(".")[1] if "." in path else path)

    def get_att(self, resource: str, attribute: str, path: str) -> Any:
        if resource not in self.resources:
            raise InvalidTemplateReference(path, name=resource, referencer=path.split(".")[1] if "." in path else path)
        return self._resource_value(resource, attribute, path)

    def _resource_value(self, name: str, attribute: str | None, path: str) -> Any:
        if self.state is None:
            raise InvalidTemplate(path, reason=f"Resource {name} cannot be referenced here")
        count = self.resources[name]
        ids = [name] if count is None else [f"{name}[{i}]" for i in range(count)]
        values = [self._one(rid, attribute) for rid in ids]
        return values[0] if count is None else values

    def _one(self, logical_id: str, attribute: str | None) -> Any:
        assert self.state is not None
        if attribute is None:
            return self.state.ref(logical_id)
        return self.state.get_att(logical_id, attribute)


__all__ = ["AttributeUnavailable", "Budget", "ResolveContext", "ResourceState"]
