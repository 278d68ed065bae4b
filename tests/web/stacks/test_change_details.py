"""Replacement Conditional / True and change Details on the update preview and the change-set page."""
from __future__ import annotations

import json

import pytest

from stacks import services
from stacks.engine.driver import InProcessDriver
from stacks.resources import test_provider

pytestmark = pytest.mark.django_db
T = test_provider.TYPE


def body(a_value: str) -> str:
    """B's non-updatable update_replace is Ref A: replacing A may replace B (Conditional)."""
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {
        "A": {"Type": T, "Properties": {"update_replace": a_value}},
        "B": {"Type": T, "Properties": {"update_replace": {"Ref": "A"}}}}})


@pytest.fixture
def stack(alice, acme):
    test_provider.register()
    driver = InProcessDriver()
    with driver.active():
        made = services.create_stack(alice, acme, name="repl", template_body=body("a"))
        driver.run()
    made.refresh_from_db()
    assert made.status == "CREATE_COMPLETE", made.status_reason
    return made


def test_update_preview_flags_true_and_conditional_replacement(alice_client, stack):
    session = alice_client.session
    session["stack_wizards"] = {"w1": {"kind": "update", "stack": str(stack.pk), "template": body("b"),
                                       "parameters": {}, "previous": [], "options": {"timeout_in_minutes": 60}}}
    session.save()
    page = alice_client.get(f"/stacks/{stack.pk}/update/w1/preview/")
    assert page.status_code == 200
    rows = {m.split('<td class="mono">')[1].split("<")[0]: m
            for m in page.content.decode().split("<tr>")[1:] if '<td class="mono">' in m}
    assert ">Replacement<" in rows["A"] and "Conditional replacement" not in rows["A"]
    assert "Conditional replacement" in rows["B"]


def test_change_set_page_lists_details(alice, acme, alice_client, stack):
    change_set = services.create_change_set(alice, acme, stack=stack, change_set_name="next",
                                            template_body=body("b"), replacement_option=True)
    text = alice_client.get(f"/stacks/{stack.pk}/change-sets/{change_set.pk}/").content.decode()
    assert '<span class="badge badge-warn">True</span>' in text
    assert '<span class="badge badge-warn">Conditional</span>' in text
    assert "DirectModification · Static · recreation Always" in text
    assert 'ResourceReference <span class="mono">A</span> · Dynamic · recreation Always' in text
