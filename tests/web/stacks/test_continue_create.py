"""Continue Create for CREATE_FAILED stacks: the Recreate / Ignore form, roles, accounts, service errors."""
from __future__ import annotations

from tests.web.stacks.conftest import LOTTERY_RESOURCES

FAILED_RESOURCES = LOTTERY_RESOURCES[:2] + [
    {"logical_id": "FunctionInvoker", "type": "ALIYUN::FC::FunctionInvoker", "status": "CREATE_FAILED",
     "status_reason": "no winner today", "requires": ["Function"],
     "properties": {"ServiceName": "test-fc-service", "FunctionName": "test-fc-function"}}]


def test_failed_stack_offers_both_modes_with_explanations(alice_client, bob_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED")
    for url in (f"/stacks/{stack.pk}/", f"/stacks/{stack.pk}/events/", f"/stacks/{stack.pk}/resources/"):
        body = alice_client.get(url).content.decode()
        assert f'action="/stacks/{stack.pk}/continue-create"' in body, url
        assert 'name="mode" value="Recreate" checked' in body and 'name="mode" value="Ignore"' in body
        assert "Create the failed resources again" in body and "the stack becomes CREATE_COMPLETE" in body
    assert 'name="mode"' not in bob_client.get(f"/stacks/{stack.pk}/").content.decode()
    done = make_stack("ok", "CREATE_COMPLETE")
    assert 'name="mode"' not in alice_client.get(f"/stacks/{done.pk}/").content.decode()


def test_status_strip_partial_carries_the_form(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED")
    response = alice_client.get(f"/stacks/{stack.pk}/status?tab=overview", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 286 and body.lstrip().startswith('<div id="stack-status"')
    assert 'name="mode" value="Ignore"' in body and "<html" not in body


def test_ignore_completes_the_stack_without_the_failed_resources(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES)
    response = alice_client.post(f"/stacks/{stack.pk}/continue-create", {"mode": "Ignore"})
    assert response.status_code == 302 and response["Location"] == f"/stacks/{stack.pk}/events/"
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"
    assert sorted(stack.resources.values_list("logical_id", flat=True)) == ["Function", "Service"]
    body = alice_client.get(response["Location"]).content.decode()
    assert "the failed resources were ignored" in body and "failed resources ignored" in body


def test_recreate_starts_a_continue_operation(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES, parameters={"Persons": "a,b"})
    response = alice_client.post(f"/stacks/{stack.pk}/continue-create", {"mode": "Recreate"}, follow=True)
    assert "recreating the failed resources" in response.content.decode()
    stack.refresh_from_db()
    assert stack.operation.kind == "continue" and stack.operation.action == "CREATE"


def test_without_a_mode_it_recreates_and_a_bad_mode_is_reported(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES, parameters={"Persons": "a,b"})
    response = alice_client.post(f"/stacks/{stack.pk}/continue-create", {"mode": "Skip"}, follow=True)
    assert "InvalidParameter" in response.content.decode() and "Recreate or Ignore" in response.content.decode()
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED"
    alice_client.post(f"/stacks/{stack.pk}/continue-create")
    stack.refresh_from_db()
    assert stack.operation.kind == "continue"


def test_viewer_gets_403_and_other_account_404(bob_client, charlie_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES)
    for mode in ("Recreate", "Ignore"):
        assert bob_client.post(f"/stacks/{stack.pk}/continue-create", {"mode": mode}).status_code == 403
        assert charlie_client.post(f"/stacks/{stack.pk}/continue-create", {"mode": mode}).status_code == 404
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED" and stack.resources.count() == 3


def test_recreate_form_offers_a_template_and_the_parameters(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES, parameters={"Persons": "a,b"})
    body = alice_client.get(f"/stacks/{stack.pk}/").content.decode()
    assert 'name="template"' in body
    assert 'name="param:Persons" type="text" value="a,b"' in body
    assert 'name="param:ServiceName" type="text" value="test-fc-service"' in body


def test_recreate_with_a_parameter_override_keeps_the_unchanged_ones(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES, parameters={"Persons": "a,b"})
    response = alice_client.post(f"/stacks/{stack.pk}/continue-create", {
        "mode": "Recreate", "template": "", "param:Persons": "x,y,z", "param:ServiceName": "test-fc-service",
        "param:FunctionName": "test-fc-function", "param:ExecuteVersion": "0"}, follow=True)
    assert "recreating the failed resources" in response.content.decode()
    stack.refresh_from_db()
    assert stack.operation.kind == "continue"
    assert stack.parameters["Persons"] == "x,y,z" and "ServiceName" not in stack.parameters


def test_recreate_refuses_a_change_to_a_created_resource_with_its_reason(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=FAILED_RESOURCES, parameters={"Persons": "a,b"})
    response = alice_client.post(f"/stacks/{stack.pk}/continue-create", {
        "mode": "Recreate", "param:Persons": "a,b", "param:ServiceName": "another-service"}, follow=True)
    text = response.content.decode()
    assert "ContinueCreateStackValidationFailed" in text and "ServiceName" in text
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED" and stack.operation.kind != "continue"
