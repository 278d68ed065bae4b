"""PreviewStack (create and update) and the change-set actions."""
from __future__ import annotations

import json
import uuid

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from tests.api.ros.schema import assert_round_trip
from tests.api.ros.test_lifecycle import LOTTERY, REGION

SECRET_TEMPLATE = json.dumps({
    "ROSTemplateFormatVersion": "2015-09-01", "Description": "preview me",
    "Parameters": {"Name": {"Type": "String"}, "Token": {"Type": "String", "NoEcho": True}},
    "Resources": {
        "Service": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": {"Ref": "Name"},
                                                                  "Description": {"Ref": "Token"}}},
        "Function": {"Type": "ALIYUN::FC::Function", "Properties": {
            "ServiceName": {"Fn::GetAtt": ["Service", "ServiceName"]}, "FunctionName": "f",
            "Handler": "index.handler", "Runtime": "python3.10", "Code": {"SourceCode": "def handler(e, c): pass"}}}},
})


def test_preview_create(ros):
    resp = ros.preview_stack(ros_models.PreviewStackRequest(
        stack_name="pv", template_body=SECRET_TEMPLATE, region_id=REGION,
        parameters=[ros_models.PreviewStackRequestParameters(parameter_key="Name", parameter_value="svc"),
                    ros_models.PreviewStackRequestParameters(parameter_key="Token", parameter_value="s3cret")]))
    assert_round_trip(ros, resp)
    stack = resp.body.stack
    assert (stack.stack_name, stack.description, stack.region_id) == ("pv", "preview me", REGION)
    by_id = {r.logical_resource_id: r for r in stack.resources}
    assert by_id["Service"].action == "Add" and by_id["Service"].required_by == ["Function"]
    assert by_id["Service"].properties == {"ServiceName": "svc", "Description": "****"}
    assert by_id["Function"].properties["ServiceName"] == "${Service.ServiceName}"
    params = {p.parameter_key: p.parameter_value for p in stack.parameters}
    assert params["Token"] == "****" and params["ALIYUN::StackName"] == "pv"


def test_preview_errors(ros):
    with pytest.raises(ClientException) as info:
        ros.preview_stack(ros_models.PreviewStackRequest(stack_name="pv", template_body=LOTTERY, region_id=REGION))
    assert info.value.code == "UserParameterMissing"
    with pytest.raises(ClientException) as info:
        ros.preview_stack(ros_models.PreviewStackRequest(template_body=LOTTERY, region_id=REGION))
    assert info.value.code == "MissingParameter"


@pytest.fixture
def stack_with_change_set(ros, transactional_db):
    from rosconsole.accounts.models import Account
    from stacks.models import ChangeSet, Stack

    stack = Stack.objects.create(account=Account.objects.get(name="acme"), region=REGION, name="cs",
                                 status="CREATE_COMPLETE", template_body=LOTTERY, parameters={"Persons": "a"})
    change = {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "FunctionInvoker",
                                                     "ResourceType": "ALIYUN::FC::FunctionInvoker",
                                                     "Replacement": "False", "Scope": ["Properties"], "Details": []}}
    first = ChangeSet.objects.create(stack=stack, name="bump-1", template_body=LOTTERY,
                                     parameters={"Persons": "a", "ExecuteVersion": "2"}, changes=[change])
    ChangeSet.objects.create(stack=stack, name="other", execution_status="OBSOLETE")
    return stack, first


def test_list_and_get_change_sets(ros, stack_with_change_set):
    stack, first = stack_with_change_set
    listed = ros.list_change_sets(ros_models.ListChangeSetsRequest(stack_id=str(stack.pk), region_id=REGION))
    assert_round_trip(ros, listed)
    assert listed.body.total_count == 2
    named = ros.list_change_sets(ros_models.ListChangeSetsRequest(stack_id=str(stack.pk), region_id=REGION,
                                                                  change_set_name=["bump-*"]))
    assert [c.change_set_name for c in named.body.change_sets] == ["bump-1"]
    available = ros.list_change_sets(ros_models.ListChangeSetsRequest(stack_id=str(stack.pk), region_id=REGION,
                                                                      execution_status=["AVAILABLE"]))
    assert [c.change_set_id for c in available.body.change_sets] == [str(first.pk)]
    got = ros.get_change_set(ros_models.GetChangeSetRequest(change_set_id=str(first.pk), region_id=REGION,
                                                            show_template=True))
    assert_round_trip(ros, got)
    assert got.body.changes[0]["ResourceChange"]["LogicalResourceId"] == "FunctionInvoker"
    assert got.body.template_body == LOTTERY and got.body.stack_name == "cs"
    template = ros.get_template(ros_models.GetTemplateRequest(change_set_id=str(first.pk), region_id=REGION))
    assert template.body.change_set_id == str(first.pk)
    with pytest.raises(ClientException) as info:
        ros.get_change_set(ros_models.GetChangeSetRequest(change_set_id=str(uuid.uuid4()), region_id=REGION))
    assert (info.value.code, info.value.status_code) == ("ChangeSetNotFound", 404)


