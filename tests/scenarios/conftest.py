"""Scenario fixtures: the test-only resource type, the in-process driver, small template builders."""
from __future__ import annotations

import json

import pytest

from stacks.engine.driver import InProcessDriver
from stacks.resources import test_provider

T = test_provider.TYPE


@pytest.fixture(autouse=True)
def test_type():
    test_provider.register()
    test_provider.calls.clear()
    yield


@pytest.fixture
def driver():
    d = InProcessDriver()
    with d.active():
        yield d


@pytest.fixture
def account(alice):
    return alice.memberships.first().account


def res(deps=(), **props) -> dict:
    """One test resource: res(["A"], value=1) depends on A."""
    body = {"Type": T, "Properties": props}
    if deps:
        body["DependsOn"] = list(deps)
    return body


def tpl(resources: dict, outputs: dict | None = None, parameters: dict | None = None) -> str:
    body = {"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources}
    if outputs:
        body["Outputs"] = outputs
    if parameters:
        body["Parameters"] = parameters
    return json.dumps(body)


def statuses(stack) -> dict[str, str]:
    return {r.logical_id: r.status for r in stack.resources.all()}


def event_rows(stack) -> list[tuple[str, str]]:
    return [(e.logical_id, e.status) for e in stack.events.order_by("sequence")]
