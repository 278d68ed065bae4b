"""Fixtures for the stack pages: stacks, resources and events written straight to the tables.

Views only read these rows; writes in tests go through the ORM to set up any state cheaply.
"""
from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import repo_root

LOTTERY = (repo_root() / "stacks" / "samples" / "lottery.json").read_text(encoding="utf-8")


@pytest.fixture
def make_stack(acme):
    from stacks.models import Stack, StackEvent, StackOperation, StackResource

    def make(name: str = "lottery", status: str = "CREATE_COMPLETE", account=None, resources=(), events=(),
             **fields):
        stack = Stack.objects.create(account=account or acme, region="cn-hangzhou", name=name, status=status,
                                     template_body=fields.pop("template_body", LOTTERY), **fields)
        op = StackOperation.objects.create(stack=stack, action="CREATE", status=status.rsplit("_", 1)[-1])
        stack.operation = op
        stack.save(update_fields=["operation"])
        for r in resources:
            StackResource.objects.create(stack=stack, **r)
        for i, e in enumerate(events, 1):
            StackEvent.objects.create(stack=stack, operation=op, sequence=i, created_at=timezone.now(), **e)
        if events:
            Stack.objects.filter(pk=stack.pk).update(event_sequence=len(events))
            stack.refresh_from_db()
        return stack

    return make


LOTTERY_RESOURCES = [
    {"logical_id": "Service", "type": "ALIYUN::FC::Service", "physical_id": "test-fc-service",
     "status": "CREATE_COMPLETE", "properties": {"ServiceName": "test-fc-service"}},
    {"logical_id": "Function", "type": "ALIYUN::FC::Function", "physical_id": "test-fc-function",
     "status": "CREATE_COMPLETE", "requires": ["Service"],
     "properties": {"ServiceName": "test-fc-service", "FunctionName": "test-fc-function"}},
    {"logical_id": "FunctionInvoker", "type": "ALIYUN::FC::FunctionInvoker", "physical_id": "inv-1",
     "status": "CREATE_COMPLETE", "requires": ["Function"],
     "properties": {"ServiceName": "test-fc-service", "FunctionName": "test-fc-function"}},
]

LOTTERY_EVENTS = [
    {"logical_id": "lottery", "resource_type": "ALIYUN::ROS::Stack", "status": "CREATE_IN_PROGRESS",
     "status_reason": "Stack CREATE started"},
    {"logical_id": "Service", "resource_type": "ALIYUN::FC::Service", "status": "CREATE_IN_PROGRESS",
     "status_reason": "state changed"},
    {"logical_id": "Service", "resource_type": "ALIYUN::FC::Service", "status": "CREATE_COMPLETE",
     "status_reason": "state changed", "physical_id": "test-fc-service"},
    {"logical_id": "FunctionInvoker", "resource_type": "ALIYUN::FC::FunctionInvoker", "status": "CREATE_FAILED",
     "status_reason": "Function raised an error"},
]


@pytest.fixture
def lottery_stack(make_stack):
    return make_stack(resources=LOTTERY_RESOURCES, events=LOTTERY_EVENTS,
                      parameters={"Persons": "a,b,c"},
                      outputs=[{"OutputKey": "Result", "OutputValue": "winner a", "Description": ""}])
