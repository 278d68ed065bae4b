"""CreateStack/UpdateStack/DeleteStack refusals: validation codes, roles, isolation, ClientToken misuse."""
from __future__ import annotations

import json
import uuid

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from tests.api.ros.test_lifecycle import LOTTERY, REGION, parameters

SERVICE = {"ROSTemplateFormatVersion": "2015-09-01",
           "Resources": {"S": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": "s"}}}}


def create(ros, template, name="bad", **kwargs):
    text = template if isinstance(template, str) else json.dumps(template)
    return ros.create_stack(ros_models.CreateStackRequest(stack_name=name, template_body=text, region_id=REGION,
                                                          **kwargs))


@pytest.mark.parametrize("template, params, code", [
    (LOTTERY, {}, "UserParameterMissing"),
    (LOTTERY, {"Persons": "a", "Nope": "x"}, "UnknownUserParameter"),
    ({"ROSTemplateFormatVersion": "2015-09-01",
      "Resources": {"S": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": {"Ref": "Missing"}}}}},
     {}, "InvalidTemplateReference"),
    ({"ROSTemplateFormatVersion": "2015-09-01",
      "Resources": {"S": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": "s", "Bogus": 1}}}},
     {}, "StackValidationFailed"),
    ({"ROSTemplateFormatVersion": "2015-09-01",
      "Resources": {"V": {"Type": "ALIYUN::ECS::VPC", "Properties": {"CidrBlock": "10.0.0.0/8"}}}},
     {}, "NotSupported"),
])
def test_create_validation_errors(ros, template, params, code):
    with pytest.raises(ClientException) as info:
        create(ros, template, parameters=parameters(**params))
    assert (info.value.code, info.value.status_code) == (code, 400), info.value.message
    assert info.value.data["Recommend"].endswith(f"q={code}&product=ROS")


def test_create_parameter_errors(ros):
    with pytest.raises(ClientException) as info:
        create(ros, SERVICE, name="1-starts-with-digit")
    assert info.value.code == "InvalidParameter" and "StackName" in info.value.message
    with pytest.raises(ClientException) as info:
        ros.create_stack(ros_models.CreateStackRequest(template_body=json.dumps(SERVICE), region_id=REGION))
    assert info.value.code == "MissingParameter" and "StackName" in info.value.message
    with pytest.raises(ClientException) as info:
        create(ros, SERVICE, timeout_in_minutes=5)
    assert info.value.code == "InvalidParameter" and "TimeoutInMinutes" in info.value.message
    with pytest.raises(ClientException) as info:
        create(ros, SERVICE, notification_urls=["http://example.com/hook"])
    assert info.value.code == "NotSupported" and "NotificationURLs" in info.value.message
    with pytest.raises(ClientException) as info:
        create(ros, SERVICE, deletion_protection="Maybe")
    assert info.value.code == "InvalidParameter"


def test_viewer_cannot_change(client_for):
    viewer = client_for("bob", "acme", "viewer")
    viewer.list_stacks(ros_models.ListStacksRequest(region_id=REGION))
    with pytest.raises(ClientException) as info:
        create(viewer, SERVICE)
    assert (info.value.code, info.value.status_code) == ("Forbidden", 403)


def test_unknown_stack_for_every_stack_action(ros):
    missing = str(uuid.uuid4())
    calls = [
        lambda: ros.update_stack(ros_models.UpdateStackRequest(stack_id=missing, region_id=REGION,
                                                               template_body=json.dumps(SERVICE))),
        lambda: ros.delete_stack(ros_models.DeleteStackRequest(stack_id=missing, region_id=REGION)),
        lambda: ros.set_deletion_protection(ros_models.SetDeletionProtectionRequest(
            stack_id=missing, region_id=REGION, deletion_protection="Enabled")),
        lambda: ros.continue_create_stack(ros_models.ContinueCreateStackRequest(stack_id=missing, region_id=REGION)),
        lambda: ros.cancel_update_stack(ros_models.CancelUpdateStackRequest(stack_id=missing, region_id=REGION)),
        lambda: ros.get_stack_policy(ros_models.GetStackPolicyRequest(stack_id=missing, region_id=REGION)),
        lambda: ros.list_stack_events(ros_models.ListStackEventsRequest(stack_id=missing, region_id=REGION)),
    ]
    for call in calls:
        with pytest.raises(ClientException) as info:
            call()
        assert (info.value.code, info.value.status_code) == ("StackNotFound", 404)
