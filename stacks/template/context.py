"""``StackContext``: facts about the stack that templates can read (pseudo parameters etc.)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class StackContext:
    stack_name: str | None = None
    stack_id: str | None = None
    region: str = "cn-hangzhou"
    account_id: str | None = None
    tenant_id: str | None = None
    resource_group_id: str | None = None
    get_stack_output: Callable[[str, str, str | None], Any] | None = None
    regions_zones: dict[str, list[str]] = field(default_factory=dict)
