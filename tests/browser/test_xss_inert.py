"""Hostile text in stacks, events and function output stays inert in a real browser (strict CSP too)."""
from __future__ import annotations

from django.utils import timezone

EVIL = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">'


def test_hostile_text_never_runs(login, alice, server_url):
    from fcruntime import services
    from fcruntime.models import Invocation
    from stacks.models import Stack, StackEvent, StackOperation, StackResource

    account = alice.memberships.get().account
    stack = Stack.objects.create(account=account, region="cn-hangzhou", name="evil", status="CREATE_FAILED",
                                 status_reason=EVIL, template_body='{"Description": "' + EVIL.replace('"', '\\"') + '"}',
                                 parameters={"P": EVIL}, outputs=[{"OutputKey": "O", "OutputValue": EVIL}])
    op = StackOperation.objects.create(stack=stack, action="CREATE")
    StackResource.objects.create(stack=stack, logical_id="R", type="ALIYUN::ROS::WaitConditionHandle",
                                 status="CREATE_FAILED", status_reason=EVIL, physical_id=EVIL)
    StackEvent.objects.create(stack=stack, operation=op, sequence=1, logical_id="R", resource_type="X",
                              status="CREATE_FAILED", status_reason=EVIL, created_at=timezone.now())
    service = services.create_service(account, "svc", region="cn-hangzhou")
    fn = services.create_function(service, "fn", runtime="python3.10", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return e\n"})
    inv = Invocation.objects.create(account=account, function=fn, service_name="svc", function_name="fn",
                                    status="failed", result=EVIL.encode(), result_size=len(EVIL), logs=EVIL,
                                    error_message=EVIL)
    page = login()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/stacks/", f"/stacks/{stack.pk}/", f"/stacks/{stack.pk}/events/", f"/stacks/{stack.pk}/resources/",
                 f"/stacks/{stack.pk}/outputs/", f"/stacks/{stack.pk}/parameters/", f"/stacks/{stack.pk}/template/",
                 "/fc/services/svc/functions/fn/invocations/", f"/fc/invocations/{inv.request_id}/"):
        page.goto(server_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__xss") is None, path
        assert page.locator("img[src=x]").count() == 0, path
    assert dialogs == []