def test_change_sets_of_another_account_are_invisible(client_for, stack_with_change_set):
    stack, first = stack_with_change_set
    other = client_for("charlie", "globex", "admin")
    with pytest.raises(ClientException) as info:
        other.get_change_set(ros_models.GetChangeSetRequest(change_set_id=str(first.pk), region_id=REGION))
    assert info.value.code == "ChangeSetNotFound"
    with pytest.raises(ClientException) as info:
        other.delete_change_set(ros_models.DeleteChangeSetRequest(change_set_id=str(first.pk), region_id=REGION))
    assert info.value.code == "ChangeSetNotFound"


# --- Replacement True|Conditional and change Details (Static / Dynamic) ----------------------------

def _test_template(a_value: str) -> str:
    """A (update_replace non-updatable) and B whose update_replace is Ref A: replacing A may replace B."""
    from stacks.resources import test_provider

    res = {"Type": test_provider.TYPE}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {
        "A": {**res, "Properties": {"update_replace": a_value}},
        "B": {**res, "Properties": {"update_replace": {"Ref": "A"}, "value": {"Fn::GetAtt": ["A", "Id"]}}},
        "C": {**res, "Properties": {"value": "same"}}}})


@pytest.fixture
def test_stack(ros):
    """A stack of test resources, created in-process (the `ros` fixture made alice in acme)."""
    from django.contrib.auth import get_user_model

    from rosconsole.accounts.models import Account
    from stacks import services
    from stacks.engine.driver import InProcessDriver
    from stacks.resources import test_provider

    test_provider.register()
    alice = get_user_model().objects.get(username="alice")
    driver = InProcessDriver()
    with driver.active():
        stack = services.create_stack(alice, Account.objects.get(name="acme"), name="repl",
                                      template_body=_test_template("a"))
        driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    return stack


def test_preview_update_reports_true_and_conditional_replacement(ros, test_stack):
    resp = ros.preview_stack(ros_models.PreviewStackRequest(stack_id=str(test_stack.pk), region_id=REGION,
                                                            template_body=_test_template("b")))
    assert_round_trip(ros, resp)
    by_id = {r.logical_resource_id: r for r in resp.body.stack.resources}
    assert (by_id["A"].action, by_id["A"].replacement) == ("Modify", "True")
    assert (by_id["B"].action, by_id["B"].replacement) == ("Modify", "Conditional")
    assert by_id["B"].physical_resource_id == test_stack.resources.get(logical_id="B").physical_id
    assert by_id["C"].action == "None" and by_id["C"].replacement is None


def test_get_change_set_shows_static_and_dynamic_details(ros, test_stack):
    created = ros.create_change_set(ros_models.CreateChangeSetRequest(
        stack_id=str(test_stack.pk), region_id=REGION, change_set_name="replace-a", change_set_type="UPDATE",
        template_body=_test_template("b"), replacement_option="Enabled"))
    got = ros.get_change_set(ros_models.GetChangeSetRequest(change_set_id=created.body.change_set_id,
                                                            region_id=REGION))
    assert_round_trip(ros, got)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in got.body.changes}
    assert list(changes) == ["A", "B"]
    a, b = changes["A"], changes["B"]
    assert (a["Action"], a["Replacement"], a["Scope"]) == ("Modify", "True", ["Properties"])
    assert a["Details"] == [{"ChangeSource": "DirectModification", "Evaluation": "Static",
                             "Target": {"Attribute": "Properties", "Name": "update_replace",
                                        "RequiresRecreation": "Always"}}]
    assert (b["Action"], b["Replacement"]) == ("Modify", "Conditional")
    assert b["PhysicalResourceId"] == test_stack.resources.get(logical_id="B").physical_id
    assert b["Details"] == [
        {"ChangeSource": "ResourceReference", "CausingEntity": "A", "Evaluation": "Dynamic",
         "Target": {"Attribute": "Properties", "Name": "update_replace", "RequiresRecreation": "Always"}},
        {"ChangeSource": "ResourceAttribute", "CausingEntity": "A.Id", "Evaluation": "Dynamic",
         "Target": {"Attribute": "Properties", "Name": "value", "RequiresRecreation": "Never"}}]
