from __future__ import annotations

import pytest

from stacks import errors, services
from stacks.models import Stack
from tests.scenarios.conftest import event_rows, res, statuses, tpl

pytestmark = pytest.mark.django_db


def test_create_runs_in_dependency_order_and_parallel(alice, account, driver):
    body = tpl({"A": res(value=1), "B": res(value=2), "C": res(["A", "B"], value=3), "D": res(["C"])},
               outputs={"Out": {"Value": {"Fn::GetAtt": ["C", "Value"]}, "Description": "c"}})
    stack = services.create_stack(alice, account, name="s1", template_body=body)
    assert stack.status == "CREATE_IN_PROGRESS"
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.status_reason == "Stack CREATE completed successfully"
    assert driver.waves == [["A", "B"], ["C"], ["D"]]
    assert set(statuses(stack).values()) == {"CREATE_COMPLETE"}
    assert stack.outputs[0]["OutputValue"] == 3
    rows = event_rows(stack)
    assert rows[0] == ("s1", "CREATE_IN_PROGRESS") and rows[-1] == ("s1", "CREATE_COMPLETE")
    for lid in "ABCD":
        assert [s for l, s in rows if l == lid] == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]
    seqs = list(stack.events.order_by("sequence").values_list("sequence", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_delete_runs_in_reverse_order(alice, account, driver):
    body = tpl({"A": res(), "B": res(["A"]), "C": res(["B"])})
    stack = services.create_stack(alice, account, name="s2", template_body=body)
    driver.run()
    from stacks.resources import test_provider
    test_provider.calls.clear()
    services.delete_stack(alice, account, stack)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "DELETE_COMPLETE"
    assert [c[1] for c in test_provider.calls] == ["C", "B", "A"]
    with pytest.raises(errors.StackNotFound):
        services.get_stack(alice, account, stack_id=str(stack.pk))


def test_name_unique_among_live_stacks(alice, account, driver):
    services.create_stack(alice, account, name="dup", template_body=tpl({"A": res()}))
    with pytest.raises(errors.StackExists):
        services.create_stack(alice, account, name="dup", template_body=tpl({"A": res()}))
    driver.run()
    stack = Stack.objects.get(name="dup")
    services.delete_stack(alice, account, stack)
    driver.run()
    services.create_stack(alice, account, name="dup", template_body=tpl({"A": res()}))


def test_viewer_cannot_create(bob, driver):
    account = bob.memberships.first().account
    with pytest.raises(errors.Forbidden):
        services.create_stack(bob, account, name="nope", template_body=tpl({"A": res()}))
