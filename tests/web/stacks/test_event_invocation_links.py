"""Events tab: FunctionInvoker and custom-resource events link to their exact invocation record.

The stack keeps the request id in the step's provider context (running or failed step) and, for a
custom resource, in its InvocationRequestId attribute; only the resource's latest event gets the
exact link, older ones link to the function's invocation history.
"""
from __future__ import annotations

from django.utils import timezone

from tests.web.stacks.conftest import LOTTERY_EVENTS, LOTTERY_RESOURCES

RID = "1d6e7a52-3f1b-4c7e-9a55-0a7b3c2d9e10"
HISTORY = "/fc/services/test-fc-service/functions/test-fc-function/invocations/"
TOKEN = "acs:fc:cn-hangzhou:123:services/test-fc-service/functions/test-fc-function"


def invoker(status="CREATE_FAILED", context=None, attributes=None, **fields):
    return {**LOTTERY_RESOURCES[2], "status": status, "context": context or {}, "attributes": attributes or {},
            **fields}


def ctx(request_id=RID, phase="create"):
    return {"phase": phase, "ctx": {"invocation": request_id, "physical_id": "invoker-1", "deadline": 0}}


def event(status, logical_id="FunctionInvoker", type_="ALIYUN::FC::FunctionInvoker", reason="state changed"):
    return {"logical_id": logical_id, "resource_type": type_, "status": status, "status_reason": reason}


def add_event(stack, seq, status, op, logical_id="FunctionInvoker", type_="ALIYUN::FC::FunctionInvoker"):
    from stacks.models import Stack, StackEvent

    StackEvent.objects.create(stack=stack, operation=op, sequence=seq, created_at=timezone.now(),
                              **event(status, logical_id, type_))
    Stack.objects.filter(pk=stack.pk).update(event_sequence=seq)


def rows(body: str) -> dict[str, str]:
    """data-seq -> the row's HTML."""
    parts = body.split('<tr class="event')[1:]
    return {p.split('data-seq="', 1)[1].split('"', 1)[0]: p.split("</tr>", 1)[0] for p in parts}


def test_failed_invoker_event_links_to_its_invocation(alice_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=LOTTERY_RESOURCES[:2] + [invoker(context=ctx())],
                       events=LOTTERY_EVENTS)
    response = alice_client.get(f"/stacks/{stack.pk}/events/")
    assert response.status_code == 200
    row = rows(response.content.decode())["4"]
    assert f'href="/fc/invocations/{RID}/"' in row and f'title="Invocation {RID}"' in row and ">1d6e7a52<" in row
    assert HISTORY not in row


def test_only_the_latest_event_gets_the_exact_link(alice_client, make_stack):
    from stacks.models import StackOperation

    stack = make_stack("f", "CREATE_FAILED", resources=LOTTERY_RESOURCES[:2] + [invoker(context=ctx())],
                       events=LOTTERY_EVENTS)
    op2 = StackOperation.objects.create(stack=stack, action="CREATE", kind="continue")
    add_event(stack, 5, "CREATE_IN_PROGRESS", op2)
    add_event(stack, 6, "CREATE_FAILED", op2)
    found = rows(alice_client.get(f"/stacks/{stack.pk}/events/").content.decode())
    assert f"/fc/invocations/{RID}/" in found["6"]
    assert f"/fc/invocations/{RID}/" not in found["4"] and HISTORY in found["4"]  # an earlier attempt
    assert "/fc/" not in found["5"]  # in progress, and not the latest event


def test_running_invocation_links_from_the_in_progress_event_live_too(alice_client, make_stack):
    stack = make_stack("busy", "CREATE_IN_PROGRESS", events=LOTTERY_EVENTS[:3],
                       resources=LOTTERY_RESOURCES[:2] + [invoker("CREATE_IN_PROGRESS", context=ctx())])
    add_event(stack, 4, "CREATE_IN_PROGRESS", stack.operation)
    page = alice_client.get(f"/stacks/{stack.pk}/events/").content.decode()
    assert f"/fc/invocations/{RID}/" in rows(page)["4"]
    live = alice_client.get(f"/stacks/{stack.pk}/events/?since=3&top={stack.operation_id}",
                            HTTP_HX_REQUEST="true", HTTP_HX_TARGET="events-live")
    assert live.status_code == 200 and "<html" not in live.content.decode()
    assert f'href="/fc/invocations/{RID}/"' in rows(live.content.decode())["4"]


