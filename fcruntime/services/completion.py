"""The completion signal of an invocation: the worker pushes the final column values it just committed
to a Redis list; a sync caller blocked on that list applies them to its row object instead of reading
the row again. The database stays the truth: the message is sent after the commit, and a caller that
misses it (or gets one without values) reads the row.
"""
from __future__ import annotations

import base64
import functools
import json
from datetime import datetime

import redis
from django.conf import settings

from fcruntime.models import Invocation
from rosconsole.redis import get_async_redis

INLINE_MAX = 256 * 1024  # larger results are read from the row
_BINARY = ("result", "event")
_DATES = ("started_at", "finished_at", "created_at")


def done_key(request_id: str) -> str:
    return f"fc:invocation-done:{request_id}"


@functools.lru_cache(maxsize=1)
def client() -> redis.Redis:
    """A client without a socket timeout, for blocking waits (the shared one times out after 5 s)."""
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, health_check_interval=30)


def encode(changes: dict) -> str:
    out = {}
    for key, value in changes.items():
        if key in _BINARY:
            if len(value) > INLINE_MAX:
                return json.dumps({"status": changes.get("status")})
            out[key] = base64.b64encode(bytes(value)).decode("ascii")
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return json.dumps({"status": changes.get("status"), "fields": out})


def signal(request_id: str, changes: dict) -> None:
    pipe = client().pipeline()
    pipe.rpush(done_key(request_id), encode(changes))
    pipe.expire(done_key(request_id), 600)
    pipe.execute()


def apply(inv: Invocation, raw: bytes | str | None) -> bool:
    """Apply a completion message to `inv`; False when the row must be read instead."""
    if not raw:
        return False
    try:
        doc = json.loads(raw)
    except ValueError:
        return False
    fields = doc.get("fields") if isinstance(doc, dict) else None
    if not fields:
        return False
    for key, value in fields.items():
        if key in _BINARY:
            value = base64.b64decode(value)
        elif key in _DATES and value:
            value = datetime.fromisoformat(value)
        setattr(inv, key, value)
    return inv.is_terminal


def _blpop_timeout(timeout_s: float) -> int:
    return max(1, int(timeout_s + 0.999))


def wait_message(request_id: str, timeout_s: float) -> bytes | None:
    got = client().blpop([done_key(request_id)], timeout=_blpop_timeout(timeout_s))
    return got[1] if got else None


async def wait_message_async(request_id: str, timeout_s: float) -> bytes | None:
    """The same wait without holding a thread: ASGI views (HTTP triggers) serve other requests meanwhile."""
    got = await get_async_redis().blpop([done_key(request_id)], timeout=_blpop_timeout(timeout_s))
    return got[1] if got else None
