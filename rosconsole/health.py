"""/healthz: the state of the database, Redis and the Celery workers."""
from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

WORKER_PING_TIMEOUT_S = 0.5


def _check(fn) -> dict:
    started = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:  # every failure is reported, never raised
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if detail:
        result.update(detail)
    return result


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _redis() -> dict:
    from rosconsole.redis import get_redis

    get_redis().ping()
    return {}


def _workers() -> dict:
    """Ping the workers and return at the first reply (a broadcast otherwise waits its whole timeout)."""
    from rosconsole.celery import app

    replies = app.control.ping(timeout=WORKER_PING_TIMEOUT_S, limit=1) or []
    names = sorted(name for reply in replies for name in reply)
    return {"count": len(names), "names": names, "note": "count is 1 when any worker answered"}


@require_GET
def healthz(request):
    database = _check(_database)
    redis = _check(_redis)
    workers = _check(_workers) if redis["ok"] else {"ok": False, "error": "Redis is unavailable"}
    if workers.get("ok") and workers.get("count") == 0:
        workers["ok"] = False
        workers["error"] = "no Celery worker answered"
    healthy = database["ok"] and redis["ok"]
    body = {"status": "ok" if healthy else "unavailable", "database": database, "redis": redis,
            "workers": workers, "redis_url": _redacted(settings.REDIS_URL)}
    return JsonResponse(body, status=200 if healthy else 503)


def _redacted(url: str) -> str:
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
