"""`/stacks/<StackId>/events/stream` followed LIVE: a real uvicorn serves the SSE view while a REAL Celery
worker runs the stack, so the events reach the client through Redis pub/sub as they are written.

The stream is opened before the worker starts (only the events of create_stack exist then); the client
reads it line by line on a thread and timestamps every message, so the test can tell that events arrived
while the stack was still CREATE_IN_PROGRESS. The server runs with a short keepalive interval
(ROSCONSOLE_SSE_KEEPALIVE_SECONDS) so the quiet seconds of a polled resource show `: keepalive` comments.
"""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from stacks import services
from stacks.engine import states
from stacks.models import Stack, StackEvent
from stacks.resources import test_provider
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.triggers_helpers import start_uvicorn, stop, wait_for

pytestmark = [pytest.mark.integration]

T = test_provider.TYPE
KEEPALIVE_S = 0.5
READ_TIMEOUT_S = 60.0  # one socket read; keepalives come every KEEPALIVE_S, so this only catches a hang
STREAM_TIMEOUT_S = 180.0  # the whole stream, worker start included, on a loaded machine
# A polls for 3 s (quiet: keepalives), then B blocks the worker 1 s while C polls 1.5 s, then D polls 2 s.
TEMPLATE = json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {
    "A": {"Type": T, "Properties": {"value": "a", "wait_s": 3}},
    "B": {"Type": T, "Properties": {"value": "b", "delay_s": 1}, "DependsOn": "A"},
    "C": {"Type": T, "Properties": {"value": "c", "wait_s": 1.5}, "DependsOn": "A"},
    "D": {"Type": T, "Properties": {"value": "d", "wait_s": 2}, "DependsOn": ["B", "C"]},
}})
# An event written this long before the terminal one must have been received before the terminal one
# was written, i.e. while the stack was still in progress (bounds the delivery latency generously).
LIVE_MARGIN_S = 2.0


