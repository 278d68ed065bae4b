"""Stack policies are enforced by services.update_stack: the console, the CLI, the API and change sets alike."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from stacks import errors, services
from tests.scenarios.conftest import res, tpl

pytestmark = pytest.mark.django_db

ALLOW_ALL = {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
PROTECT_A = {"Statement": ALLOW_ALL["Statement"] + [
    {"Effect": "Deny", "Action": "Update:Modify", "Principal": "*", "Resource": "LogicalResourceId/A"}]}


@pytest.fixture
def stack(alice, account, driver):
    created = services.create_stack(alice, account, name="guarded", template_body=tpl(
        {"A": res(value={"Ref": "V"}), "B": res()}, parameters={"V": {"Type": "String", "Default": "one"}}))
    driver.run()
    created.refresh_from_db()
    assert created.status == "CREATE_COMPLETE", created.status_reason
    return created


def test_service_update_denied_by_policy(alice, account, driver, stack):
    services.set_stack_policy(alice, account, stack, json.dumps(PROTECT_A))
    assert services.get_stack_policy(alice, account, stack) == PROTECT_A
    with pytest.raises(errors.StackPolicyValidationFailed) as info:
        services.update_stack(alice, account, stack, parameters={"V": "two"})
    assert info.value.message == ("Action denied by stack policy: Update:Modify of resource A "
                                  "(ROSCONSOLE::Test::Resource) is denied.")
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE" and stack.parameters == {}
    # removing B is allowed by the policy; a during-update policy may allow what the stack policy denies
    services.update_stack(alice, account, stack, template_body=tpl(
        {"A": res(value={"Ref": "V"})}, parameters={"V": {"Type": "String", "Default": "one"}}))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    services.update_stack(alice, account, stack, use_previous_parameters=True, parameters={"V": "two"},
                          stack_policy_during_update_body=ALLOW_ALL)
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE" and stack.stack_policy == PROTECT_A


def test_default_deny_and_invalid_policies(alice, bob, account, stack):
    with pytest.raises(errors.Forbidden):
        services.set_stack_policy(bob, account, stack, json.dumps(ALLOW_ALL))
    with pytest.raises(errors.InvalidParameter):
        services.set_stack_policy(alice, account, stack, '{"Statement": [{"Effect": "Maybe"}]}')
    with pytest.raises(errors.MissingParameter):
        services.set_stack_policy(alice, account, stack, "")
    services.set_stack_policy(alice, account, stack, "Statement: []")
    with pytest.raises(errors.StackPolicyValidationFailed) as info:
        services.update_stack(alice, account, stack, template_body=tpl({"A": res(value="x")}))
    assert "is not allowed" in info.value.message


def test_cli_update_denied_by_policy(alice, account, stack):
    services.set_stack_policy(alice, account, stack, PROTECT_A)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("stack", "update", "guarded", "-p", "V=two", "--user", "alice", stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert err.getvalue().startswith("StackPolicyValidationFailed: Action denied by stack policy: Update:Modify")
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"


def test_change_sets_honour_the_policy(alice, account, driver, stack):
    change_set = services.create_change_set(alice, account, stack=stack, change_set_name="next",
                                            use_previous_parameters=True, parameters={"V": "two"})
    services.set_stack_policy(alice, account, stack, PROTECT_A)
    with pytest.raises(errors.StackPolicyValidationFailed):  # the policy set since is checked on execution
        services.execute_change_set(alice, account, str(change_set.pk))
    with pytest.raises(errors.StackPolicyValidationFailed):
        services.create_change_set(alice, account, stack=stack, change_set_name="again",
                                   use_previous_parameters=True, parameters={"V": "two"})
    allowed = services.create_change_set(alice, account, stack=stack, change_set_name="allowed",
                                         use_previous_parameters=True, parameters={"V": "two"},
                                         stack_policy_during_update_body=ALLOW_ALL)
    services.execute_change_set(alice, account, str(allowed.pk))
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "UPDATE_COMPLETE" and stack.parameters == {"V": "two"}
