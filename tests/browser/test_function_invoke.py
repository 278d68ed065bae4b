"""Test-invoke a function from its Test tab; the result, logs and metrics appear without a reload."""
from __future__ import annotations

from playwright.sync_api import expect

SOURCE = "def handler(event, context):\n    print('got', event)\n    return 'echo:' + event.decode()\n"


def test_invoke_from_the_test_tab(login, alice, server_url, worker):
    from fcruntime import services

    account = alice.memberships.get().account
    service = services.create_service(account, "demo", region="cn-hangzhou")
    services.create_function(service, "echo", runtime="python3.10", handler="index.handler",
                             code={"SourceCode": SOURCE})
    page = login()
    page.goto(server_url + "/fc/services/demo/functions/echo/test/")
    page.evaluate("""() => {
        const ta = document.querySelector('textarea[name=event]');
        ta.value = 'ping-123';
        document.querySelector('.editor-wrap .cm-editor').remove(); ta.style.display = '';
    }""")
    page.click("button:has-text('Invoke')")
    result = page.locator("#invoke-result")
    expect(result).to_contain_text("succeeded", timeout=60_000)
    expect(result.locator(".result-body")).to_contain_text("echo:ping-123")
    expect(result.locator(".logs")).to_contain_text("got")
    expect(result).to_contain_text("Duration")
    page.click("nav.tabs >> text=Invocations")
    expect(page.locator("#invocation-table")).to_contain_text("console")
