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
