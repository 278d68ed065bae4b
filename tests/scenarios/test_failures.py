from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stacks import errors, services
from stacks.engine import sweeper
from stacks.models import StackOperation
from stacks.resources import test_provider
from tests.scenarios.conftest import event_rows, res, statuses, tpl

pytestmark = pytest.mark.django_db


def test_create_failure_rolls_back_in_reverse_order(alice, account, driver):
    body = tpl({"A": res(), "B": res(["A"]), "C": res(["B"], fail="create", fail_reason="quota exceeded")})
    stack = services.create_stack(alice, account, name="rb", template_body=body)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_ROLLBACK_COMPLETE"
    deletes = [c[1] for c in test_provider.calls if c[0] == "delete"]
    assert deletes == ["B", "A"]  # C never got a physical id: nothing to delete
    rows = event_rows(stack)
    assert ("C", "CREATE_FAILED") in rows
    stack_rows = [s for lid, s in rows if lid == "rb"]
    assert stack_rows == ["CREATE_IN_PROGRESS", "CREATE_FAILED", "CREATE_ROLLBACK_IN_PROGRESS",
                          "CREATE_ROLLBACK_COMPLETE"]
    failed = stack.events.get(logical_id="rb", status="CREATE_FAILED")
    assert "quota exceeded" in failed.status_reason and "C" in failed.status_reason


def test_disable_rollback_then_continue_create(alice, account, driver):
    body = tpl({"A": res(), "B": res(["A"], fail="create"), "C": res(["B"])})
    stack = services.create_stack(alice, account, name="cont", template_body=body, disable_rollback=True)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    assert statuses(stack) == {"A": "CREATE_COMPLETE", "B": "CREATE_FAILED", "C": "INIT_COMPLETE"}
    with pytest.raises(errors.ContinueCreateStackValidationFailed):
        services.continue_create_stack(alice, account, stack, recreating_resources=["Nope"])
    # The failing knob is fixed by ignoring: Ignore marks the stack created and drops uncreated resources.
    services.continue_create_stack(alice, account, stack, mode="Ignore")
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"
    assert set(statuses(stack)) == {"A"}


def test_continue_create_recreates_failed_and_uncreated(alice, account, driver):
    body = tpl({"A": res(), "B": res(["A"], wait_s=0, fail="create"), "C": res(["B"])})
    stack = services.create_stack(alice, account, name="cont2", template_body=body, disable_rollback=True)
    driver.run()
    test_provider.calls.clear()
    fixed = tpl({"A": res(), "B": res(["A"]), "C": res(["B"])})  # the cause fixed out of band
    type(stack).objects.filter(pk=stack.pk).update(template_body=fixed)
    stack.refresh_from_db()
    services.continue_create_stack(alice, account, stack)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert [c[1] for c in test_provider.calls if c[0] == "create"] == ["B", "C"]


def test_delete_retains_and_fails_with_reason(alice, account, driver):
    body = tpl({"A": res(), "B": res(fail="delete", fail_reason="in use")})
    stack = services.create_stack(alice, account, name="del", template_body=body)
    driver.run()
    services.delete_stack(alice, account, stack)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "DELETE_FAILED"
    assert "in use" in stack.status_reason
    test_provider.calls.clear()
    services.delete_stack(alice, account, stack, retain_resources=["B"])
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "DELETE_COMPLETE"
    assert not [c for c in test_provider.calls if c[1] == "B"]


def test_deletion_protection_refuses_delete(alice, account, bob, driver):
    stack = services.create_stack(alice, account, name="prot", template_body=tpl({"A": res()}),
                                  deletion_protection=True)
    driver.run()
    with pytest.raises(errors.DeletionProtected):
        services.delete_stack(alice, account, stack)
    with pytest.raises(errors.Forbidden):
        services.set_deletion_protection(bob, account, stack, False)
    services.set_deletion_protection(alice, account, stack, False)
    services.delete_stack(alice, account, stack)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "DELETE_COMPLETE"


def test_action_in_progress(alice, account, driver):
    stack = services.create_stack(alice, account, name="busy", template_body=tpl({"A": res()}))
    with pytest.raises(errors.ActionInProgress):
        services.delete_stack(alice, account, stack)
    driver.run()


def test_timeout_fails_then_rolls_back(alice, account, driver):
    stack = services.create_stack(alice, account, name="slow", template_body=tpl(
        {"A": res(), "W": res(["A"], wait_s=3600)}))
    driver.run(advance=False)
    StackOperation.objects.filter(stack=stack).update(deadline=timezone.now() - timedelta(seconds=1))
    sweeper.sweep()
    driver.run(advance=False)
    stack.refresh_from_db()
    assert stack.status == "CREATE_ROLLBACK_COMPLETE", stack.status_reason
    failed = stack.events.get(logical_id="slow", status="CREATE_FAILED")
    assert "timed out" in failed.status_reason
    assert statuses(stack)["W"] in ("CREATE_FAILED", "DELETE_COMPLETE")


def test_cancel_update_rolls_back(alice, account, driver):
    stack = services.create_stack(alice, account, name="cx", template_body=tpl({"A": res(value=1)}))
    driver.run()
    services.update_stack(alice, account, stack, template_body=tpl({"A": res(value=2, wait_s=3600)}))
    driver.run(advance=False)
    stack.refresh_from_db()
    assert stack.status == "UPDATE_IN_PROGRESS"
    services.cancel_update_stack(alice, account, stack)
    driver.run(advance=False)
    stack.refresh_from_db()
    assert stack.status == "ROLLBACK_COMPLETE", stack.status_reason
    with pytest.raises(errors.NotSupported):
        services.cancel_update_stack(alice, account, stack)


def test_parallelism_caps_concurrent_steps(alice, account, driver):
    stack = services.create_stack(alice, account, name="par", parallelism=2,
                                  template_body=tpl({f"R{i}": res() for i in range(5)}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"
    assert max(len(w) for w in driver.waves) <= 2


def test_output_of_failed_resource_has_a_clear_error(alice, account, driver):
    body = tpl({"A": res(fail="create")}, outputs={"X": {"Value": {"Fn::GetAtt": ["A", "Value"]}}})
    stack = services.create_stack(alice, account, name="out", template_body=body, disable_rollback=True)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    assert stack.outputs[0]["OutputValue"] is None
    assert "A" in stack.outputs[0]["Error"] and "CREATE_FAILED" in stack.outputs[0]["Error"]
