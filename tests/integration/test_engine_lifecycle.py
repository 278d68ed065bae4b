"""Create, update and delete stacks of test resources through a REAL Celery worker and Redis."""
from __future__ import annotations

import json

import pytest

from stacks import services
from stacks.resources import test_provider
from tests.integration.test_engine_support import wait_terminal

pytestmark = [pytest.mark.integration]
T = test_provider.TYPE


@pytest.fixture(autouse=True)
def test_types(monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_TEST_RESOURCE_TYPES", "1")
    test_provider.register()


def body(resources: dict, outputs: dict | None = None) -> str:
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources, "Outputs": outputs or {}})


def test_create_update_delete_through_worker(celery_worker, alice):
    account = alice.memberships.first().account
    resources = {"A": {"Type": T, "Properties": {"value": "a"}},
                 "B": {"Type": T, "Properties": {"value": {"Fn::GetAtt": ["A", "Value"]}}}}
    stack = services.create_stack(alice, account, name="real", template_body=body(
        resources, {"B": {"Value": {"Fn::GetAtt": ["B", "Value"]}}}))
    stack = wait_terminal(stack.pk)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.outputs[0]["OutputValue"] == "a"

    resources["A"]["Properties"]["value"] = "a2"
    services.update_stack(alice, account, stack, template_body=body(resources))
    stack = wait_terminal(stack.pk)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    assert stack.resources.get(logical_id="B").attributes["Value"] == "a2"

    services.delete_stack(alice, account, stack)
    stack = wait_terminal(stack.pk)
    assert stack.status == "DELETE_COMPLETE", stack.status_reason
    statuses = [(e.logical_id, e.status) for e in stack.events.order_by("sequence")]
    assert statuses[-1] == ("real", "DELETE_COMPLETE")


def test_failure_rolls_back_through_worker(celery_worker, alice):
    account = alice.memberships.first().account
    stack = services.create_stack(alice, account, name="rb", template_body=body({
        "A": {"Type": T, "Properties": {}},
        "B": {"Type": T, "Properties": {"fail": "create"}, "DependsOn": "A"}}))
    stack = wait_terminal(stack.pk)
    assert stack.status == "CREATE_ROLLBACK_COMPLETE", stack.status_reason
    assert {r.logical_id: r.status for r in stack.resources.all()}["A"] == "DELETE_COMPLETE"
