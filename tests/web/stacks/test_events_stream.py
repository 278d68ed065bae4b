"""The SSE endpoint, read through Django's ASGI test client (AsyncClient) as a stream."""
from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from stacks import services
from stacks.engine.driver import InProcessDriver
from stacks.resources import test_provider

pytestmark = pytest.mark.django_db
T = test_provider.TYPE
BODY = json.dumps({"ROSTemplateFormatVersion": "2015-09-01",
                   "Resources": {"A": {"Type": T, "Properties": {}}, "B": {"Type": T, "DependsOn": "A"}}})


@pytest.fixture
def finished_stack(alice):
    test_provider.register()
    account = alice.memberships.first().account
    driver = InProcessDriver()
    with driver.active():
        stack = services.create_stack(alice, account, name="sse", template_body=BODY)
        driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"
    return stack


def read_stream(user, url: str, **headers) -> tuple[int, str, str]:
    async def go():
        client = AsyncClient()
        if user is not None:
            await client.aforce_login(user)
        response = await client.get(url, headers=headers)
        if not response.streaming:
            return response.status_code, response.get("Content-Type", ""), response.content.decode()
        chunks = [chunk async for chunk in response.streaming_content]
        text = "".join(c.decode() if isinstance(c, bytes) else c for c in chunks)
        return response.status_code, response["Content-Type"], text
    return async_to_sync(go)()


def messages(text: str) -> list[dict]:
    out = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":"))
        if fields:
            out.append(fields)
    return out


def test_backfills_after_last_event_id_and_closes_when_terminal(finished_stack, alice):
    url = f"/stacks/{finished_stack.pk}/events/stream"
    status, content_type, text = read_stream(alice, url, **{"Last-Event-ID": "2"})
    assert status == 200 and content_type.startswith("text/event-stream")
    got = messages(text)
    total = finished_stack.events.count()
    assert [int(m["id"]) for m in got] == list(range(3, total + 1))
    assert all(m["event"] == "stackEvent" for m in got)
    last = json.loads(got[-1]["data"])
    assert last["Status"] == "CREATE_COMPLETE" and last["ResourceType"] == "ALIYUN::ROS::Stack"
    assert last["PhysicalResourceId"] == str(finished_stack.pk) and last["Sequence"] == total


def test_full_replay_without_last_event_id(finished_stack, alice):
    _, _, text = read_stream(alice, f"/stacks/{finished_stack.pk}/events/stream")
    assert len(messages(text)) == finished_stack.events.count()


def test_other_accounts_get_404_and_anonymous_login(finished_stack, charlie):
    status, _, _ = read_stream(charlie, f"/stacks/{finished_stack.pk}/events/stream")
    assert status == 404
    status, _, _ = read_stream(None, f"/stacks/{finished_stack.pk}/events/stream")
    assert status == 302
