"""`/stacks/<StackId>/events/stream`: the stack's events as server-sent events (an async view).

Each message is::

    id: <Sequence>             the per-stack sequence number (send it back as Last-Event-ID)
    event: stackEvent          htmx SSE extension: listen with sse-swap / hx-trigger="sse:stackEvent"
    data: {...}                the event JSON of stacks.engine.events (EventId, StackId, StackName,
                               LogicalResourceId, PhysicalResourceId, ResourceType, Status,
                               StatusReason, CreateTime, Timestamp, Sequence, OperationId)

The stream first replays events after `Last-Event-ID` (header, or `?last_event_id=`) from the
database, then follows Redis channel `stack:<StackId>`, sends a `: keepalive` comment after
`settings.ROSCONSOLE_SSE_KEEPALIVE_SECONDS` (default 15) without an event,
and ends after the stack-level event of a terminal state (or at once when the stack is already
terminal). Without Redis it polls the database instead. Login required; a stack of an account the
user does not belong to is a 404.
"""
from __future__ import annotations

import json
import logging
from typing import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from rosconsole.accounts.models import Membership
from stacks.engine import events, states
from stacks.models import Stack, StackEvent

log = logging.getLogger(__name__)
KEEPALIVE_SECONDS = 15.0  # default of settings.ROSCONSOLE_SSE_KEEPALIVE_SECONDS
POLL_SECONDS = 2.0


def keepalive_seconds() -> float:
    return float(getattr(settings, "ROSCONSOLE_SSE_KEEPALIVE_SECONDS", KEEPALIVE_SECONDS))


async def events_stream(request: HttpRequest, stack_id) -> HttpResponse:
    user = await request.auser()
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    stack = await sync_to_async(_visible_stack)(user, stack_id)
    last = _last_event_id(request)
    response = StreamingHttpResponse(stream(stack, last), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _visible_stack(user, stack_id) -> Stack:
    stack = Stack.objects.filter(pk=stack_id).first()
    if stack is None or not Membership.objects.filter(user=user, account_id=stack.account_id).exists():
        raise Http404("No such stack")
    return stack


def _last_event_id(request: HttpRequest) -> int:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id") or "0"
    try:
        return max(int(raw), 0)
    except ValueError:
        return 0


def message(payload: dict) -> str:
    return f"id: {payload['Sequence']}\nevent: stackEvent\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"


def _backfill(stack: Stack, after: int) -> list[dict]:
    rows = StackEvent.objects.filter(stack_id=stack.pk, sequence__gt=after).order_by("sequence")[:1000]
    return [events.to_json(e, stack.name) for e in rows]


def _is_done(stack: Stack, last: int) -> bool:
    """Terminal, and every event up to now has been sent."""
    fresh = Stack.objects.filter(pk=stack.pk).values_list("status", "event_sequence").first()
    return fresh is None or (states.is_terminal(fresh[0]) and fresh[1] <= last)


class _Follower:
    """Keeps `last` and turns backfills and live payloads into SSE text, in order, without duplicates."""

    def __init__(self, stack: Stack, last: int) -> None:
        self.stack, self.last = stack, last

    async def catch_up(self) -> list[str]:
        out = []
        for payload in await sync_to_async(_backfill)(self.stack, self.last):
            out.append(message(payload))
            self.last = payload["Sequence"]
        return out

    async def take(self, payload: dict) -> list[str]:
        if payload.get("Sequence", 0) <= self.last:
            return []
        if payload["Sequence"] > self.last + 1:
            return await self.catch_up()  # a gap: the database has everything in order
        self.last = payload["Sequence"]
        return [message(payload)]

    async def finished(self) -> bool:
        return await sync_to_async(_is_done)(self.stack, self.last)


async def stream(stack: Stack, last: int) -> AsyncIterator[str]:
    follower = _Follower(stack, last)
    pubsub = await _subscribe(stack)
    try:
        for chunk in await follower.catch_up():
            yield chunk
        if await follower.finished():
            return
        async for chunk in (_follow(pubsub, follower) if pubsub else _poll(follower)):
            yield chunk
    finally:
        if pubsub is not None:
            await _close(pubsub)


async def _subscribe(stack: Stack):
    """Subscribe before the backfill so nothing falls between them; None when Redis is unavailable."""
    try:
        from rosconsole.redis import get_async_redis

        pubsub = get_async_redis().pubsub()  # its own connection, from the loop's shared pool
        await pubsub.subscribe(events.channel(stack.pk))
        return pubsub
    except Exception as exc:  # noqa: BLE001 - fall back to polling the database
        log.warning("events stream of %s: no Redis (%s); polling the database", stack.pk, exc)
        return None


async def _close(pubsub) -> None:
    try:
        await pubsub.unsubscribe()
        await pubsub.aclose()  # drops its connection; the loop's pool stays for the next stream
    except Exception:  # noqa: BLE001 - the client went away; nothing to clean up
        pass


async def _follow(pubsub, follower: _Follower) -> AsyncIterator[str]:
    import time

    keepalive = keepalive_seconds()
    quiet_since = time.monotonic()
    while True:
        try:
            msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=min(1.0, keepalive))
        except Exception as exc:  # noqa: BLE001 - Redis went away mid-stream: poll instead
            log.warning("events stream: Redis lost (%s); polling the database", exc)
            async for chunk in _poll(follower):
                yield chunk
            return
        if msg is not None and msg.get("type") == "message":
            for chunk in await follower.take(json.loads(msg["data"])):
                yield chunk
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= keepalive:
            yield ": keepalive\n\n"
            quiet_since = time.monotonic()
            for chunk in await follower.catch_up():  # anything pub/sub missed
                yield chunk
            if await follower.finished():
                return
        if msg is not None and await follower.finished():
            return


async def _poll(follower: _Follower) -> AsyncIterator[str]:
    import asyncio

    while True:
        chunks = await follower.catch_up()
        for chunk in chunks:
            yield chunk
        if await follower.finished():
            return
        if not chunks:
            yield ": keepalive\n\n"
        await asyncio.sleep(POLL_SECONDS)
