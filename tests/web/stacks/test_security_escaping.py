"""Everything users and functions write is shown inert: escaped text, never markup."""
from __future__ import annotations

from django.utils import timezone

SCRIPT = "<script>window.__xss=1</script>"
ATTR = '"><img src=x onerror="window.__xss=2">'
EVIL = SCRIPT + ATTR
TEMPLATE = ('{"ROSTemplateFormatVersion": "2015-09-01", "Description": "' + EVIL.replace('"', '\\"') + '",'
            ' "Parameters": {"P": {"Type": "String", "Default": "x", "Description": "' + EVIL.replace('"', '\\"')
            + '"}}, "Resources": {"W": {"Type": "ALIYUN::ROS::WaitConditionHandle"}}}')


def assert_inert(body: str) -> None:
    assert SCRIPT not in body and "<img src=x" not in body
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in body or "&lt;script&gt;" in body


def evil_stack(make_stack):
    from stacks.models import StackEvent

    stack = make_stack("evil", "CREATE_FAILED", template_body=TEMPLATE, status_reason=EVIL, description=EVIL,
                       parameters={"P": EVIL}, outputs=[{"OutputKey": "O", "OutputValue": EVIL, "Description": EVIL},
                                                        {"OutputKey": "J", "OutputValue": {"k": EVIL}}],
                       resources=[{"logical_id": "W", "type": "ALIYUN::ROS::WaitConditionHandle",
                                   "physical_id": EVIL, "status": "CREATE_FAILED", "status_reason": EVIL}])
    StackEvent.objects.create(stack=stack, operation=stack.operation, sequence=1, logical_id="W",
                              resource_type="ALIYUN::ROS::WaitConditionHandle", status="CREATE_FAILED",
                              status_reason=EVIL, physical_id=EVIL, created_at=timezone.now())
    return stack


def test_stack_pages_escape_user_and_engine_text(alice_client, make_stack):
    stack = evil_stack(make_stack)
    for tab in ("", "events/", "resources/", "outputs/", "parameters/", "template/", "graph/"):
        response = alice_client.get(f"/stacks/{stack.pk}/{tab}")
        assert response.status_code == 200, tab
        assert_inert(response.content.decode())
    assert_inert(alice_client.get("/stacks/?status=failed").content.decode())


def test_wizard_escapes_template_text_and_parameter_values(alice_client):
    response = alice_client.post("/stacks/create/", {"template_body": TEMPLATE, "action": "next"})
    url = response["Location"]
    body = alice_client.get(url).content.decode()
    assert_inert(body)
    body = alice_client.post(url, {"stack_name": "bad name", "rollback": "enabled", "timeout_in_minutes": "60",
                                   "p-P": EVIL}).content.decode()
    assert_inert(body)
    body = alice_client.post("/stacks/create/", {"template_body": EVIL, "action": "next"}).content.decode()
    assert SCRIPT not in body and "<img src=x" not in body


def test_function_logs_and_results_are_escaped(alice_client, make_stack):
    from fcruntime import services
    from fcruntime.models import Invocation

    account = alice_client.get("/stacks/").context["current_account"]
    service = services.create_service(account, "svc", region="cn-hangzhou", description=EVIL)
    fn = services.create_function(service, "fn", runtime="python3.10", handler="index.handler",
                                  code={"SourceCode": "# " + EVIL + "\ndef handler(e, c):\n    return e\n"},
                                  environment_variables={"X": EVIL})
    inv = Invocation.objects.create(account=account, function=fn, service_name="svc", function_name="fn",
                                    status="failed", result=EVIL.encode(), result_size=len(EVIL), logs=EVIL,
                                    error_message=EVIL, event=EVIL.encode())
    for url in (f"/fc/services/svc/", "/fc/services/svc/functions/fn/", "/fc/services/svc/functions/fn/code/",
                "/fc/services/svc/functions/fn/invocations/", f"/fc/invocations/{inv.request_id}/"):
        response = alice_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SCRIPT not in body and "<img src=x" not in body, url
