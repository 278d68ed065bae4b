from __future__ import annotations

import json

import pytest

from stacks import services
from stacks.models import Stack
from tests.scenarios.conftest import res, tpl

pytestmark = pytest.mark.django_db

CHILD = {"ROSTemplateFormatVersion": "2015-09-01", "Parameters": {"V": {"Type": "String"}},
         "Resources": {"Inner": res(value={"Ref": "V"})},
         "Outputs": {"Out": {"Value": {"Fn::GetAtt": ["Inner", "Value"]}}}}


def parent_template(child: dict) -> str:
    return tpl({"Child": {"Type": "ALIYUN::ROS::Stack",
                          "Properties": {"TemplateBody": child, "Parameters": {"V": "hello"}}},
                "User": res(value={"Fn::GetAtt": ["Child", "Outputs.Out"]})},
               outputs={"FromChild": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Out"]}}})


def test_nested_stack_create_outputs_and_cascading_delete(alice, account, driver):
    parent = services.create_stack(alice, account, name="parent", template_body=parent_template(CHILD))
    driver.run()
    parent.refresh_from_db()
    assert parent.status == "CREATE_COMPLETE", parent.status_reason
    child = Stack.objects.get(parent=parent)
    assert child.status == "CREATE_COMPLETE" and child.parent_logical_id == "Child"
    assert parent.resources.get(logical_id="Child").physical_id == str(child.pk)
    assert parent.outputs[0]["OutputValue"] == "hello"
    assert parent.resources.get(logical_id="User").attributes["Value"] == "hello"
    assert [s.name for s in services.list_stacks(alice, account)] == ["parent"]
    services.delete_stack(alice, account, parent)
    driver.run()
    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.status == "DELETE_COMPLETE" and child.status == "DELETE_COMPLETE"


def test_nested_failure_fails_parent_and_rolls_back(alice, account, driver):
    bad = json.loads(json.dumps(CHILD))
    bad["Resources"]["Inner"]["Properties"]["fail"] = "create"
    parent = services.create_stack(alice, account, name="p2", template_body=parent_template(bad))
    driver.run()
    parent.refresh_from_db()
    assert parent.status == "CREATE_ROLLBACK_COMPLETE"
    reason = parent.events.get(logical_id="Child", status="CREATE_FAILED").status_reason
    assert "Nested stack" in reason and "CREATE_FAILED" in reason
    assert Stack.objects.get(parent=parent).status == "DELETE_COMPLETE"


def test_nested_update_passes_through(alice, account, driver):
    parent = services.create_stack(alice, account, name="p3", template_body=parent_template(CHILD))
    driver.run()
    changed = parent_template(CHILD).replace('"hello"', '"bye"')
    services.update_stack(alice, account, parent, template_body=changed)
    driver.run()
    parent.refresh_from_db()
    assert parent.status == "UPDATE_COMPLETE", parent.status_reason
    assert parent.outputs[0]["OutputValue"] == "bye"
