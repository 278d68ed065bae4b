"""Stacks that need a worker: simulation tag, StackExists, isolation of writes, ClientToken misuse,
stack policies (set, get, enforced on update)."""
from __future__ import annotations

import json

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from tests.api.ros.schema import assert_round_trip
from tests.api.ros.test_lifecycle import REGION, wait

pytestmark = [pytest.mark.integration]


def vpc_template(cidr: str) -> str:
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01",
                       "Resources": {"Vpc": {"Type": "ALIYUN::ECS::VPC", "Properties": {"CidrBlock": cidr}}}})


SIMULATE = [ros_models.CreateStackRequestTags(key="rosconsole:simulate", value="true")]


@pytest.fixture
def simulated(ros, celery_worker):
    resp = ros.create_stack(ros_models.CreateStackRequest(stack_name="net", template_body=vpc_template("10.0.0.0/8"),
                                                          region_id=REGION, tags=SIMULATE, client_token="tok-net"))
    body = wait(ros, resp.body.stack_id)
    assert body.status == "CREATE_COMPLETE", body.status_reason
    return resp.body.stack_id


def test_simulate_tag_stack_exists_and_tokens(ros, simulated):
    got = ros.get_stack(ros_models.GetStackRequest(stack_id=simulated, region_id=REGION))
    assert ("rosconsole:simulate", "true") in [(t.key, t.value) for t in got.body.tags]
    with pytest.raises(ClientException) as info:
        ros.create_stack(ros_models.CreateStackRequest(stack_name="net", template_body=vpc_template("10.0.0.0/8"),
                                                       region_id=REGION, tags=SIMULATE))
    assert (info.value.code, info.value.status_code) == ("StackExists", 409)
    with pytest.raises(ClientException) as info:  # same token, different request
        ros.create_stack(ros_models.CreateStackRequest(stack_name="net2", template_body=vpc_template("10.0.0.0/8"),
                                                       region_id=REGION, tags=SIMULATE, client_token="tok-net"))
    assert info.value.code == "InvalidIdempotenceParameter"


def test_other_account_cannot_touch(client_for, ros, simulated):
    other = client_for("charlie", "globex", "admin")
    for call in (lambda: other.delete_stack(ros_models.DeleteStackRequest(stack_id=simulated, region_id=REGION)),
                 lambda: other.update_stack(ros_models.UpdateStackRequest(
                     stack_id=simulated, region_id=REGION, template_body=vpc_template("10.1.0.0/16"))),
                 lambda: other.set_stack_policy(ros_models.SetStackPolicyRequest(
                     stack_id=simulated, region_id=REGION, stack_policy_body='{"Statement": []}'))):
        with pytest.raises(ClientException) as info:
            call()
        assert info.value.code == "StackNotFound"
    # the same ClientToken in another account is another request
    resp = other.create_stack(ros_models.CreateStackRequest(stack_name="net", template_body=vpc_template("10.0.0.0/8"),
                                                            region_id=REGION, tags=SIMULATE, client_token="tok-net"))
    assert resp.body.stack_id != simulated
    assert wait(other, resp.body.stack_id).status == "CREATE_COMPLETE"


def test_stack_policy_is_stored_and_enforced(ros, simulated):
    empty = ros.get_stack_policy(ros_models.GetStackPolicyRequest(stack_id=simulated, region_id=REGION))
    assert empty.body.stack_policy_body is None
    deny = {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
                          {"Effect": "Deny", "Action": "Update:Modify", "Principal": "*",
                           "Resource": "LogicalResourceId/Vpc"}]}
    ros.set_stack_policy(ros_models.SetStackPolicyRequest(stack_id=simulated, region_id=REGION,
                                                          stack_policy_body=json.dumps(deny)))
    got = ros.get_stack_policy(ros_models.GetStackPolicyRequest(stack_id=simulated, region_id=REGION))
    assert_round_trip(ros, got)
    assert got.body.stack_policy_body == deny
    update = ros_models.UpdateStackRequest(stack_id=simulated, region_id=REGION, template_body=vpc_template("10.1.0.0/16"))
    with pytest.raises(ClientException) as info:
        ros.update_stack(update)
    assert (info.value.code, info.value.status_code) == ("StackPolicyValidationFailed", 400)
    assert info.value.data["Message"].startswith("Action denied by stack policy: Update:Modify of resource Vpc")
    allow_now = {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
    update.stack_policy_during_update_body = json.dumps(allow_now)
    ros.update_stack(update)
    assert wait(ros, simulated).status == "UPDATE_COMPLETE"
    with pytest.raises(ClientException) as info:
        ros.set_stack_policy(ros_models.SetStackPolicyRequest(stack_id=simulated, region_id=REGION,
                                                              stack_policy_body='{"Statement": [{"Effect": "Maybe"}]}'))
    assert info.value.code == "InvalidParameter"


def test_preview_update(ros, simulated):
    resp = ros.preview_stack(ros_models.PreviewStackRequest(stack_id=simulated, region_id=REGION,
                                                            template_body=vpc_template("10.1.0.0/16")))
    assert_round_trip(ros, resp)
    (vpc,) = resp.body.stack.resources
    assert (vpc.logical_resource_id, vpc.action) == ("Vpc", "Modify")
    assert vpc.properties == {"CidrBlock": "10.1.0.0/16"} and vpc.physical_resource_id
    same = ros.preview_stack(ros_models.PreviewStackRequest(stack_id=simulated, region_id=REGION,
                                                            template_body=vpc_template("10.0.0.0/8")))
    assert same.body.stack.resources[0].action == "None"


def test_continue_and_cancel_need_the_right_state(ros, simulated):
    with pytest.raises(ClientException) as info:
        ros.continue_create_stack(ros_models.ContinueCreateStackRequest(stack_id=simulated, region_id=REGION))
    assert (info.value.code, info.value.status_code) == ("ContinueCreateStackValidationFailed", 400)
    with pytest.raises(ClientException) as info:
        ros.cancel_update_stack(ros_models.CancelUpdateStackRequest(stack_id=simulated, region_id=REGION))
    assert info.value.code == "NotSupported"
    with pytest.raises(ClientException) as info:
        ros.signal_resource(ros_models.SignalResourceRequest(stack_id=simulated, region_id=REGION,
                                                             logical_resource_id="Nope", unique_id="u1",
                                                             status="SUCCESS"))
    assert (info.value.code, info.value.status_code) == ("ResourceNotFound", 404)
