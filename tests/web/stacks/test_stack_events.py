"""Events tab: newest first, grouped by operation, filters, the live sentinel (SSE + polling, 286)."""
from __future__ import annotations

from django.utils import timezone

from tests.web.stacks.conftest import LOTTERY_EVENTS, LOTTERY_RESOURCES

LIVE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "events-live"}


def add_event(stack, seq, status="CREATE_COMPLETE", logical_id="Function", reason="state changed", op=None):
    from stacks.models import Stack, StackEvent

    StackEvent.objects.create(stack=stack, operation=op or stack.operation, sequence=seq, logical_id=logical_id,
                              resource_type="ALIYUN::FC::Function", status=status, status_reason=reason,
                              created_at=timezone.now())
    Stack.objects.filter(pk=stack.pk).update(event_sequence=seq)


def test_events_newest_first_grouped_with_failures_highlighted(alice_client, lottery_stack):
    response = alice_client.get(f"/stacks/{lottery_stack.pk}/events/")
    body = response.content.decode()
    assert response.status_code == 200 and ">Events<" in body
    assert body.index('data-seq="4"') < body.index('data-seq="1"')
    assert 'class="event failed"' in body and "Function raised an error" in body
    assert 'class="op-head">CREATE' in body
    assert f'sse-connect="/stacks/{lottery_stack.pk}/events/stream"' in body
    assert 'hx-trigger="sse:stackEvent delay:150ms"' in body  # terminal: no polling
    assert "/fc/services/test-fc-service/functions/test-fc-function/invocations/" in body


def test_filters_by_resource_and_status(alice_client, lottery_stack):
    body = alice_client.get(f"/stacks/{lottery_stack.pk}/events/?resource=Service").content.decode()
    assert body.count('class="event') == 2
    body = alice_client.get(f"/stacks/{lottery_stack.pk}/events/?status=FAILED").content.decode()
    assert body.count('class="event') == 1
    partial = alice_client.get(f"/stacks/{lottery_stack.pk}/events/?status=FAILED", HTTP_HX_REQUEST="true",
                               HTTP_HX_TARGET="events-panel").content.decode()
    assert partial.lstrip().startswith('<div id="events-panel"') and "<html" not in partial


def test_live_sentinel_returns_new_rows_out_of_band_and_stops_when_terminal(alice_client, make_stack):
    stack = make_stack("busy", "CREATE_IN_PROGRESS", resources=LOTTERY_RESOURCES, events=LOTTERY_EVENTS[:2])
    page = alice_client.get(f"/stacks/{stack.pk}/events/").content.decode()
    assert "every 3s" in page  # busy: the sentinel also polls
    top = str(stack.operation_id)
    add_event(stack, 3)
    response = alice_client.get(f"/stacks/{stack.pk}/events/?since=2&top={top}", **LIVE)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'hx-swap-oob="afterbegin:#op-{top}-rows"' in body and 'data-seq="3"' in body
    assert 'data-seq="2"' not in body and 'data-new="1"' in body and "since=3" in body
    from stacks.models import Stack, StackOperation

    op2 = StackOperation.objects.create(stack=stack, action="UPDATE")
    add_event(stack, 4, "UPDATE_IN_PROGRESS", op=op2)
    Stack.objects.filter(pk=stack.pk).update(status="UPDATE_COMPLETE")
    response = alice_client.get(f"/stacks/{stack.pk}/events/?since=3&top={top}", **LIVE)
    body = response.content.decode()
    assert response.status_code == 286  # terminal: htmx stops polling
    assert 'hx-swap-oob="afterbegin:#events-groups"' in body and f'id="op-{op2.pk}"' in body
    assert "every 3s" not in body


def test_older_events_page_back(alice_client, make_stack):
    stack = make_stack("many")
    for seq in range(1, 131):
        add_event(stack, seq)
    first = alice_client.get(f"/stacks/{stack.pk}/events/")
    assert first.context["older"] == 31
    body = alice_client.get(f"/stacks/{stack.pk}/events/?before=31").content.decode()
    assert 'data-seq="30"' in body and 'data-seq="31"' not in body and "Newest events" in body


def test_events_query_count_is_bounded(alice_client, lottery_stack, django_assert_max_num_queries):
    for seq in range(5, 205):
        add_event(lottery_stack, seq)
    with django_assert_max_num_queries(10):
        assert alice_client.get(f"/stacks/{lottery_stack.pk}/events/").status_code == 200


def test_other_account_gets_404(charlie_client, lottery_stack):
    assert charlie_client.get(f"/stacks/{lottery_stack.pk}/events/").status_code == 404


def test_viewer_can_read_events(bob_client, lottery_stack):
    body = bob_client.get(f"/stacks/{lottery_stack.pk}/events/").content.decode()
    assert "data-seq" in body and "Continue Create" not in body
