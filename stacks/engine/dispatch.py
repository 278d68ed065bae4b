"""How the engine hands a step to whoever runs it: Celery in production, the in-process driver in tests.

The engine calls `enqueue(operation_id, logical_id, countdown)` inside its transaction; the
Celery dispatcher sends the task after commit (DjangoTask.apply_async_on_commit), so a worker
never sees a row that is not committed yet.
"""
from __future__ import annotations

import contextlib
from typing import Iterator, Protocol


class Dispatcher(Protocol):
    def enqueue(self, operation_id: str, logical_id: str, countdown: float = 0.0) -> None: ...


class CeleryDispatcher:
    def enqueue(self, operation_id: str, logical_id: str, countdown: float = 0.0) -> None:
        from stacks.tasks import run_resource_step

        options = {"countdown": countdown} if countdown > 0 else {}
        run_resource_step.apply_async_on_commit(args=(str(operation_id), logical_id), **options)


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