@pytest.fixture(autouse=True)
def test_types(monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_TEST_RESOURCE_TYPES", "1")  # inherited by the worker
    test_provider.register()


@pytest.fixture
def server(transactional_db):
    proc, url = start_uvicorn({"ROSCONSOLE_SSE_KEEPALIVE_SECONDS": str(KEEPALIVE_S)})
    yield url
    stop(proc)


@pytest.fixture
def late_worker(transactional_db):
    """start() runs the real worker when the test says so (after the stream is open)."""
    procs = []

    def start():
        procs.append(start_worker())

    yield start
    for proc in procs:
        stop_worker(proc)


@pytest.fixture
def open_stream(server, alice):
    """open_stream(stack_id, last_event_id=None) -> SseStream, logged in as alice by her session cookie."""
    client = Client()
    client.force_login(alice)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    opened: list[SseStream] = []

    def do(stack_id, last_event_id: int | None = None) -> SseStream:
        stream = SseStream(server, f"/stacks/{stack_id}/events/stream", cookie, last_event_id)
        opened.append(stream)
        return stream

    yield do
    for stream in opened:
        stream.close()


@dataclass
class Message:
    id: int
    event: str
    data: dict
    at: float  # time.time() when the message was complete at the client


@dataclass
class Comment:
    text: str
    at: float
    after: int  # how many messages had arrived before it


@dataclass
class SseStream:
    """GET an SSE URL with http.client; a thread parses `text/event-stream` line by line as it arrives."""

    base: str
    path: str
    cookie: str
    last_event_id: int | None = None
    messages: list[Message] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    error: BaseException | None = None
    partial: dict = field(default_factory=dict)
    ended: bool = False
    closed_by_us: bool = False

    def __post_init__(self) -> None:
        url = urlsplit(self.base)
        self.opened_at = time.time()
        self._cond = threading.Condition()
        self._conn = http.client.HTTPConnection(url.hostname, url.port, timeout=READ_TIMEOUT_S)
        headers = {"Accept": "text/event-stream", "Cookie": self.cookie}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        self._conn.request("GET", self.path, headers=headers)
        self._sock = self._conn.sock
        self.response = self._conn.getresponse()
        assert self.response.status == 200, (self.response.status, self.response.getheaders())
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")
        self._thread = threading.Thread(target=self._read, name="sse-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        fields: dict = {}
        data: list[str] = []
        try:
            while True:
                raw = self.response.readline()
                if not raw:
                    break  # the server ended the response
                line = raw.decode("utf-8").rstrip("\n").rstrip("\r")
                now = time.time()
                if line == "":
                    if fields or data:
                        message = Message(int(fields["id"]), fields.get("event", "message"),
                                          json.loads("\n".join(data)), now)
                        with self._cond:
                            self.messages.append(message)
                            self._cond.notify_all()
                    fields, data = {}, []
                elif line.startswith(":"):
                    with self._cond:
                        self.comments.append(Comment(line, now, len(self.messages)))
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "data":
                        data.append(value)
                    else:
                        assert name not in fields, f"field {name} twice in one message"
                        fields[name] = value
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            if not self.closed_by_us:
                self.error = exc
        finally:
            with self._cond:
                self.partial = {**fields, **({"data": data} if data else {})}
                self.ended = True
                self._cond.notify_all()

    def wait(self, predicate, timeout: float = STREAM_TIMEOUT_S, what: str = "") -> None:
        """Until predicate(messages) holds; fails if the stream ends first or the deadline passes."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self.messages):
                left = deadline - time.monotonic()
                assert not self.ended, f"stream ended before {what}: error={self.error!r} got {self.summary()}"
                assert left > 0, f"no {what} within {timeout} s: got {self.summary()}"
                self._cond.wait(min(left, 1.0))

    def wait_end(self, timeout: float = STREAM_TIMEOUT_S) -> None:
        self._thread.join(timeout)
        assert self.ended, f"the stream did not end within {timeout} s: got {self.summary()}"

    def close(self) -> None:
        """Hang up (as a browser tab that goes away) and wait for the reader."""
        if not self.ended:
            self.closed_by_us = True
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(30)
        self._conn.close()

    def summary(self) -> list[tuple]:
        return [(m.id, m.data.get("LogicalResourceId"), m.data.get("Status")) for m in self.messages]


def stack_events(stack_id) -> list[StackEvent]:
    return list(StackEvent.objects.filter(stack_id=stack_id).order_by("sequence"))


def is_terminal_stack_event(stack: Stack, payload: dict) -> bool:
    return (payload["ResourceType"] == "ALIYUN::ROS::Stack" and payload["PhysicalResourceId"] == str(stack.pk)
            and states.is_terminal(payload["Status"]))


def check_well_formed(messages: list[Message]) -> None:
    for m in messages:
        assert m.event == "stackEvent", m
        assert m.id == m.data["Sequence"], m
    ids = [m.id for m in messages]
    assert ids == sorted(set(ids)), f"ids not strictly increasing / duplicated: {ids}"
    assert ids == list(range(ids[0], ids[0] + len(ids))), f"gap in ids: {ids}"


def check_same_events(messages: list[Message], rows: list[StackEvent]) -> None:
    """Every row received exactly once, in sequence order, with the row's content."""
    assert [m.data["EventId"] for m in messages] == [str(r.pk) for r in rows]
    for m, r in zip(messages, rows):
        assert (m.data["Sequence"], m.data["LogicalResourceId"], m.data["Status"]) == (
            r.sequence, r.logical_id, r.status)


def check_live(stream: SseStream, rows: list[StackEvent], terminal: StackEvent) -> list[Message]:
    """Events written well before the terminal one were received before it was written (stack in progress)."""
    terminal_at = terminal.created_at.timestamp()
    by_id = {str(r.pk): r for r in rows}
    live = [m for m in stream.messages if m.at < terminal_at]
    for m in stream.messages:
        row = by_id[m.data["EventId"]]
        if row.created_at.timestamp() <= terminal_at - LIVE_MARGIN_S and row.created_at.timestamp() >= stream.opened_at:
            assert m.at < terminal_at, (
                f"event {m.id} ({row.logical_id} {row.status}) written {terminal_at - row.created_at.timestamp():.2f} s "
                f"before the stack's terminal event arrived only {m.at - terminal_at:.2f} s after it")
    return live


def subscribers(stack_id) -> int:
    """How many connections are subscribed to the stack's channel (the stream's own subscription)."""
    from rosconsole.redis import get_redis
    from stacks.engine import events

    channel = events.channel(stack_id)
    return dict(get_redis().pubsub_numsub(channel)).get(channel.encode(), 0)


def index_of(messages: list[Message], logical_id: str, status: str) -> int:
    return next(i for i, m in enumerate(messages)
                if m.data["LogicalResourceId"] == logical_id and m.data["Status"] == status)


def has(logical_id: str, status: str):
    return lambda messages: any(m.data["LogicalResourceId"] == logical_id and m.data["Status"] == status
                                for m in messages)


def test_follows_a_running_stack_live_and_ends_after_the_terminal_event(alice, late_worker, open_stream):
    account = alice.memberships.get().account
    stack = services.create_stack(alice, account, name="live", template_body=TEMPLATE)
    written_before = len(stack_events(stack.pk))
    stream = open_stream(stack.pk)
    stream.wait(lambda messages: len(messages) >= written_before, what="the backfill")
    assert subscribers(stack.pk) == 1  # subscribed before the backfill
    late_worker()
    stream.wait_end()

    assert stream.error is None and not stream.partial, (stream.error, stream.partial)
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    rows = stack_events(stack.pk)
    assert len(rows) >= 10 and written_before <= 3, (written_before, len(rows))  # most events came live
    messages = stream.messages
    check_well_formed(messages)
    assert messages[0].id == 1
    check_same_events(messages, rows)

    # it ended by itself, right after the stack's terminal event (the last one written), and let go of Redis
    wait_for(lambda: subscribers(stack.pk) == 0, timeout=30)
    assert is_terminal_stack_event(stack, messages[-1].data) and messages[-1].data["Status"] == "CREATE_COMPLETE"
    assert not any(is_terminal_stack_event(stack, m.data) for m in messages[:-1])

    live = check_live(stream, rows, rows[-1])
    assert len(live) >= 4, f"only {len(live)} events arrived while the stack was in progress"
    assert has("A", "CREATE_COMPLETE")(live) and has("D", "CREATE_IN_PROGRESS")(live)

    # keepalive comments, and one in A's 3 quiet seconds
    assert stream.comments and all(c.text == ": keepalive" for c in stream.comments), stream.comments
    a_started, a_done = index_of(messages, "A", "CREATE_IN_PROGRESS"), index_of(messages, "A", "CREATE_COMPLETE")
    assert any(a_started < c.after <= a_done for c in stream.comments), (
        f"no keepalive between A's events {messages[a_started].id} and {messages[a_done].id}: "
        f"{[(c.after, round(c.at - stream.opened_at, 2)) for c in stream.comments]}")


def test_reconnect_with_last_event_id_neither_repeats_nor_loses_events(alice, late_worker, open_stream):
    account = alice.memberships.get().account
    stack = services.create_stack(alice, account, name="resume", template_body=TEMPLATE)
    first = open_stream(stack.pk)
    first.wait(lambda messages: len(messages) >= 1, what="the backfill")
    late_worker()
    first.wait(has("A", "CREATE_IN_PROGRESS"), what="A's CREATE_IN_PROGRESS")
    first.close()  # A now polls for 3 s: the stack is in the middle of its run
    assert first.error is None, first.error
    cut = first.messages[-1].id
    wait_for(lambda: subscribers(stack.pk) == 0, timeout=30)  # the server noticed the hang-up
    check_well_formed(first.messages)
    assert first.messages[0].id == 1

    # events written while no one listens: the resumed stream must backfill them, then follow live
    wait_for(lambda: StackEvent.objects.filter(stack_id=stack.pk, sequence__gt=cut).exists(), timeout=120)
    assert not states.is_terminal(Stack.objects.get(pk=stack.pk).status)
    second = open_stream(stack.pk, last_event_id=cut)
    second.wait_end()

    assert second.error is None and not second.partial, (second.error, second.partial)
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    rows = stack_events(stack.pk)
    check_well_formed(second.messages)
    assert second.messages[0].id == cut + 1, f"resumed at {second.messages[0].id}, expected {cut + 1}"
    check_same_events(first.messages + second.messages, rows)
    assert is_terminal_stack_event(stack, second.messages[-1].data)
    live = check_live(second, rows, rows[-1])
    assert has("D", "CREATE_IN_PROGRESS")(live), f"the resumed stream did not follow live: {second.summary()}"