def test_custom_resource_links_the_invocation_that_answered(alice_client, make_stack):
    custom = {"logical_id": "Sum", "type": "Custom::Sum", "physical_id": "sum-1", "status": "CREATE_COMPLETE",
              "properties": {"ServiceToken": TOKEN}, "attributes": {"Sum": 3, "InvocationRequestId": RID,
                                                                    "RequestId": "ros-request-id"}}
    stack = make_stack("c", resources=[custom], events=[event("CREATE_IN_PROGRESS", "Sum", "Custom::Sum"),
                                                        event("CREATE_COMPLETE", "Sum", "Custom::Sum")])
    found = rows(alice_client.get(f"/stacks/{stack.pk}/events/").content.decode())
    assert f'href="/fc/invocations/{RID}/"' in found["2"]
    assert "/fc/" not in found["1"]
    assert "ros-request-id" not in found["2"]  # a Data key named RequestId is the function's, not an invocation


def test_deleted_resource_does_not_reuse_its_old_request_id(alice_client, make_stack):
    custom = {"logical_id": "Sum", "type": "ALIYUN::ROS::CustomResource", "status": "DELETE_COMPLETE",
              "physical_id": "sum-1", "properties": {"ServiceToken": TOKEN},
              "attributes": {"InvocationRequestId": RID}}
    stack = make_stack("d", "DELETE_COMPLETE", resources=[custom], events=[
        event("CREATE_COMPLETE", "Sum", "ALIYUN::ROS::CustomResource"),
        event("DELETE_COMPLETE", "Sum", "ALIYUN::ROS::CustomResource")])
    body = alice_client.get(f"/stacks/{stack.pk}/events/").content.decode()
    assert "/fc/invocations/" not in body and body.count(HISTORY) == 2


def test_a_malformed_request_id_is_not_linked(alice_client, make_stack):
    for bad in ("../../admin", 42, "x" * 65, ""):
        stack = make_stack(f"m{len(str(bad))}", "CREATE_FAILED", events=LOTTERY_EVENTS,
                           resources=LOTTERY_RESOURCES[:2] + [invoker(context=ctx(bad))])
        response = alice_client.get(f"/stacks/{stack.pk}/events/")
        assert response.status_code == 200 and "/fc/invocations/" not in response.content.decode()
        assert HISTORY in rows(response.content.decode())["4"]


def test_exact_link_opens_the_invocation_page_for_this_account_only(alice_client, charlie_client, make_stack):
    from fcruntime.models import Invocation

    stack = make_stack("f", "CREATE_FAILED", resources=LOTTERY_RESOURCES[:2] + [invoker(context=ctx())],
                       events=LOTTERY_EVENTS)
    Invocation.objects.create(request_id=RID, account=stack.account, service_name="test-fc-service",
                              function_name="test-fc-function", source="invoker", status="failed",
                              error_message="no winner today")
    page = alice_client.get(f"/fc/invocations/{RID}/")
    assert page.status_code == 200 and "no winner today" in page.content.decode()
    assert charlie_client.get(f"/fc/invocations/{RID}/").status_code == 404
    assert charlie_client.get(f"/stacks/{stack.pk}/events/").status_code == 404


def test_viewer_sees_the_links(bob_client, make_stack):
    stack = make_stack("f", "CREATE_FAILED", resources=LOTTERY_RESOURCES[:2] + [invoker(context=ctx())],
                       events=LOTTERY_EVENTS)
    assert f"/fc/invocations/{RID}/" in bob_client.get(f"/stacks/{stack.pk}/events/").content.decode()


def test_query_count_stays_bounded_with_links(alice_client, make_stack, django_assert_max_num_queries):
    from tests.web.stacks.test_stack_events import add_event as add_plain

    stack = make_stack("f", "CREATE_FAILED", resources=LOTTERY_RESOURCES[:2] + [invoker(context=ctx())],
                       events=LOTTERY_EVENTS)
    for seq in range(5, 205):
        add_plain(stack, seq)
    with django_assert_max_num_queries(11):
        assert alice_client.get(f"/stacks/{stack.pk}/events/").status_code == 200


def test_succeeded_invoker_event_links_to_the_invocation_that_produced_the_result(alice_client, make_stack):
    """The FunctionInvoker keeps the request id of its invocation beside Result/ResultType."""
    done = invoker("CREATE_COMPLETE", attributes={"ResultType": "Success", "Result": "张三",
                                                 "InvocationRequestId": RID})
    events = LOTTERY_EVENTS[:3] + [event("CREATE_IN_PROGRESS"), event("CREATE_COMPLETE")]
    stack = make_stack("ok", "CREATE_COMPLETE", resources=LOTTERY_RESOURCES[:2] + [done], events=events)
    found = rows(alice_client.get(f"/stacks/{stack.pk}/events/").content.decode())
    assert f'href="/fc/invocations/{RID}/"' in found["5"]
    assert f"/fc/invocations/{RID}/" not in found["4"]
