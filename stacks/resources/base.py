"""The provider contract: a resource type declares its schema and implements create/update/delete.

A step returns one of three results:
- done(physical_id, attributes): the resource is in its new state;
- in_progress(context, delay_s): call me again after delay_s with this context (never sleep in a worker);
- failed(reason): the step failed; the reason becomes the event's StatusReason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

UpdateMode = Literal["in_place", "replace"]


@dataclass(frozen=True)
class Prop:
    """One property declaration. `update="replace"` means the property is not Editable in ROS terms."""

    type: str = "String"  # String | Integer | Number | Boolean | Map | List | Json
    required: bool = False
    default: Any = None
    update: UpdateMode = "in_place"
    allowed_values: tuple | None = None
    min_value: float | None = None
    max_value: float | None = None
    description: str = ""


@dataclass
class ProviderRequest:
    stack_id: str
    stack_name: str
    account_id: str
    region: str
    logical_id: str
    resource_type: str
    physical_id: str | None = None
    properties: dict = field(default_factory=dict)
    old_properties: dict | None = None
    attributes: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    operation_id: str = ""
    request_id: str = ""
    public_url: str = ""


@dataclass(frozen=True)
class StepResult:
    status: Literal["done", "in_progress", "failed"]
    physical_id: str | None = None
    attributes: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    delay_s: float = 0.0
    reason: str = ""


def done(physical_id: str | None, attributes: dict | None = None) -> StepResult:
    return StepResult("done", physical_id=physical_id, attributes=dict(attributes or {}))


def in_progress(context: dict, delay_s: float = 1.0) -> StepResult:
    return StepResult("in_progress", context=dict(context), delay_s=delay_s)


def failed(reason: str) -> StepResult:
    return StepResult("failed", reason=reason)


class ProviderError(Exception):
    """Raised inside a provider to fail the step with a clear reason (equivalent to returning failed())."""


class Provider:
    TYPE: ClassVar[str] = ""
    PROPERTIES: ClassVar[dict[str, Prop]] = {}
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ()
    # The sweeper fails or resumes a step that has been IN_PROGRESS longer than this with no live task.
    MAX_STEP_SECONDS: ClassVar[float] = 300.0

    def create(self, request: ProviderRequest) -> StepResult:
        raise NotImplementedError(f"{self.TYPE} does not implement create")

    def update(self, request: ProviderRequest) -> StepResult:
        """Default: an in-place update is a no-op on the outside world, keeping the physical id."""
        return done(request.physical_id, request.attributes)

    def delete(self, request: ProviderRequest) -> StepResult:
        raise NotImplementedError(f"{self.TYPE} does not implement delete")

    @classmethod
    def replacement_properties(cls) -> frozenset[str]:
        return frozenset(name for name, prop in cls.PROPERTIES.items() if prop.update == "replace")

    @classmethod
    def with_defaults(cls, properties: dict) -> dict:
        merged = {name: prop.default for name, prop in cls.PROPERTIES.items() if prop.default is not None}
        merged.update(properties)
        return merged
