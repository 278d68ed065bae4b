"""CreateChangeSet (UPDATE and CREATE), GetChangeSet, ExecuteChangeSet and DeleteChangeSet through the real SDK.

Execution runs the lottery stack's update on a real Celery worker: bumping ExecuteVersion re-invokes the function.
"""
from __future__ import annotations

import time
import uuid

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from tests.api.ros.schema import assert_round_trip
from tests.api.ros.test_lifecycle import LOTTERY, REGION, parameters, wait


def cs_parameters(**values: str) -> list[ros_models.CreateChangeSetRequestParameters]:
    return [ros_models.CreateChangeSetRequestParameters(parameter_key=k, parameter_value=v) for k, v in values.items()]


def get(ros, change_set_id: str) -> ros_models.GetChangeSetResponseBody:
    return ros.get_change_set(ros_models.GetChangeSetRequest(change_set_id=change_set_id, region_id=REGION)).body


def code_of(call) -> tuple[str, int]:
    with pytest.raises(ClientException) as info:
        call()
    return info.value.code, info.value.status_code


@pytest.mark.integration
def test_update_change_set_executes_on_a_worker(ros, celery_worker):
    from fcruntime.models import Invocation

    created = ros.create_stack(ros_models.CreateStackRequest(
        stack_name="lottery", template_body=LOTTERY, region_id=REGION,
        parameters=parameters(Persons="alice,bob", ExecuteVersion="1")))
    stack_id = created.body.stack_id
    assert wait(ros, stack_id).status == "CREATE_COMPLETE"
    invocations = Invocation.objects.filter(function_name="test-fc-function").count()
    assert invocations == 1

    request = ros_models.CreateChangeSetRequest(
        stack_id=stack_id, region_id=REGION, change_set_name="bump", change_set_type="UPDATE",
        use_previous_parameters=True, parameters=cs_parameters(ExecuteVersion="2"), timeout_in_minutes=20,
        description="run the draw again")
    resp = ros.create_change_set(request)
    assert_round_trip(ros, resp)
    assert resp.body.stack_id == stack_id
    change_set_id = resp.body.change_set_id
    assert code_of(lambda: ros.create_change_set(request)) == ("ChangeSetExists", 409)

    body = get(ros, change_set_id)
    assert (body.change_set_name, body.change_set_type, body.status, body.execution_status) == (
        "bump", "UPDATE", "CREATE_COMPLETE", "AVAILABLE")
    assert (body.description, body.timeout_in_minutes) == ("run the draw again", 20)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in body.changes}
    assert list(changes) == ["FunctionInvoker"]
    assert changes["FunctionInvoker"]["Action"] == "Modify"
    assert changes["FunctionInvoker"]["ResourceType"] == "ALIYUN::FC::FunctionInvoker"
    assert {p.parameter_key: p.parameter_value for p in body.parameters}["ExecuteVersion"] == "2"

    executed = ros.execute_change_set(ros_models.ExecuteChangeSetRequest(change_set_id=change_set_id,
                                                                          region_id=REGION))
    assert_round_trip(ros, executed)
    final = wait(ros, stack_id)
    assert final.status == "UPDATE_COMPLETE", final.status_reason
    assert final.timeout_in_minutes == 20
    assert {p.parameter_key: p.parameter_value for p in final.parameters}["ExecuteVersion"] == "2"
    assert Invocation.objects.filter(function_name="test-fc-function").count() == invocations + 1
    assert get(ros, change_set_id).execution_status == "EXECUTE_COMPLETE"
    assert code_of(lambda: ros.execute_change_set(ros_models.ExecuteChangeSetRequest(
        change_set_id=change_set_id, region_id=REGION)))[0] == "InvalidChangeSetStatus"

    deleted = ros.delete_change_set(ros_models.DeleteChangeSetRequest(change_set_id=change_set_id,
                                                                       region_id=REGION))
    assert_round_trip(ros, deleted)
    assert code_of(lambda: get(ros, change_set_id)) == ("ChangeSetNotFound", 404)


def test_create_change_set_makes_a_stack_under_review(ros, transactional_db):
    resp = ros.create_change_set(ros_models.CreateChangeSetRequest(
        stack_name="draw", region_id=REGION, change_set_name="first", change_set_type="CREATE",
        template_body=LOTTERY, parameters=cs_parameters(Persons="a,b"), disable_rollback=True,
        timeout_in_minutes=30, tags=[ros_models.CreateChangeSetRequestTags(key="team", value="draw")]))
    assert_round_trip(ros, resp)
    stack = ros.get_stack(ros_models.GetStackRequest(stack_id=resp.body.stack_id, region_id=REGION)).body
    assert (stack.stack_name, stack.status) == ("draw", "REVIEW_IN_PROGRESS")
    assert (stack.disable_rollback, stack.timeout_in_minutes) == (True, 30)
    assert {t.key: t.value for t in stack.tags} == {"team": "draw"}

    body = get(ros, resp.body.change_set_id)
    assert (body.change_set_type, body.execution_status, body.stack_id) == ("CREATE", "AVAILABLE",
                                                                             resp.body.stack_id)
    assert (body.disable_rollback, body.timeout_in_minutes) == (True, 30)
    assert sorted((c["ResourceChange"]["LogicalResourceId"], c["ResourceChange"]["Action"]) for c in body.changes) \
        == [("Function", "Add"), ("FunctionInvoker", "Add"), ("Service", "Add")]
    listed = ros.list_change_sets(ros_models.ListChangeSetsRequest(stack_id=resp.body.stack_id, region_id=REGION))
    assert [c.change_set_name for c in listed.body.change_sets] == ["first"]

    again = ros_models.CreateChangeSetRequest(stack_name="draw", region_id=REGION, change_set_name="second",
                                              change_set_type="CREATE", template_body=LOTTERY,
                                              parameters=cs_parameters(Persons="a"))
    assert code_of(lambda: ros.create_change_set(again)) == ("StackExists", 409)
    ros.delete_change_set(ros_models.DeleteChangeSetRequest(change_set_id=resp.body.change_set_id,
                                                            region_id=REGION))
    assert code_of(lambda: get(ros, resp.body.change_set_id)) == ("ChangeSetNotFound", 404)


def test_change_set_write_errors(ros, transactional_db):
    missing = str(uuid.uuid4())
    assert code_of(lambda: ros.execute_change_set(ros_models.ExecuteChangeSetRequest(
        change_set_id=missing, region_id=REGION))) == ("ChangeSetNotFound", 404)
    assert code_of(lambda: ros.delete_change_set(ros_models.DeleteChangeSetRequest(
        change_set_id=missing, region_id=REGION))) == ("ChangeSetNotFound", 404)
    assert code_of(lambda: ros.create_change_set(ros_models.CreateChangeSetRequest(
        stack_id=missing, region_id=REGION, change_set_name="x", template_body=LOTTERY))) == ("StackNotFound", 404)
    assert code_of(lambda: ros.create_change_set(ros_models.CreateChangeSetRequest(
        region_id=REGION, change_set_name="x", change_set_type="CREATE", template_body=LOTTERY)))[0] == \
        "MissingParameter"
    assert code_of(lambda: ros.create_change_set(ros_models.CreateChangeSetRequest(
        stack_name="t", region_id=REGION, change_set_name="x", change_set_type="CREATE", template_body=LOTTERY,
        parameters=cs_parameters(Persons="a"), timeout_in_minutes=5)))[0] == "InvalidParameter"
