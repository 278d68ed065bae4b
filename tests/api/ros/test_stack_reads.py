"""GetStack, ListStacks, ListStackEvents, ListStackResources, GetStackResource on rows made directly
(the engine's write path is covered by test_lifecycle); isolation between accounts."""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException
from django.utils import timezone

from tests.api.ros.schema import assert_round_trip

TEMPLATE = json.dumps({
    "ROSTemplateFormatVersion": "2015-09-01", "Description": "reads",
    "Parameters": {"Name": {"Type": "String", "Default": "svc"}, "Secret": {"Type": "String", "NoEcho": True}},
    "Resources": {"Service": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": {"Ref": "Name"}}}},
})
REGION = "cn-hangzhou"


@pytest.fixture
def stack_rows(ros, transactional_db):
    from rosconsole.accounts.models import Account
    from stacks.models import Stack, StackEvent, StackResource

    account = Account.objects.get(name="acme")
    now = timezone.now()
    stack = Stack.objects.create(account=account, region=REGION, name="reads", description="reads",
                                 status="CREATE_COMPLETE", template_body=TEMPLATE,
                                 parameters={"Secret": "hunter2"}, no_echo=["Secret"], tags={"env": "test"},
                                 outputs=[{"OutputKey": "Url", "OutputValue": "http://x", "Description": "u"}],
                                 created_at=now - timedelta(minutes=5), updated_at=now)
    StackResource.objects.create(stack=stack, logical_id="Service", type="ALIYUN::FC::Service",
                                 physical_id="svc", status="CREATE_COMPLETE", status_reason="state changed",
                                 attributes={"ServiceId": "abc", "ServiceName": "svc"})
    for i, (lid, kind, status) in enumerate([
            ("reads", "ALIYUN::ROS::Stack", "CREATE_IN_PROGRESS"),
            ("Service", "ALIYUN::FC::Service", "CREATE_IN_PROGRESS"),
            ("Service", "ALIYUN::FC::Service", "CREATE_COMPLETE"),
            ("reads", "ALIYUN::ROS::Stack", "CREATE_COMPLETE")], start=1):
        StackEvent.objects.create(stack=stack, sequence=i, logical_id=lid, resource_type=kind, status=status,
                                  physical_id="svc" if lid == "Service" and status.endswith("COMPLETE") else "",
                                  created_at=now - timedelta(seconds=10 - i))
    Stack.objects.create(account=account, region=REGION, name="old", status="DELETE_COMPLETE", template_body=TEMPLATE)
    Stack.objects.create(account=account, region="cn-shanghai", name="elsewhere", status="CREATE_COMPLETE",
                         template_body=TEMPLATE)
    return stack


def test_get_stack(ros, stack_rows):
    resp = ros.get_stack(ros_models.GetStackRequest(stack_id=str(stack_rows.pk), region_id=REGION))
    raw = assert_round_trip(ros, resp)
    body = resp.body
    assert (body.stack_name, body.status, body.stack_type, body.region_id) == ("reads", "CREATE_COMPLETE", "ROS",
                                                                                REGION)
    params = {p.parameter_key: p.parameter_value for p in body.parameters}
    assert params["Name"] == "svc" and params["Secret"] == "****"
    assert params["ALIYUN::StackId"] == str(stack_rows.pk) and params["ALIYUN::Region"] == REGION
    assert body.outputs == [{"OutputKey": "Url", "OutputValue": "http://x", "Description": "u"}]
    assert body.deletion_protection == "Disabled" and body.disable_rollback is False
    assert [(t.key, t.value) for t in body.tags] == [("env", "test")]
    assert len(raw["CreateTime"]) == 19 and "Z" not in raw["CreateTime"]
    assert body.template_description == "reads"
    hidden = ros.get_stack(ros_models.GetStackRequest(stack_id=str(stack_rows.pk), region_id=REGION,
                                                      output_option="Disabled"))
    assert hidden.body.outputs is None


def test_get_stack_resource_progress(ros, stack_rows):
    resp = ros.get_stack(ros_models.GetStackRequest(stack_id=str(stack_rows.pk), region_id=REGION,
                                                    show_resource_progress="PercentageOnly"))
    assert_round_trip(ros, resp)
    progress = resp.body.resource_progress
    assert (progress.total_resource_count, progress.success_resource_count) == (1, 1)
    assert progress.stack_operation_progress == 100.0


def test_stack_not_found(ros, stack_rows):
    for stack_id in (str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(ClientException) as info:
            ros.get_stack(ros_models.GetStackRequest(stack_id=stack_id, region_id=REGION))
        assert (info.value.code, info.value.status_code) == ("StackNotFound", 404)
        assert info.value.data["Message"] == f"The Stack ({stack_id}) could not be found."
    with pytest.raises(ClientException) as info:  # right id, wrong region
        ros.get_stack(ros_models.GetStackRequest(stack_id=str(stack_rows.pk), region_id="cn-shanghai"))
    assert info.value.code == "StackNotFound"


def test_region_is_required_and_checked(ros, stack_rows):
    with pytest.raises(ClientException) as info:
        ros.get_stack(ros_models.GetStackRequest(stack_id=str(stack_rows.pk)))
    assert info.value.code == "MissingParameter" and "RegionId" in info.value.message
    with pytest.raises(ClientException) as info:
        ros.list_stacks(ros_models.ListStacksRequest(region_id="mars-north-1"))
    assert info.value.code == "InvalidParameter"


def test_other_account_sees_nothing(client_for, stack_rows):
    other = client_for("charlie", "globex", "admin")
    for call in (lambda: other.get_stack(ros_models.GetStackRequest(stack_id=str(stack_rows.pk), region_id=REGION)),
                 lambda: other.list_stack_events(ros_models.ListStackEventsRequest(stack_id=str(stack_rows.pk),
                                                                                   region_id=REGION)),
                 lambda: other.list_stack_resources(ros_models.ListStackResourcesRequest(
                     stack_id=str(stack_rows.pk), region_id=REGION)),
                 lambda: other.get_template(ros_models.GetTemplateRequest(stack_id=str(stack_rows.pk),
                                                                          region_id=REGION))):
        with pytest.raises(ClientException) as info:
            call()
        assert info.value.code == "StackNotFound"
    listed = other.list_stacks(ros_models.ListStacksRequest(region_id=REGION))
    assert listed.body.total_count == 0 and listed.body.stacks == []


def test_list_stacks(ros, stack_rows):
    resp = ros.list_stacks(ros_models.ListStacksRequest(region_id=REGION))
    assert_round_trip(ros, resp)
    assert [s.stack_name for s in resp.body.stacks] == ["reads"]
    assert (resp.body.page_number, resp.body.page_size, resp.body.total_count) == (1, 10, 1)
    deleted = ros.list_stacks(ros_models.ListStacksRequest(region_id=REGION, status=["DELETE_COMPLETE"]))
    assert [s.stack_name for s in deleted.body.stacks] == ["old"]
    by_name = ros.list_stacks(ros_models.ListStacksRequest(region_id=REGION, stack_name=["nope"]))
    assert by_name.body.total_count == 0
    tagged = ros.list_stacks(ros_models.ListStacksRequest(
        region_id=REGION, tag=[ros_models.ListStacksRequestTag(key="env", value="test")]))
    assert tagged.body.total_count == 1
    untagged = ros.list_stacks(ros_models.ListStacksRequest(
        region_id=REGION, tag=[ros_models.ListStacksRequestTag(key="env", value="prod")]))
    assert untagged.body.total_count == 0
    with pytest.raises(ClientException) as info:
        ros.list_stacks(ros_models.ListStacksRequest(region_id=REGION, page_size=51))
    assert info.value.code == "InvalidParameter"


def test_list_stack_events_newest_first_with_paging(ros, stack_rows):
    resp = ros.list_stack_events(ros_models.ListStackEventsRequest(stack_id=str(stack_rows.pk), region_id=REGION,
                                                                   page_size=3))
    assert_round_trip(ros, resp)
    assert resp.body.total_count == 4
    assert [(e.logical_resource_id, e.status) for e in resp.body.events] == [
        ("reads", "CREATE_COMPLETE"), ("Service", "CREATE_COMPLETE"), ("Service", "CREATE_IN_PROGRESS")]
    page2 = ros.list_stack_events(ros_models.ListStackEventsRequest(stack_id=str(stack_rows.pk), region_id=REGION,
                                                                    page_size=3, page_number=2))
    assert [e.status for e in page2.body.events] == ["CREATE_IN_PROGRESS"]
    filtered = ros.list_stack_events(ros_models.ListStackEventsRequest(
        stack_id=str(stack_rows.pk), region_id=REGION, logical_resource_id=["Service"], status=["CREATE_COMPLETE"]))
    assert [(e.physical_resource_id, e.stack_name) for e in filtered.body.events] == [("svc", "reads")]
    typed = ros.list_stack_events(ros_models.ListStackEventsRequest(
        stack_id=str(stack_rows.pk), region_id=REGION, resource_type=["ALIYUN::ROS::Stack"]))
    assert typed.body.total_count == 2


def test_resources(ros, stack_rows):
    resp = ros.list_stack_resources(ros_models.ListStackResourcesRequest(stack_id=str(stack_rows.pk),
                                                                         region_id=REGION))
    assert_round_trip(ros, resp)
    assert [(r.logical_resource_id, r.physical_resource_id, r.status) for r in resp.body.resources] == [
        ("Service", "svc", "CREATE_COMPLETE")]
    one = ros.get_stack_resource(ros_models.GetStackResourceRequest(
        stack_id=str(stack_rows.pk), region_id=REGION, logical_resource_id="Service", show_resource_attributes=True))
    assert_round_trip(ros, one)
    assert one.body.resource_attributes == [{"ResourceAttributeKey": "ServiceId", "ResourceAttributeValue": "abc"},
                                            {"ResourceAttributeKey": "ServiceName", "ResourceAttributeValue": "svc"}]
    with pytest.raises(ClientException) as info:
        ros.get_stack_resource(ros_models.GetStackResourceRequest(stack_id=str(stack_rows.pk), region_id=REGION,
                                                                  logical_resource_id="Nope"))
    assert (info.value.code, info.value.status_code) == ("ResourceNotFound", 404)


def test_get_template_and_summary_of_a_stack(ros, stack_rows):
    resp = ros.get_template(ros_models.GetTemplateRequest(stack_id=str(stack_rows.pk), region_id=REGION))
    assert_round_trip(ros, resp)
    assert resp.body.template_body == TEMPLATE
    summary = ros.get_template_summary(ros_models.GetTemplateSummaryRequest(stack_id=str(stack_rows.pk),
                                                                            region_id=REGION))
    assert summary.body.resource_types == ["ALIYUN::FC::Service"]
