"""Overview, Resources, Outputs, Parameters, Template, Graph tabs and the status strip."""
from __future__ import annotations

import json

from tests.web.stacks.conftest import LOTTERY_EVENTS, LOTTERY_RESOURCES


def test_overview_shows_information_and_outputs(alice_client, lottery_stack):
    response = alice_client.get(f"/stacks/{lottery_stack.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Stack Information", str(lottery_stack.pk), "Rollback on Failure", "Timeout Period", "60 minutes",
                 "winner a", ">Events<", ">Resources<", ">Outputs<", ">Parameters<", ">Template<"):
        assert text in body
    partial = alice_client.get(f"/stacks/{lottery_stack.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="stack-overview"')


def test_actions_follow_status_and_role(alice_client, bob_client, make_stack):
    failed = make_stack("f", "CREATE_FAILED")
    body = alice_client.get(f"/stacks/{failed.pk}/").content.decode()
    assert "Continue Create" in body and ">Update<" in body and ">Delete<" in body
    updating = make_stack("u", "UPDATE_IN_PROGRESS")
    body = alice_client.get(f"/stacks/{updating.pk}/").content.decode()
    assert "Cancel Update" in body and ">Delete<" not in body and "every 2s" in body
    body = bob_client.get(f"/stacks/{failed.pk}/").content.decode()
    assert "Continue Create" not in body and ">Delete<" not in body


def test_status_strip_stops_polling_and_announces_changes(alice_client, make_stack):
    busy = make_stack("b", "CREATE_IN_PROGRESS")
    assert alice_client.get(f"/stacks/{busy.pk}/status?was=CREATE_IN_PROGRESS").status_code == 200
    done = make_stack("d", "CREATE_COMPLETE")
    response = alice_client.get(f"/stacks/{done.pk}/status?was=CREATE_IN_PROGRESS")
    assert response.status_code == 286 and "stackChanged" in response["HX-Trigger"]


def test_resources_link_physical_ids_and_mark_simulated(alice_client, make_stack):
    rows = LOTTERY_RESOURCES + [{"logical_id": "Vpc", "type": "ALIYUN::ECS::VPC", "physical_id": "vpc-sim",
                                 "status": "CREATE_COMPLETE", "simulated": True}]
    stack = make_stack("r", resources=rows)
    body = alice_client.get(f"/stacks/{stack.pk}/resources/").content.decode()
    assert 'href="/fc/services/test-fc-service/"' in body
    assert 'href="/fc/services/test-fc-service/functions/test-fc-function/"' in body
    assert "SIMULATED" in body
    response = alice_client.get(f"/stacks/{stack.pk}/resources/", HTTP_HX_REQUEST="true",
                                HTTP_HX_TARGET="resources-table")
    assert response.status_code == 286 and response.content.decode().lstrip().startswith('<div id="resources-table"')


def test_outputs_copy_links_pretty_json_and_noecho(alice_client, make_stack):
    stack = make_stack("o", outputs=[
        {"OutputKey": "Url", "OutputValue": "https://example.com/x", "Description": "d"},
        {"OutputKey": "Doc", "OutputValue": {"a": [1, 2]}, "Description": ""},
        {"OutputKey": "Secret", "OutputValue": "hunter2", "NoEcho": True, "Description": ""}])
    body = alice_client.get(f"/stacks/{stack.pk}/outputs/").content.decode()
    assert '<a href="https://example.com/x"' in body and 'rel="noopener noreferrer nofollow"' in body
    assert json.dumps({"a": [1, 2]}, indent=2).replace('"', "&quot;") in body
    assert "hunter2" not in body and "****" in body
    assert 'data-copy="https://example.com/x"' in body


def test_parameters_mask_noecho(alice_client, make_stack):
    stack = make_stack("p", parameters={"Persons": "a,b", "Password": "hunter2"}, no_echo=["Password"])
    body = alice_client.get(f"/stacks/{stack.pk}/parameters/").content.decode()
    assert "a,b" in body and "hunter2" not in body and "ALIYUN::StackId" in body


def test_template_tab_highlights_and_downloads(alice_client, lottery_stack):
    body = alice_client.get(f"/stacks/{lottery_stack.pk}/template/").content.decode()
    assert 'data-editor="readonly"' in body and "main.lottery" in body
    response = alice_client.get(f"/stacks/{lottery_stack.pk}/template/?download=1")
    assert response["Content-Disposition"] == 'attachment; filename="lottery.json"'
    assert b"main.lottery" in response.content


def test_graph_is_svg_coloured_by_status(alice_client, make_stack):
    rows = [dict(r) for r in LOTTERY_RESOURCES]
    rows[2]["status"] = "CREATE_FAILED"
    stack = make_stack("g", "CREATE_FAILED", resources=rows, events=LOTTERY_EVENTS)
    body = alice_client.get(f"/stacks/{stack.pk}/graph/").content.decode()
    assert '<svg class="dep-graph"' in body and body.count('class="edge"') == 2
    assert "node node-ok" in body and "node node-fail" in body
    response = alice_client.get(f"/stacks/{stack.pk}/graph/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="graph-panel")
    assert response.status_code == 286


def test_tabs_are_404_for_other_accounts_and_unknown_ids(charlie_client, alice_client, lottery_stack):
    for tab in ("", "events/", "resources/", "outputs/", "parameters/", "template/", "graph/", "change-sets/",
                "update/", "delete/"):
        assert charlie_client.get(f"/stacks/{lottery_stack.pk}/{tab}").status_code == 404
    response = alice_client.get("/stacks/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and "Not found" in response.content.decode()


def test_detail_query_counts(alice_client, lottery_stack, django_assert_max_num_queries):
    for tab in ("", "resources/", "outputs/", "parameters/", "graph/"):
        with django_assert_max_num_queries(8):
            assert alice_client.get(f"/stacks/{lottery_stack.pk}/{tab}").status_code == 200
