"""How the engine hands a step to whoever runs it: Celery in production, the in-process driver in tests.

The engine calls `enqueue(operation_id, logical_id, countdown)` inside its transaction; the
Celery dispatcher sends the task after commit (DjangoTask.apply_async_on_commit), so a worker
never sees a row that is not committed yet.
"""
from __future__ import annotations

import contextlib
import functools
import logging
from typing import Iterator, Protocol

from django.db import transaction

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    def enqueue(self, operation_id: str, logical_id: str, countdown: float = 0.0) -> None: ...


class CeleryDispatcher:
    def enqueue(self, operation_id: str, logical_id: str, countdown: float = 0.0) -> None:
        transaction.on_commit(functools.partial(_send, str(operation_id), logical_id, countdown))


def _send(operation_id: str, logical_id: str, countdown: float) -> None:
    """Send after commit; a broker outage is logged, not raised: the row stays READY and the sweeper resends."""
    from stacks.tasks import run_resource_step

    options = {"countdown": countdown} if countdown > 0 else {}
    try:
        run_resource_step.apply_async(args=(operation_id, logical_id), **options)
    except Exception as exc:  # noqa: BLE001 - kombu raises several types for a lost broker
        log.warning("could not enqueue step %s of %s (the sweeper will resend it): %s", logical_id, operation_id, exc)


_current: list[Dispatcher] = [CeleryDispatcher()]


def current() -> Dispatcher:
    return _current[-1]


def enqueue(operation_id: object, logical_id: str, countdown: float = 0.0) -> None:
    current().enqueue(str(operation_id), logical_id, countdown)


@contextlib.contextmanager
def using(dispatcher: Dispatcher) -> Iterator[Dispatcher]:
    """Route every step enqueued inside the block to `dispatcher` (the in-process driver)."""
    _current.append(dispatcher)
    try:
        yield dispatcher
    finally:
        _current.remove(dispatcher)
