"""/stacks/: badges, filters, search, keyset pagination, htmx partial, roles, accounts, speed."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "stack-table"}


def test_list_shows_stacks_with_status_badges(alice_client, make_stack):
    make_stack("good", "CREATE_COMPLETE")
    make_stack("bad", "CREATE_FAILED", status_reason="boom")
    make_stack("busy", "UPDATE_IN_PROGRESS")
    make_stack("rolled", "ROLLBACK_COMPLETE")
    body = alice_client.get("/stacks/").content.decode()
    assert "Create Stack" in body
    assert 'class="badge badge-ok" data-status="CREATE_COMPLETE"' in body
    assert 'class="badge badge-fail" data-status="CREATE_FAILED"' in body
    assert 'class="badge badge-busy" data-status="UPDATE_IN_PROGRESS"' in body
    assert 'class="badge badge-warn" data-status="ROLLBACK_COMPLETE"' in body
    assert "<time datetime=" in body and " ago</time>" in body and 'title="' in body
    assert 'hx-trigger="every 3s"' in body  # a busy stack keeps the table refreshing


def test_htmx_request_gets_only_the_table(alice_client, make_stack):
    make_stack("good")
    response = alice_client.get("/stacks/", **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="stack-table"') and "<html" not in body


def test_status_filter_and_name_search(alice_client, make_stack):
    make_stack("alpha", "CREATE_COMPLETE")
    make_stack("beta", "CREATE_FAILED")
    make_stack("gone", "DELETE_COMPLETE")
    body = alice_client.get("/stacks/?status=failed").content.decode()
    assert ">beta<" in body and ">alpha<" not in body
    body = alice_client.get("/stacks/?q=alp").content.decode()
    assert ">alpha<" in body and ">beta<" not in body
    assert ">gone<" not in alice_client.get("/stacks/").content.decode()
    assert ">gone<" in alice_client.get("/stacks/?status=deleted").content.decode()
    assert "No stacks match these filters" in alice_client.get("/stacks/?q=zzz").content.decode()


def test_empty_state_offers_create(alice_client, acme):
    body = alice_client.get("/stacks/").content.decode()
    assert "No stacks in this region yet" in body


def test_keyset_pagination_walks_forward_and_back(alice_client, acme):
    from stacks.models import Stack

    now = timezone.now()
    Stack.objects.bulk_create([Stack(account=acme, region="cn-hangzhou", name=f"s{i:03d}", status="CREATE_COMPLETE",
                                     template_body="{}", created_at=now - timedelta(minutes=i)) for i in range(45)])
    first = alice_client.get("/stacks/")
    names = [c for c in first.context["page"].rows]
    assert [s.name for s in names][:2] == ["s000", "s001"] and len(names) == 20
    after = first.context["page"].next_cursor
    second = alice_client.get(f"/stacks/?after={after}")
    assert [s.name for s in second.context["page"].rows][0] == "s020"
    back = alice_client.get(f"/stacks/?before={second.context['page'].prev_cursor}")
    assert [s.name for s in back.context["page"].rows] == [s.name for s in names]
    assert first.context["total"] == 45


def test_viewer_sees_no_create_button_and_cannot_create(bob_client, make_stack):
    make_stack("good")
    body = bob_client.get("/stacks/").content.decode()
    assert ">good<" in body and "Create Stack" not in body
    assert bob_client.get("/stacks/create/").status_code == 403


def test_other_accounts_stacks_are_not_listed(charlie_client, make_stack):
    make_stack("acme-secret")
    assert "acme-secret" not in charlie_client.get("/stacks/").content.decode()


def test_login_required(client, db):
    assert client.get("/stacks/").status_code == 302


def test_list_is_fast_with_10000_stacks(alice_client, acme, django_assert_max_num_queries):
    import time

    from stacks.models import Stack

    now = timezone.now()
    Stack.objects.bulk_create([Stack(account=acme, region="cn-hangzhou", name=f"stack-{i:05d}",
                                     status="CREATE_COMPLETE" if i % 7 else "CREATE_FAILED", template_body="{}",
                                     created_at=now - timedelta(seconds=i)) for i in range(10_000)], batch_size=2000)
    alice_client.get("/stacks/")  # warm up templates
    url = "/stacks/?status=failed&after=" + _cursor(acme, 5000)
    timings = []
    for _ in range(3):  # the best of three: a busy machine's scheduler noise is not the page's cost
        with django_assert_max_num_queries(8):
            start = time.perf_counter()
            response = alice_client.get(url)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200 and len(response.context["page"].rows) == 20
    assert min(timings) < 0.1, f"{min(timings) * 1000:.0f} ms"


def _cursor(acme, index: int) -> str:
    from stacks.models import Stack
    from stacks.views.pagination import encode

    return encode(Stack.objects.filter(account=acme).order_by("-created_at", "-pk")[index])
