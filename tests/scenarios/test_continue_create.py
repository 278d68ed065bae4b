"""ContinueCreateStack (Mode=Recreate) with a modified template, parameter overrides and DryRun (spec §6)."""
from __future__ import annotations

import json

import pytest

from stacks import errors, services
from stacks.models import StackOperation, StackResource
from stacks.resources import test_provider

from .conftest import res, statuses, tpl

PARAMS = {"Name": {"Type": "String"}, "Knob": {"Type": "String", "Default": "create"},
          "Size": {"Type": "String", "Default": "small"}, "Extra": {"Type": "String", "Default": "x"}}


def failed_stack(alice, account, driver, body=None, name="cont", parameters=None):
    """A (created) <- B (fails) <- C (not created), disable_rollback: CREATE_FAILED."""
    body = body or tpl({"A": res(), "B": res(["A"], fail="create"), "C": res(["B"])})
    stack = services.create_stack(alice, account, name=name, template_body=body, parameters=parameters,
                                  disable_rollback=True)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    test_provider.calls.clear()
    return stack


def param_body(**changes) -> dict:
    """A uses Name, B fails by Knob, Conditions use Size; Extra is used by nothing."""
    body = json.loads(tpl({"A": res(value={"Ref": "Name"}), "B": res(["A"], fail={"Ref": "Knob"}),
                           "Big": {**res(), "Condition": "IsBig"}}, parameters=PARAMS))
    body["Conditions"] = {"IsBig": {"Fn::Equals": [{"Ref": "Size"}, "big"]}}
    body.update(changes)
    return body


def refused(alice, account, stack, **kwargs) -> str:
    before = (stack.template_body, dict(stack.parameters), StackOperation.objects.filter(stack=stack).count())
    with pytest.raises(errors.ContinueCreateStackValidationFailed) as info:
        services.continue_create_stack(alice, account, stack, **kwargs)
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    assert (stack.template_body, dict(stack.parameters), StackOperation.objects.filter(stack=stack).count()) == before
    return info.value.message


def test_continue_with_a_fixed_template_completes_and_keeps_it(alice, account, driver):
    stack = failed_stack(alice, account, driver)
    a_id = stack.resources.get(logical_id="A").physical_id
    fixed = json.loads(tpl({"A": res(), "B": res(["A"], value="repaired"), "C": res(["B"])},
                           outputs={"B": {"Value": {"Fn::GetAtt": ["B", "Value"]}}}))
    fixed["Description"] = "repaired"
    fixed = json.dumps(fixed, indent=1)
    services.continue_create_stack(alice, account, stack, template_body=fixed)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert [c[1] for c in test_provider.calls if c[0] == "create"] == ["B", "C"]
    assert stack.template_body == fixed and stack.description == "repaired"
    assert stack.outputs[0]["OutputValue"] == "repaired"
    assert stack.resources.get(logical_id="A").physical_id == a_id
    assert stack.operation.kind == "continue" and stack.operation.template_body == fixed


def test_a_failed_continuation_keeps_the_new_template(alice, account, driver):
    stack = failed_stack(alice, account, driver)
    still_failing = tpl({"A": res(), "B": res(["A"], fail="create", fail_reason="again"), "C": res(["B"], value=3)})
    services.continue_create_stack(alice, account, stack, template_body=still_failing)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED" and "again" in stack.status_reason
    assert stack.template_body == still_failing  # the stack is being created from it, as after CreateStack
    fixed = tpl({"A": res(), "B": res(["A"]), "C": res(["B"], value=3)})
    services.continue_create_stack(alice, account, stack, template_body=fixed)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.template_body == fixed and stack.resources.get(logical_id="C").attributes["Value"] == 3


