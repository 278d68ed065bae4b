"""The seed's lottery through the console: create with the wizard, watch it complete live, update, delete."""
from __future__ import annotations

import re

from playwright.sync_api import expect

PERSONS = "Tom,Jerry,Spike"
WINNERS = re.compile(r"恭喜(Tom|Jerry|Spike)中奖")


def test_lottery_create_update_delete(login, alice, server_url, worker):
    page = login()
    page.click("text=Create Stack")
    page.click("text=Lottery (FunctionInvoker)")
    expect(page.locator(".cm-editor")).to_be_visible()  # the CodeMirror editor replaced the textarea
    page.click("button:has-text('Next')")

    page.fill("#id_stack_name", "lottery")
    page.fill("#id_p-Persons", PERSONS)
    page.click("button:has-text('Next')")
    expect(page.locator("h1")).to_have_text("Create Stack")
    expect(page.locator("table.preview")).to_contain_text("FunctionInvoker")
    page.click("button:has-text('Create')")

    # the events tab: the timeline fills in and the status reaches CREATE_COMPLETE without a reload
    expect(page).to_have_url(re.compile(r"/stacks/[0-9a-f-]{36}/events/$"))
    marker = page.evaluate("() => (window.__noReload = 1)")
    assert marker == 1
    expect(page.locator("#stack-status [data-status]")).to_have_text("CREATE_COMPLETE", timeout=90_000)
    expect(page.locator("#events-groups")).to_contain_text("FunctionInvoker", timeout=15_000)
    expect(page.locator("#events-groups tr.event").first).to_contain_text("CREATE_COMPLETE", timeout=15_000)
    assert page.evaluate("() => window.__noReload") == 1  # same document: it was live, not reloaded

    page.click("nav.tabs >> text=Outputs")
    expect(page.locator("table.outputs")).to_contain_text(WINNERS)

    # update with ExecuteVersion 1: the function runs again
    page.click("#stack-status >> text=Update")
    page.click("button:has-text('Next')")
    row = page.locator("#field-p-ExecuteVersion")
    page.uncheck("#id_p-ExecuteVersion__previous")
    row.locator("input[type=text]").fill("1")
    page.click("button:has-text('Next')")
    expect(page.locator("table.preview")).to_contain_text("FunctionInvoker")
    page.click("button:has-text('Update')")
    expect(page.locator("#stack-status [data-status]")).to_have_text("UPDATE_COMPLETE", timeout=90_000)
    page.click("nav.tabs >> text=Outputs")
    expect(page.locator("table.outputs")).to_contain_text(WINNERS)

    # delete
    page.click("#stack-status >> text=Delete")
    page.click("button.btn-danger-fill")
    expect(page.locator("#stack-status [data-status]")).to_have_text("DELETE_COMPLETE", timeout=90_000)


def test_validation_error_is_shown_at_its_path(login, alice, server_url):
    page = login()
    page.goto(server_url + "/stacks/create/?sample=lottery")
    page.evaluate("""() => {
        const ta = document.querySelector('textarea[name=template_body]');
        ta.value = ta.value.replace('"Fn::Join"', '"Fn::Jion"');
        document.querySelector('.editor-wrap .cm-editor').remove(); ta.style.display = '';
    }""")
    page.click("button:has-text('Next')")
    errors = page.locator("#template-errors")
    expect(errors).to_contain_text("Resources.FunctionInvoker.Properties.Event")
    expect(errors.locator(".error-code").first).to_be_visible()
