from __future__ import annotations

import json

import pytest

from stacks import errors, services
from stacks.models import StackResource
from tests.scenarios.conftest import res, statuses

pytestmark = pytest.mark.django_db


def wait_template(count: int = 1, timeout: int = 600) -> str:
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {
        "Handle": {"Type": "ALIYUN::ROS::WaitConditionHandle"},
        "Wait": {"Type": "ALIYUN::ROS::WaitCondition",
                 "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": timeout, "Count": count}},
        "After": {**res(value={"Fn::GetAtt": ["Wait", "Data"]}), "DependsOn": "Wait"}},
        "Outputs": {"Curl": {"Value": {"Fn::GetAtt": ["Handle", "CurlCli"]}},
                    "Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}}}})


def signal_path(stack) -> str:
    url = StackResource.objects.get(stack=stack, logical_id="Handle").attributes["URL"]
    assert url.startswith("http://127.0.0.1:8765/stacks/")
    return url[len("http://127.0.0.1:8765"):]


def test_wait_condition_completes_on_signals(alice, account, driver, client):
    stack = services.create_stack(alice, account, name="wc", template_body=wait_template(count=2))
    driver.run(advance=False)
    stack.refresh_from_db()
    assert stack.status == "CREATE_IN_PROGRESS"
    path = signal_path(stack)
    assert client.post(path, json.dumps({"status": "SUCCESS", "data": "one"}),
                       content_type="application/json").status_code == 200
    driver.run(advance=False)
    assert client.post(path, json.dumps({"status": "SUCCESS", "id": "x", "data": "two"}),
                       content_type="application/json").json()["Id"] == "x"
    driver.run(advance=False)
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    data = json.loads(next(o for o in stack.outputs if o["OutputKey"] == "Data")["OutputValue"])
    assert data == {"1": "one", "x": "two"}
    curl = next(o for o in stack.outputs if o["OutputKey"] == "Curl")["OutputValue"]
    assert curl.startswith("curl -i -X POST") and path in curl
    reasons = [e.status_reason for e in stack.events.filter(logical_id="Handle")]
    assert any("Signal received" in r for r in reasons)


def test_wait_condition_failure_signal_and_bad_token(alice, account, driver, client):
    stack = services.create_stack(alice, account, name="wcf", template_body=wait_template())
    driver.run(advance=False)
    path = signal_path(stack)
    assert client.post(path[:-4] + "0000", "{}", content_type="application/json").status_code == 404
    assert client.post(path, json.dumps({"status": "MAYBE"}), content_type="application/json").status_code == 400
    client.post(path, json.dumps({"status": "FAILURE", "reason": "install failed"}),
                content_type="application/json")
    driver.run(advance=False)
    stack.refresh_from_db()
    assert stack.status == "CREATE_ROLLBACK_COMPLETE"
    failed = stack.events.get(logical_id="Wait", status="CREATE_FAILED")
    assert "install failed" in failed.status_reason


def test_wait_condition_timeout(alice, account, driver):
    stack = services.create_stack(alice, account, name="wct", template_body=wait_template(timeout=1),
                                  disable_rollback=True)
    import time
    driver.run(advance=False)
    time.sleep(1.1)
    driver.run(advance=True)
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    assert "timed out" in stack.events.get(logical_id="Wait", status="CREATE_FAILED").status_reason


def simulated_template() -> str:
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {
        "Vpc": {"Type": "ALIYUN::ECS::VPC", "Properties": {"CidrBlock": "10.0.0.0/8"}},
        "Use": res(value={"Fn::GetAtt": ["Vpc", "VpcId"]})},
        "Outputs": {"VpcId": {"Value": {"Fn::GetAtt": ["Vpc", "VpcId"]}}}})


def test_unsupported_types_are_refused_naming_them(alice, account):
    with pytest.raises(errors.NotSupported) as info:
        services.create_stack(alice, account, name="vpc", template_body=simulated_template())
    assert "ALIYUN::ECS::VPC" in info.value.message


def test_simulated_resources_when_opted_in(alice, account, driver):
    stack = services.create_stack(alice, account, name="sim", template_body=simulated_template(),
                                  tags={"rosconsole:simulate": "true"})
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    vpc = stack.resources.get(logical_id="Vpc")
    assert vpc.simulated and vpc.physical_id.startswith("sim-")
    assert not stack.resources.get(logical_id="Use").simulated
    assert stack.outputs[0]["OutputValue"] == vpc.attributes["VpcId"]
    assert all("simulated" in e.status_reason for e in stack.events.filter(logical_id="Vpc"))
    assert statuses(stack) == {"Vpc": "CREATE_COMPLETE", "Use": "CREATE_COMPLETE"}