def test_continue_may_drop_and_add_resources_that_are_not_created(alice, account, driver):
    stack = failed_stack(alice, account, driver)
    StackResource.objects.filter(stack=stack, logical_id="B").update(physical_id="test-half-made")
    services.continue_create_stack(alice, account, stack, template_body=tpl({"A": res(), "D": res(["A"])}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert statuses(stack) == {"A": "CREATE_COMPLETE", "B": "DELETE_COMPLETE", "D": "CREATE_COMPLETE"}
    assert ("delete", "B", "test-half-made") in test_provider.calls
    assert [c[1] for c in test_provider.calls if c[0] == "create"] == ["D"]


def test_parameter_override_repairs_the_failed_resource(alice, account, driver):
    stack = failed_stack(alice, account, driver, tpl({"A": res(value={"Ref": "Name"}),
                                                      "B": res(["A"], fail={"Ref": "Knob"})}, parameters=PARAMS),
                         parameters={"Name": "n1"})
    services.continue_create_stack(alice, account, stack, parameters={"Knob": "never", "Extra": "y"})
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.parameters == {"Name": "n1", "Knob": "never", "Extra": "y"}
    assert [c[1] for c in test_provider.calls if c[0] == "create"] == ["B"]


def test_a_changed_section_is_refused(alice, account, driver):
    stack = failed_stack(alice, account, driver, json.dumps(param_body()), parameters={"Name": "n1"})
    more = param_body(Parameters={**PARAMS, "New": {"Type": "String", "Default": "z"}},
                      Mappings={"M": {"k": {"v": "1"}}})
    message = refused(alice, account, stack, template_body=json.dumps(more))
    assert message == ("Section Parameters cannot be changed (only Description, Metadata, Resources and Outputs "
                       "may change); Section Mappings cannot be added (only Description, Metadata, Resources and "
                       "Outputs may change).")


def test_a_created_resource_cannot_be_removed_or_changed(alice, account, driver):
    stack = failed_stack(alice, account, driver)
    message = refused(alice, account, stack, template_body=tpl({"B": res(), "C": res(["B"])}))
    assert message == "Resource A (CREATE_COMPLETE) cannot be removed."
    changed = tpl({"A": {**res(value=2), "DeletionPolicy": "Retain"}, "B": res(["A"]), "C": res(["B"])})
    message = refused(alice, account, stack, template_body=changed)
    assert message == "Resource A (CREATE_COMPLETE) cannot be changed (Properties, DeletionPolicy differ)."


def test_a_recreated_resource_may_change(alice, account, driver):
    stack = failed_stack(alice, account, driver)
    old_id = stack.resources.get(logical_id="A").physical_id
    body = tpl({"A": res(value="new"), "B": res(["A"]), "C": res(["B"])})
    services.continue_create_stack(alice, account, stack, template_body=body, recreating_resources=["A"])
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    a = stack.resources.get(logical_id="A")
    assert a.attributes["Value"] == "new" and a.physical_id != old_id
    assert ("delete", "A", old_id) in test_provider.calls


def test_a_parameter_of_a_created_resource_cannot_change(alice, account, driver):
    stack = failed_stack(alice, account, driver, json.dumps(param_body()), parameters={"Name": "n1"})
    message = refused(alice, account, stack, parameters={"Name": "n2", "Knob": "never"})
    assert message == "Parameter Name cannot be changed: it is used by the already created resource A."
    # the same value is no change; a parameter used through Locals counts as used
    same = services.continue_create_stack(alice, account, stack, parameters={"Name": "n1"}, dry_run=True)
    assert same["ParametersNotAllowedToBeModified"] == ["Name"]
    body = param_body(Locals={"L": {"Value": {"Fn::Join": ["-", [{"Ref": "Extra"}, "x"]]}}})
    body["Resources"]["A"]["Properties"]["value"] = {"Ref": "L"}
    stack2 = failed_stack(alice, account, driver, json.dumps(body), name="cont-locals", parameters={"Name": "n1"})
    message = refused(alice, account, stack2, parameters={"Extra": "changed"})
    assert message == "Parameter Extra cannot be changed: it is used by the already created resource A."


def test_a_condition_must_not_flip(alice, account, driver):
    stack = failed_stack(alice, account, driver, json.dumps(param_body()), parameters={"Name": "n1"})
    message = refused(alice, account, stack, parameters={"Size": "big", "Knob": "never"})
    assert message == "Condition IsBig cannot change its value (from false to true)."
    services.continue_create_stack(alice, account, stack, parameters={"Size": "medium", "Knob": "never"})
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.parameters["Size"] == "medium"


def test_all_problems_are_named_together(alice, account, driver):
    stack = failed_stack(alice, account, driver, json.dumps(param_body()), parameters={"Name": "n1"})
    body = param_body(Description="new")
    del body["Resources"]["A"]
    body["Resources"]["B"]["DependsOn"] = []
    message = refused(alice, account, stack, template_body=json.dumps(body), parameters={"Size": "big"})
    assert message == ("Resource A (CREATE_COMPLETE) cannot be removed; "
                       "Condition IsBig cannot change its value (from false to true).")


def test_dry_run_lists_the_parameters_and_starts_nothing(alice, account, driver):
    stack = failed_stack(alice, account, driver, json.dumps(param_body()), parameters={"Name": "n1"})
    ops = StackOperation.objects.filter(stack=stack).count()
    result = services.continue_create_stack(alice, account, stack, dry_run=True)
    assert result == {"ParametersAllowedToBeModified": ["Knob", "Extra"],
                      "ParametersConditionallyAllowedToBeModified": ["Size"],
                      "ParametersNotAllowedToBeModified": ["Name"]}
    # re-creating A frees its parameter; a refused change is refused by the dry run too
    named = services.continue_create_stack(alice, account, stack, dry_run=True, recreating_resources=["A"])
    assert named["ParametersAllowedToBeModified"] == ["Name", "Knob", "Extra"]
    with pytest.raises(errors.ContinueCreateStackValidationFailed):
        services.continue_create_stack(alice, account, stack, dry_run=True, parameters={"Name": "n2"})
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED" and StackOperation.objects.filter(stack=stack).count() == ops
    assert not test_provider.calls


def test_ignore_takes_no_template(alice, account, driver):
    stack = failed_stack(alice, account, driver)
    with pytest.raises(errors.InvalidParameter) as info:
        services.continue_create_stack(alice, account, stack, mode="Ignore", template_body=stack.template_body)
    assert "TemplateBody" in info.value.message
