"""The Create Stack wizard: template -> parameters -> preview -> create."""
from __future__ import annotations

import re

from django.test import Client

from tests.web.stacks.conftest import LOTTERY

FORM_TEMPLATE = """
ROSTemplateFormatVersion: '2015-09-01'
Metadata:
  ALIYUN::ROS::Interface:
    ParameterGroups:
      - Label: {default: Access}
        Parameters: [Password, Mode]
      - Label: {default: Tuning}
        Parameters: [Config, Enabled]
    Hidden: [Internal]
Parameters:
  Name: {Type: String, Label: Display Name, Description: Shown to people, Default: demo}
  Password: {Type: String, NoEcho: true, Confirm: true, MinLength: 8}
  Mode: {Type: String, AllowedValues: [fast, safe], Default: safe}
  Config: {Type: Json, Default: {"a": 1}}
  Enabled: {Type: Boolean, Default: true}
  Zones: {Type: CommaDelimitedList, Default: "a,b"}
  Internal: {Type: String, Default: x}
  Notes: {Type: String, TextArea: true, Default: ""}
  Size: {Type: Number, MinValue: 1, MaxValue: 10, Default: 2}
Resources:
  W:
    Type: ALIYUN::ROS::WaitConditionHandle
Outputs:
  Echo: {Value: !Ref Name}
"""


def start(client, text: str) -> str:
    response = client.post("/stacks/create/", {"template_body": text, "action": "next"})
    assert response.status_code == 302, response.content.decode()[-1500:]
    return response["Location"]


def test_step1_offers_editor_upload_and_gallery(alice_client):
    body = alice_client.get("/stacks/create/").content.decode()
    assert "Specify Template" in body and 'data-editor="template"' in body and 'type="file"' in body
    assert "codemirror-6.43.15.min.js" in body
    for title in ("Lottery (FunctionInvoker)", "HTTP function", "Timer function", "OSS-triggered function",
                  "Custom resource"):
        assert title in body
    assert ">Next</button>" in body


def test_sample_prefills_the_editor(alice_client):
    body = alice_client.get("/stacks/create/?sample=lottery").content.decode()
    assert "ALIYUN::FC::FunctionInvoker" in body and "main.lottery" in body


