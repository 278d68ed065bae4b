"""One shared redis-py client per process (pub/sub for events, nonces, locks), and one asyncio client
per event loop (async views: HTTP-trigger waits, the events stream)."""
from __future__ import annotations

import asyncio
import functools
import weakref

import redis
from django.conf import settings


@functools.lru_cache(maxsize=1)
def get_redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=2,
                                health_check_interval=30)


_async_clients: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def get_async_redis():
    """The redis.asyncio client (and connection pool) of the running event loop: its connections belong to
    that loop, so each loop gets its own, kept for the loop's life. No socket timeout: blocking waits."""
    import redis.asyncio as aioredis

    loop = asyncio.get_running_loop()
    client = _async_clients.get(loop)
    if client is None:
        client = _async_clients[loop] = aioredis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2,
                                                                health_check_interval=30)
    return client
