from __future__ import annotations

import pytest

from stacks import errors, services
from tests.scenarios.conftest import res, tpl

pytestmark = pytest.mark.django_db


def test_update_change_set_lists_changes_and_executes(alice, account, driver, bob):
    stack = services.create_stack(alice, account, name="cs", template_body=tpl(
        {"A": res(value=1), "B": res(update_replace=1), "C": res()}))
    driver.run()
    new = tpl({"A": res(value=2), "B": res(update_replace=2), "D": res()})
    change_set = services.create_change_set(alice, account, stack=stack, change_set_name="next",
                                            template_body=new, replacement_option=True)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in change_set.changes}
    assert changes["A"]["Action"] == "Modify" and changes["A"]["Replacement"] == "False"
    assert changes["B"]["Replacement"] == "True"
    assert changes["C"]["Action"] == "Remove" and changes["D"]["Action"] == "Add"
    with pytest.raises(errors.ChangeSetExists):
        services.create_change_set(alice, account, stack=stack, change_set_name="next", template_body=new)
    with pytest.raises(errors.Forbidden):
        services.execute_change_set(bob, account, str(change_set.pk))
    assert [c.name for c in services.list_change_sets(bob, account, stack)] == ["next"]
    services.execute_change_set(alice, account, str(change_set.pk))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    with pytest.raises(errors.InvalidChangeSetStatus):
        services.execute_change_set(alice, account, str(change_set.pk))
    services.delete_change_set(alice, account, str(change_set.pk))
    with pytest.raises(errors.ChangeSetNotFound):
        services.get_change_set(alice, account, str(change_set.pk))


def test_create_change_set_reviews_then_creates(alice, account, driver):
    change_set = services.create_change_set(alice, account, change_set_type="CREATE", stack_name="fresh",
                                            change_set_name="first", template_body=tpl({"A": res()}))
    assert change_set.stack.status == "REVIEW_IN_PROGRESS"
    assert change_set.changes[0]["ResourceChange"]["Action"] == "Add"
    services.execute_change_set(alice, account, str(change_set.pk))
    driver.run()
    change_set.stack.refresh_from_db()
    assert change_set.stack.status == "CREATE_COMPLETE"


def test_preview_create_and_update(alice, account, driver):
    body = tpl({"A": res(value=1), "B": res(value={"Ref": "A"})})
    preview = services.preview_stack(alice, account, name="pv", template_body=body)
    rows = {r["LogicalResourceId"]: r for r in preview["Stack"]["Resources"]}
    assert rows["A"]["Action"] == "Add" and rows["A"]["RequiredBy"] == ["B"]
    stack = services.create_stack(alice, account, name="pv", template_body=body)
    driver.run()
    preview = services.preview_stack(alice, account, stack=stack, template_body=tpl({"A": res(value=5)}))
    rows = {r["LogicalResourceId"]: r for r in preview["Stack"]["Resources"]}
    assert rows["A"]["Action"] == "Modify" and rows["A"]["Properties"] == {"value": 5}
    assert rows["B"]["Action"] == "Remove" and rows["B"]["PhysicalResourceId"]


def test_change_set_details_static_and_dynamic_then_the_conditional_replacement_happens(alice, account, driver):
    def body(c_value):
        return tpl({"A": res(update_replace={"Ref": "P"}), "B": res(update_replace={"Ref": "A"}),
                    "C": res(value=c_value)}, parameters={"P": {"Type": "String"}})

    stack = services.create_stack(alice, account, name="cond", template_body=body(1), parameters={"P": "one"})
    driver.run()
    before = {r.logical_id: r.physical_id for r in stack.resources.all()}
    change_set = services.create_change_set(alice, account, stack=stack, change_set_name="p", template_body=body(2),
                                            parameters={"P": "two"}, replacement_option=True)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in change_set.changes}
    assert [(lid, c["Replacement"]) for lid, c in changes.items()] == [("A", "True"), ("B", "Conditional"),
                                                                       ("C", "False")]
    assert changes["A"]["Details"] == [{"ChangeSource": "ParameterReference", "CausingEntity": "P",
                                        "Evaluation": "Static", "Target": {"Attribute": "Properties",
                                                                           "Name": "update_replace",
                                                                           "RequiresRecreation": "Always"}}]
    assert [(d["ChangeSource"], d.get("CausingEntity"), d["Evaluation"]) for d in changes["B"]["Details"]] == [
        ("ResourceReference", "A", "Dynamic")]
    assert [(d["ChangeSource"], d["Evaluation"], d["Target"]["RequiresRecreation"])
            for d in changes["C"]["Details"]] == [("DirectModification", "Static", "Never")]
    dry = services.update_stack(alice, account, stack, template_body=body(2), parameters={"P": "two"}, dry_run=True)
    assert {r["LogicalResourceId"]: r["Replacement"] for r in dry["ResourcesToBeChanged"]} == {
        "A": "True", "B": "Conditional", "C": "False"}
    preview = services.preview_stack(alice, account, stack=stack, template_body=body(2), parameters={"P": "two"})
    assert {r["LogicalResourceId"]: r.get("Replacement") for r in preview["Stack"]["Resources"]} == {
        "A": "True", "B": "Conditional", "C": "False"}
    services.execute_change_set(alice, account, str(change_set.pk))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    after = {r.logical_id: r.physical_id for r in stack.resources.all()}
    assert after["A"] != before["A"] and after["B"] != before["B"] and after["C"] == before["C"]
