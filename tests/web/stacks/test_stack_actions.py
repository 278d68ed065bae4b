"""Update, Delete, Continue Create, Cancel Update and Change Sets: roles, guards, service calls."""
from __future__ import annotations

import re

from django.test import Client

from tests.web.stacks.conftest import LOTTERY_RESOURCES


def test_delete_dialog_offers_retain_choices(alice_client, make_stack):
    stack = make_stack("d", resources=LOTTERY_RESOURCES)
    body = alice_client.get(f"/stacks/{stack.pk}/delete/").content.decode()
    assert "Release Resources" in body and "Retain Resources" in body and 'value="FunctionInvoker"' in body


def test_delete_is_refused_while_protected(alice_client, make_stack):
    stack = make_stack("p", deletion_protection=True)
    body = alice_client.get(f"/stacks/{stack.pk}/delete/").content.decode()
    assert "Deletion protection is enabled" in body and "disabled>Delete" in body
    response = alice_client.post(f"/stacks/{stack.pk}/delete/", {"method": "release"})
    assert response.status_code == 400 and "DeletionProtection" in response.content.decode()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"


def test_delete_starts_the_operation(alice_client, make_stack):
    stack = make_stack("x", resources=LOTTERY_RESOURCES)
    response = alice_client.post(f"/stacks/{stack.pk}/delete/", {"method": "retain", "retain": ["Service"]})
    assert response.status_code == 302 and response["Location"].endswith("/events/")
    stack.refresh_from_db()
    assert stack.status == "DELETE_IN_PROGRESS"
    assert stack.operation.options["retain"] == ["Service"]


def test_viewer_is_refused_every_change(bob_client, make_stack):
    stack = make_stack("v", "CREATE_FAILED")
    for url in ("delete/", "continue-create", "cancel-update", "update/", "change-sets/"):
        assert bob_client.post(f"/stacks/{stack.pk}/{url}", {"method": "release"}).status_code == 403, url


def test_continue_create_and_cancel_report_service_errors(alice_client, make_stack):
    stack = make_stack("c", "CREATE_COMPLETE")
    response = alice_client.post(f"/stacks/{stack.pk}/cancel-update", follow=True)
    assert "NotSupported" in response.content.decode()
    response = alice_client.post(f"/stacks/{stack.pk}/continue-create", follow=True)
    assert "ContinueCreateStackValidationFailed" in response.content.decode()
    assert alice_client.get(f"/stacks/{stack.pk}/continue-create").status_code == 405


def test_actions_need_csrf(alice, make_stack):
    stack = make_stack("z")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(f"/stacks/{stack.pk}/delete/", {"method": "release"}).status_code == 403


def test_update_wizard_prefills_and_keeps_previous_values(alice_client, make_stack):
    stack = make_stack("u", parameters={"Persons": "Tom,Jerry"})
    body = alice_client.get(f"/stacks/{stack.pk}/update/").content.decode()
    assert "Use current template" in body and "main.lottery" in body
    response = alice_client.post(f"/stacks/{stack.pk}/update/", {"source": "current"})
    assert response.status_code == 302
    url = response["Location"]
    body = alice_client.get(url).content.decode()
    assert "Use previous value" in body and 'value="Tom,Jerry"' in body and "Stack Name" not in body
    response = alice_client.post(url, {"rollback": "enabled", "timeout_in_minutes": "60",
                                       "p-Persons__previous": "on", "p-ExecuteVersion": "1"})
    assert response.status_code == 302, re.findall(r'errorlist.*?</ul>', response.content.decode())
    preview = alice_client.get(response["Location"])
    assert preview.status_code == 200 and "Preview Changes" in preview.content.decode()


def test_change_sets_tab_lists_and_shows_changes(alice_client, bob_client, make_stack):
    from stacks.models import ChangeSet

    stack = make_stack("cs")
    cs = ChangeSet.objects.create(stack=stack, name="bump", changes=[{"Type": "Resource", "ResourceChange": {
        "Action": "Modify", "LogicalResourceId": "FunctionInvoker", "ResourceType": "ALIYUN::FC::FunctionInvoker",
        "Replacement": "False", "Scope": ["Properties"]}}])
    body = alice_client.get(f"/stacks/{stack.pk}/change-sets/").content.decode()
    assert ">bump<" in body and "Change Sets" in body
    body = alice_client.get(f"/stacks/{stack.pk}/change-sets/{cs.pk}/").content.decode()
    assert "Change Records" in body and "FunctionInvoker" in body and ">Execute<" in body
    assert ">Execute<" not in bob_client.get(f"/stacks/{stack.pk}/change-sets/{cs.pk}/").content.decode()
    assert bob_client.post(f"/stacks/{stack.pk}/change-sets/{cs.pk}/", {"action": "delete"}).status_code == 403
