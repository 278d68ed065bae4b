"""Benchmark-only Celery tasks that do nothing but count (the worker loads them with -I).

They measure Celery's own cost per task on this machine, broker and worker settings -- the floor
under any design that runs one task per resource step.
"""
from __future__ import annotations

from rosconsole.celery import app
from rosconsole.redis import get_redis


@app.task(name="bench.floor.count", acks_late=True, ignore_result=True)
def count(key: str) -> None:
    get_redis().incr(key)


@app.task(name="bench.floor.hop", acks_late=True, ignore_result=True)
def hop(key: str, left: int) -> None:
    get_redis().incr(key)
    if left > 1:
        hop.apply_async(args=(key, left - 1))
