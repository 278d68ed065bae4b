"""The lottery sample (FC Service + Function + FunctionInvoker) through the real engine and worker."""
from __future__ import annotations

import pytest

from stacks import services
from tests.conftest import repo_root
from tests.integration.test_engine_support import wait_terminal

pytestmark = [pytest.mark.integration]


def test_lottery_stack_creates_updates_and_deletes(celery_worker, alice):
    account = alice.memberships.first().account
    body = (repo_root() / "stacks" / "samples" / "lottery.json").read_text()
    stack = services.create_stack(alice, account, name="lottery", template_body=body,
                                  parameters={"Persons": "Tom,Jerry", "ServiceName": "lotto-svc",
                                              "FunctionName": "lotto-fn", "ExecuteVersion": "0"})
    stack = wait_terminal(stack.pk, timeout=120)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    result = next(o for o in stack.outputs if o["OutputKey"] == "Result")
    assert any(name in str(result["OutputValue"]) for name in ("Tom", "Jerry")), result
    services.update_stack(alice, account, stack, parameters={"ExecuteVersion": "1"}, use_previous_parameters=True)
    stack = wait_terminal(stack.pk, timeout=120)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    services.delete_stack(alice, account, stack)
    stack = wait_terminal(stack.pk, timeout=120)
    assert stack.status == "DELETE_COMPLETE", stack.status_reason