def test_next_shows_each_error_with_code_and_path(alice_client):
    bad = LOTTERY.replace('"Fn::Join"', '"Fn::Jion"')
    response = alice_client.post("/stacks/create/", {"template_body": bad, "action": "next"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "InvalidTemplatePropertyType" in body
    assert "Resources.FunctionInvoker.Properties.Event" in body and 'data-goto-line="58"' in body


def test_validate_button_returns_only_the_error_partial(alice_client):
    response = alice_client.post("/stacks/create/", {"template_body": "a: [1", "action": "validate"},
                                 HTTP_HX_REQUEST="true", HTTP_HX_TARGET="template-errors")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="template-errors"') and "InvalidTemplate" in body and "line 2" in body


def test_upload_replaces_pasted_text(alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("t.json", LOTTERY.encode(), content_type="application/json")
    response = alice_client.post("/stacks/create/", {"template_body": "", "template_file": upload, "action": "next"})
    assert response.status_code == 302


def test_parameter_form_follows_the_template(alice_client):
    body = alice_client.get(start(alice_client, FORM_TEMPLATE)).content.decode()
    assert "Stack Name" in body
    assert 'type="password" name="p-Password"' in body and 'name="p-Password__confirm"' in body
    assert re.search(r'<select name="p-Mode"[^>]*>\s*<option value="fast">fast</option>', body)
    assert re.search(r'<textarea name="p-Config"', body) and re.search(r'<textarea name="p-Notes"', body)
    assert 'type="checkbox" name="p-Enabled"' in body and 'class="switch"' in body
    assert "Separate values with commas" in body
    assert "Display Name" in body and "Shown to people" in body
    assert "p-Internal" not in body  # Hidden
    assert body.index("Access") < body.index("p-Password") < body.index("p-Mode") < body.index("Tuning")
    assert body.index("p-Enabled") < body.index("p-Name")  # grouped first, the rest after
    assert "Rollback on Failure" in body and "Deletion Protection" in body and "Timeout Period" in body
    assert "Simulate resource types that are not emulated" in body


def test_parameter_errors_are_shown_at_their_fields(alice_client):
    url = start(alice_client, FORM_TEMPLATE)
    response = alice_client.post(url, {"stack_name": "1bad", "rollback": "enabled", "timeout_in_minutes": "5",
                                       "p-Password": "short", "p-Password__confirm": "other", "p-Size": "99"})
    form = response.context["params"]
    assert response.status_code == 200
    assert "must start with a letter" in str(response.context["options"].errors["stack_name"])
    assert response.context["options"].errors["timeout_in_minutes"]
    assert "do not match" in str(form.errors["Password__confirm"])


def test_template_validation_errors_land_on_their_field(alice_client):
    url = start(alice_client, FORM_TEMPLATE)
    response = alice_client.post(url, {"stack_name": "ok", "rollback": "enabled", "timeout_in_minutes": "60",
                                       "p-Password": "longenough", "p-Password__confirm": "longenough",
                                       "p-Size": "99", "p-Mode": "safe"})
    errors = response.context["params"].errors
    assert "StackValidationFailed" in str(errors["Size"])


def test_full_wizard_creates_the_stack(alice_client, acme):
    url = start(alice_client, LOTTERY)
    response = alice_client.post(url, {"stack_name": "lottery", "rollback": "disabled", "timeout_in_minutes": "30",
                                       "tags": "team=fc", "p-Persons": "Tom,Jerry", "p-ServiceName": "svc",
                                       "p-FunctionName": "fn", "p-ExecuteVersion": "0"})
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = alice_client.get(preview_url).content.decode()
    assert "Check and Confirm" in preview and "FunctionInvoker" in preview and 'class="dep-graph"' in preview
    response = alice_client.post(preview_url)
    assert response.status_code == 302 and response["Location"].endswith("/events/")
    from stacks.models import Stack

    stack = Stack.objects.get(name="lottery")
    assert stack.account == acme and stack.disable_rollback and stack.timeout_in_minutes == 30
    assert stack.tags == {"team": "fc"} and stack.parameters["Persons"] == "Tom,Jerry"


def test_preview_refuses_a_taken_name(alice_client, make_stack):
    make_stack("lottery")
    url = start(alice_client, LOTTERY)
    response = alice_client.post(url, {"stack_name": "lottery", "rollback": "enabled", "timeout_in_minutes": "60",
                                       "p-Persons": "a"})
    body = alice_client.get(response["Location"]).content.decode()
    assert "StackExists" in body


def test_noecho_values_are_masked_in_the_preview(alice_client):
    url = start(alice_client, FORM_TEMPLATE.replace("Echo: {Value: !Ref Name}", "Echo: {Value: !Ref Name}\n  P: {Value: !Ref Password}"))
    response = alice_client.post(url, {"stack_name": "ok", "rollback": "enabled", "timeout_in_minutes": "60",
                                       "p-Password": "s3cret-value", "p-Password__confirm": "s3cret-value",
                                       "p-Mode": "safe", "p-Size": "2"})
    body = alice_client.get(response["Location"]).content.decode()
    assert "s3cret-value" not in body


def test_viewer_cannot_use_the_wizard(bob_client):
    assert bob_client.post("/stacks/create/", {"template_body": LOTTERY}).status_code == 403
    assert bob_client.get("/stacks/create/x/parameters/").status_code == 403


def test_post_without_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/stacks/create/", {"template_body": LOTTERY}).status_code == 403


def test_expired_wizard_is_404(alice_client):
    assert alice_client.get("/stacks/create/nope/parameters/").status_code == 404
