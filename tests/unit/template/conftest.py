"""Fixtures for the template tests: the corpus and seed locations, a fake ResourceState."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stacks.template.errors import InvalidTemplateReference
from stacks.template.functions import ResolveContext, parse, resolve_value

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def seed_lottery_template() -> str:
    """The lottery ("抽奖") template printed in the seed article's appendix."""
    text = (SHARED / "seed" / "000_d4fa8830bd521f0e.txt").read_text("utf-8")
    start = text.index("{", text.index("抽奖模板"))
    depth = 0
    for i, ch in enumerate(text[start:], start):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return text[start:i + 1]
    raise AssertionError("unbalanced template in seed")


class FakeState:
    """ResourceState: physical id ``phys-<id>``; attributes from a dict or ``<id>.<attr>``."""

    def __init__(self, attributes: dict[tuple[str, str], Any] | None = None, missing: set[str] | None = None):
        self.attributes = attributes or {}
        self.missing = missing or set()

    def ref(self, logical_id: str) -> Any:
        return f"phys-{logical_id}"

    def get_att(self, logical_id: str, name: str) -> Any:
        from stacks.template import AttributeUnavailable
        if logical_id in self.missing:
            raise AttributeUnavailable(f"{logical_id} has no attribute {name}")
        return self.attributes.get((logical_id, name), f"{logical_id}.{name}")


@pytest.fixture
def state() -> FakeState:
    return FakeState()


@pytest.fixture
def make_state():
    """The FakeState class, to build states with given attributes."""
    return FakeState


@pytest.fixture
def lottery_text() -> str:
    return seed_lottery_template()



def _ev(value: Any, **kwargs: Any) -> Any:
    """Parse ``value`` as an Outputs value and resolve it."""
    conditions = kwargs.pop("conditions", {})
    ctx = ResolveContext(**kwargs)
    def condition(name: str, path: str) -> bool:
        if name not in conditions:
            raise InvalidTemplateReference(path, name=name, referencer="Conditions")
        return conditions[name]

    ctx.conditions = condition
    return resolve_value(parse(value, "Outputs.X.Value"), ctx)


@pytest.fixture
def ev():
    """Parse a value as an Outputs value and resolve it with a small context."""
    return _ev
