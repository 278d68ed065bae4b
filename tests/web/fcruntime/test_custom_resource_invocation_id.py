"""Custom resources record the invocation that answered (InvocationRequestId) for the console's event links."""
from __future__ import annotations

import time

import pytest

from fcruntime import custom_response
from fcruntime.resources.custom_resource import CustomResourceProvider
from stacks.resources.base import ProviderRequest

pytestmark = pytest.mark.django_db
RID = "1d6e7a52-3f1b-4c7e-9a55-0a7b3c2d9e10"


def _poll(monkeypatch, acme, response: dict, request_type: str = "Create"):
    monkeypatch.setattr(custom_response, "read_response", lambda token: response)
    monkeypatch.setattr(custom_response, "close_slot", lambda token: None)
    request = ProviderRequest(stack_id="s", stack_name="s", account_id=acme.account_id, region="cn-hangzhou",
                              logical_id="Sum", resource_type="Custom::Sum", physical_id="sum-1",
                              properties={"ServiceToken": "acs:fc:::services/svc/functions/f"},
                              context={"token": "t", "invocation": RID, "deadline": time.time() + 60,
                                       "timeout": 60})
    provider = CustomResourceProvider()
    return getattr(provider, request_type.lower())(request)


def test_success_records_the_invocation_request_id(monkeypatch, alice):
    acme = alice.memberships.get().account
    result = _poll(monkeypatch, acme, {"Status": "SUCCESS", "PhysicalResourceId": "sum-1", "Data": {"Sum": 3}})
    assert result.status == "done" and result.attributes["InvocationRequestId"] == RID
    assert result.attributes["Outputs"] == {"Sum": 3} and result.attributes["Sum"] == 3


def test_the_functions_own_data_key_wins(monkeypatch, alice):
    acme = alice.memberships.get().account
    result = _poll(monkeypatch, acme, {"Status": "SUCCESS", "Data": {"InvocationRequestId": "mine"}})
    assert result.attributes["InvocationRequestId"] == "mine"
    assert result.attributes["Outputs"] == {"InvocationRequestId": "mine"}


def test_update_records_it_and_delete_keeps_nothing(monkeypatch, alice):
    acme = alice.memberships.get().account
    updated = _poll(monkeypatch, acme, {"Status": "SUCCESS", "Data": {}}, "Update")
    assert updated.attributes["InvocationRequestId"] == RID
    deleted = _poll(monkeypatch, acme, {"Status": "SUCCESS"}, "Delete")
    assert deleted.status == "done" and deleted.attributes == {}
