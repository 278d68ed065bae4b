"""The lottery stack through the real SDK, a live server and a real Celery worker with the FC providers:
create, get, events, resources, update, delete (once per signature scheme)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from tests.api.ros.schema import assert_round_trip

pytestmark = [pytest.mark.integration]
REGION = "cn-hangzhou"
LOTTERY = (Path(__file__).resolve().parents[2] / "fixtures" / "templates" / "lottery.json").read_text()
PERSONS = ["alice", "bob", "carol"]


def parameters(**values: str) -> list[ros_models.CreateStackRequestParameters]:
    return [ros_models.CreateStackRequestParameters(parameter_key=k, parameter_value=v) for k, v in values.items()]


def wait(ros, stack_id: str, timeout: float = 120.0) -> ros_models.GetStackResponseBody:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = ros.get_stack(ros_models.GetStackRequest(stack_id=stack_id, region_id=REGION)).body
        if not body.status.endswith("_IN_PROGRESS"):
            return body
        time.sleep(0.5)
    raise AssertionError(f"stack {stack_id} still in progress after {timeout}s")


def test_lottery_lifecycle(ros, celery_worker):
    token = f"lottery-{time.monotonic_ns()}"
    request = ros_models.CreateStackRequest(
        stack_name="lottery", template_body=LOTTERY, region_id=REGION, timeout_in_minutes=10, client_token=token,
        parameters=parameters(Persons=",".join(PERSONS), ExecuteVersion="1"),
        tags=[ros_models.CreateStackRequestTags(key="team", value="draw")])
    created = ros.create_stack(request)
    assert_round_trip(ros, created)
    stack_id = created.body.stack_id
    again = ros.create_stack(request)  # same ClientToken: same stack, nothing new
    assert again.body.stack_id == stack_id

    body = wait(ros, stack_id)
    assert body.status == "CREATE_COMPLETE", body.status_reason
    got = ros.get_stack(ros_models.GetStackRequest(stack_id=stack_id, region_id=REGION,
                                                   show_resource_progress="EnabledIfCreateStack"))
    assert_round_trip(ros, got)
    result = got.body.outputs[0]
    assert result["OutputKey"] == "Result"
    assert any(result["OutputValue"] == f"恭喜{p}中奖" for p in PERSONS), result
    assert got.body.resource_progress.success_resource_count == 3
    params = {p.parameter_key: p.parameter_value for p in got.body.parameters}
    assert params["Persons"] == "alice,bob,carol" and params["ALIYUN::StackName"] == "lottery"

    resources = ros.list_stack_resources(ros_models.ListStackResourcesRequest(stack_id=stack_id, region_id=REGION))
    assert_round_trip(ros, resources)
    assert {(r.logical_resource_id, r.resource_type, r.status) for r in resources.body.resources} == {
        ("Service", "ALIYUN::FC::Service", "CREATE_COMPLETE"),
        ("Function", "ALIYUN::FC::Function", "CREATE_COMPLETE"),
        ("FunctionInvoker", "ALIYUN::FC::FunctionInvoker", "CREATE_COMPLETE")}
    invoker = ros.get_stack_resource(ros_models.GetStackResourceRequest(
        stack_id=stack_id, region_id=REGION, logical_resource_id="FunctionInvoker", resource_attributes=["Result"]))
    assert_round_trip(ros, invoker)
    assert invoker.body.resource_attributes[0]["ResourceAttributeKey"] == "Result"
    assert invoker.body.resource_attributes[0]["ResourceAttributeValue"] in PERSONS

    events = ros.list_stack_events(ros_models.ListStackEventsRequest(stack_id=stack_id, region_id=REGION,
                                                                     page_size=50))
    assert_round_trip(ros, events)
    first = events.body.events[0]
    assert (first.logical_resource_id, first.resource_type, first.status) == (
        "lottery", "ALIYUN::ROS::Stack", "CREATE_COMPLETE")
    assert events.body.events[-1].status == "CREATE_IN_PROGRESS"
    sequence_times = [e.create_time for e in events.body.events]
    assert sequence_times == sorted(sequence_times, reverse=True)

    with pytest.raises(ClientException) as info:  # nothing changes: ROS refuses
        ros.update_stack(ros_models.UpdateStackRequest(stack_id=stack_id, region_id=REGION, template_body=LOTTERY,
                                                       use_previous_parameters=True))
    assert info.value.code == "NotSupported"
    dry = ros.update_stack(ros_models.UpdateStackRequest(
        stack_id=stack_id, region_id=REGION, use_previous_parameters=True, dry_run=True,
        parameters=[ros_models.UpdateStackRequestParameters(parameter_key="ExecuteVersion", parameter_value="2")]))
    assert_round_trip(ros, dry)
    assert "ExecuteVersion" in dry.body.dry_run_result.parameters_allowed_to_be_modified
    updated = ros.update_stack(ros_models.UpdateStackRequest(
        stack_id=stack_id, region_id=REGION, use_previous_parameters=True,
        parameters=[ros_models.UpdateStackRequestParameters(parameter_key="ExecuteVersion", parameter_value="2")]))
    assert_round_trip(ros, updated)
    assert updated.body.stack_id == stack_id
    body = wait(ros, stack_id)
    assert body.status == "UPDATE_COMPLETE", body.status_reason

    ros.set_deletion_protection(ros_models.SetDeletionProtectionRequest(stack_id=stack_id, region_id=REGION,
                                                                        deletion_protection="Enabled"))
    with pytest.raises(ClientException) as info:
        ros.delete_stack(ros_models.DeleteStackRequest(stack_id=stack_id, region_id=REGION))
    assert info.value.status_code == 400 and "deletion protection" in info.value.message
    ros.set_deletion_protection(ros_models.SetDeletionProtectionRequest(stack_id=stack_id, region_id=REGION,
                                                                        deletion_protection="Disabled"))
    deleted = ros.delete_stack(ros_models.DeleteStackRequest(stack_id=stack_id, region_id=REGION))
    assert_round_trip(ros, deleted)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status = ros.get_stack(ros_models.GetStackRequest(stack_id=stack_id, region_id=REGION)).body.status
        except ClientException as exc:
            assert exc.code == "StackNotFound"
            break
        assert status in ("DELETE_IN_PROGRESS", "DELETE_COMPLETE"), status
        time.sleep(0.5)
    else:
        raise AssertionError("stack was not deleted")
    events = ros.list_stack_events(ros_models.ListStackEventsRequest(stack_id=stack_id, region_id=REGION,
                                                                     page_size=1))
    assert events.body.events[0].status == "DELETE_COMPLETE"
    listed = ros.list_stacks(ros_models.ListStacksRequest(region_id=REGION))
    assert stack_id not in [s.stack_id for s in listed.body.stacks]
