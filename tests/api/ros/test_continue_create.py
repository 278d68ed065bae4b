"""ContinueCreateStack through the real SDK: TemplateBody, Parameters.N, DryRun and the refusals.

The failed stack is made with the test-only resource type and the in-process driver (the live server runs in
this process, so the steps it enqueues go to the driver and run when the test calls driver.run()).
"""
from __future__ import annotations

import json

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from stacks.engine.driver import InProcessDriver
from stacks.resources import test_provider
from tests.api.ros.schema import assert_round_trip
from tests.api.ros.test_lifecycle import REGION

T = test_provider.TYPE
PARAMS = {"Name": {"Type": "String"}, "Knob": {"Type": "String", "Default": "create"}}


def template(b_value: str = "b", a_value: dict | str = {"Ref": "Name"}) -> str:
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Parameters": PARAMS, "Resources": {
        "A": {"Type": T, "Properties": {"value": a_value}},
        "B": {"Type": T, "DependsOn": ["A"], "Properties": {"value": b_value, "fail": {"Ref": "Knob"}}}}})


def params(**values: str) -> list[ros_models.ContinueCreateStackRequestParameters]:
    return [ros_models.ContinueCreateStackRequestParameters(parameter_key=k, parameter_value=v)
            for k, v in values.items()]


@pytest.fixture
def driver():
    test_provider.register()
    d = InProcessDriver()
    with d.active():
        yield d


@pytest.fixture
def failed(ros, driver):
    from django.contrib.auth import get_user_model

    from rosconsole.accounts.models import Account
    from stacks import services

    alice = get_user_model().objects.get(username="alice")
    stack = services.create_stack(alice, Account.objects.get(name="acme"), name="cont", template_body=template(),
                                  parameters={"Name": "n1"}, region=REGION, disable_rollback=True)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    return str(stack.pk)


def continue_create(ros, stack_id: str, **kwargs):
    return ros.continue_create_stack(ros_models.ContinueCreateStackRequest(stack_id=stack_id, region_id=REGION,
                                                                           **kwargs))


def refused(ros, stack_id: str, **kwargs) -> str:
    with pytest.raises(ClientException) as info:
        continue_create(ros, stack_id, **kwargs)
    assert (info.value.code, info.value.status_code) == ("ContinueCreateStackValidationFailed", 400)
    return info.value.message


def test_dry_run_returns_the_parameter_lists(ros, failed):
    resp = continue_create(ros, failed, dry_run=True)
    assert_round_trip(ros, resp)
    assert resp.body.stack_id == failed
    result = resp.body.dry_run_result
    assert result.parameters_allowed_to_be_modified == ["Knob"]
    assert result.parameters_not_allowed_to_be_modified == ["Name"]
    assert result.parameters_conditionally_allowed_to_be_modified == []
    got = ros.get_stack(ros_models.GetStackRequest(stack_id=failed, region_id=REGION))
    assert got.body.status == "CREATE_FAILED"


def test_refusals_name_what_is_wrong(ros, failed):
    assert "Resource A (CREATE_COMPLETE) cannot be changed (Properties differ)" in refused(
        ros, failed, template_body=template(a_value="other"))
    assert "Parameter Name cannot be changed: it is used by the already created resource A" in refused(
        ros, failed, parameters=params(Name="n2"))
    with pytest.raises(ClientException) as info:
        continue_create(ros, failed, template_url="http://example.com/t.json")
    assert info.value.code == "NotSupported" and "TemplateURL" in info.value.message
    with pytest.raises(ClientException) as info:
        continue_create(ros, failed, mode="Ignore", parameters=params(Knob="never"))
    assert info.value.code == "InvalidParameter" and "Parameters" in info.value.message


def test_continue_with_template_and_parameters(ros, failed, driver):
    fixed = template(b_value="fixed")
    resp = continue_create(ros, failed, template_body=fixed, parameters=params(Knob="never"))
    assert_round_trip(ros, resp)
    assert resp.body.stack_id == failed and resp.body.dry_run_result is None
    driver.run()
    got = ros.get_stack(ros_models.GetStackRequest(stack_id=failed, region_id=REGION))
    assert got.body.status == "CREATE_COMPLETE", got.body.status_reason
    values = {p.parameter_key: p.parameter_value for p in got.body.parameters}
    assert (values["Name"], values["Knob"]) == ("n1", "never")
    body = ros.get_template(ros_models.GetTemplateRequest(stack_id=failed, region_id=REGION)).body.template_body
    assert json.loads(body) == json.loads(fixed)
