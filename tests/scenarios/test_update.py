from __future__ import annotations

import pytest

from stacks import errors, services
from stacks.resources import test_provider
from tests.scenarios.conftest import event_rows, res, statuses, tpl

pytestmark = pytest.mark.django_db


def created(alice, account, driver, resources, name="s", **kw):
    stack = services.create_stack(alice, account, name=name, template_body=tpl(resources), **kw)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    test_provider.calls.clear()
    return stack


def test_update_in_place_keeps_physical_id_and_skips_unchanged(alice, account, driver):
    stack = created(alice, account, driver, {"A": res(value=1), "B": res(value=2)})
    before = {r.logical_id: r.physical_id for r in stack.resources.all()}
    services.update_stack(alice, account, stack, template_body=tpl({"A": res(value=10), "B": res(value=2)}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    assert test_provider.calls == [("update", "A", before["A"])]
    assert {r.logical_id: r.physical_id for r in stack.resources.all()} == before
    assert statuses(stack) == {"A": "UPDATE_COMPLETE", "B": "CREATE_COMPLETE"}
    assert stack.resources.get(logical_id="A").attributes["Value"] == 10


def test_update_that_changes_nothing_is_not_supported(alice, account, driver):
    body = tpl({"A": res(value=1)})
    stack = services.create_stack(alice, account, name="same", template_body=body)
    driver.run()
    with pytest.raises(errors.NotSupported):
        services.update_stack(alice, account, stack, template_body=body)
    assert services.update_stack(alice, account, stack, template_body=body, dry_run=True)[
        "ResourcesToBeChanged"] == []


def test_replacement_needs_replacement_option(alice, account, driver):
    stack = created(alice, account, driver, {"A": res(update_replace=1)})
    services.update_stack(alice, account, stack, template_body=tpl({"A": res(update_replace=2)}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "ROLLBACK_COMPLETE"
    failed = [e for e in stack.events.all() if e.status == "UPDATE_FAILED"]
    assert "ReplacementOption" in failed[0].status_reason


def test_replacement_gives_a_new_physical_id(alice, account, driver):
    stack = created(alice, account, driver, {"A": res(update_replace=1), "B": res(value={"Ref": "A"})})
    old = stack.resources.get(logical_id="A").physical_id
    services.update_stack(alice, account, stack, replacement_option=True,
                          template_body=tpl({"A": res(update_replace=2), "B": res(value={"Ref": "A"})}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    new = stack.resources.get(logical_id="A").physical_id
    assert new != old
    assert [c[0] for c in test_provider.calls if c[1] == "A"] == ["delete", "create"]
    assert stack.resources.get(logical_id="B").attributes["Value"] == new


def test_failed_update_rolls_back_to_previous_template(alice, account, driver):
    stack = created(alice, account, driver, {"A": res(value=1)})
    services.update_stack(alice, account, stack, template_body=tpl(
        {"A": res(value=2), "New": res(["A"], fail="create")}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "ROLLBACK_COMPLETE", stack.status_reason
    assert stack.resources.get(logical_id="A").attributes["Value"] == 1
    assert stack.resources.get(logical_id="New").status == "DELETE_COMPLETE"
    stack_events = [s for lid, s in event_rows(stack) if lid == "s"]
    assert stack_events[-3:] == ["UPDATE_FAILED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE"]


def test_removed_resource_is_deleted_or_retained(alice, account, driver):
    stack = created(alice, account, driver, {"A": res(), "Gone": res(), "Kept": {**res(), "DeletionPolicy": "Retain"}})
    services.update_stack(alice, account, stack, template_body=tpl({"A": res()}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    assert [c[:2] for c in test_provider.calls] == [("delete", "Gone")]
    assert statuses(stack)["Kept"] == "DELETE_COMPLETE"


def test_use_previous_parameters(alice, account, driver):
    params = {"P": {"Type": "String"}, "Q": {"Type": "String"}}
    body = tpl({"A": res(value={"Fn::Join": ["-", [{"Ref": "P"}, {"Ref": "Q"}]]})}, parameters=params)
    stack = services.create_stack(alice, account, name="pp", template_body=body, parameters={"P": "p", "Q": "q"})
    driver.run()
    services.update_stack(alice, account, stack, parameters={"Q": "z"}, use_previous_parameters=True)
    driver.run()
    stack.refresh_from_db()
    assert stack.resources.get(logical_id="A").attributes["Value"] == "p-z"
