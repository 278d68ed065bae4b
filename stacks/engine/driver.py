"""A synchronous in-process driver: runs the same step function the Celery task calls, without Celery.

Used by the scenario tests (fast, deterministic). Steps enqueued together are run as one *wave*;
`waves` records which steps were ready together, so tests can assert ordering and parallelism.
Polled steps (in_progress with a countdown) wait in `delayed` until the caller advances time.
"""
from __future__ import annotations

import contextlib
from collections import deque
from typing import Iterator

from stacks.engine import dispatch
from stacks.engine.steps import run_step


class InProcessDriver:
    def __init__(self) -> None:
        self.queue: deque[tuple[str, str]] = deque()
        self.delayed: list[tuple[str, str]] = []
        self.waves: list[list[str]] = []
        self.results: list[tuple[str, str]] = []

    def enqueue(self, operation_id: str, logical_id: str, countdown: float = 0.0) -> None:
        (self.delayed if countdown > 0 else self.queue).append((operation_id, logical_id))

    @contextlib.contextmanager
    def active(self) -> Iterator["InProcessDriver"]:
        with dispatch.using(self):
            yield self

    def run(self, advance: bool = True, max_steps: int = 100_000) -> int:
        """Run queued steps wave by wave until idle; with `advance`, polled steps are due at once."""
        count = 0
        with dispatch.using(self):
            while count < max_steps:
                if not self.queue:
                    if not (advance and self.delayed):
                        break
                    self.queue.extend(self.delayed)
                    self.delayed.clear()
                wave = list(self.queue)
                self.queue.clear()
                self.waves.append([logical_id for _, logical_id in wave])
                for operation_id, logical_id in wave:
                    self.results.append((logical_id, run_step(operation_id, logical_id)))
                    count += 1
        return count
