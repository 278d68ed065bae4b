"""One shared redis-py client per process (pub/sub for events, nonces, locks)."""
from __future__ import annotations

import functools

import redis
from django.conf import settings


@functools.lru_cache(maxsize=1)
def get_redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=2,
                                health_check_interval=30)
