"""Helpers shared by the engine's integration tests (real Redis, real Celery worker)."""
from __future__ import annotations

import time

from stacks.engine import states
from stacks.models import Stack


def wait_terminal(stack_id, timeout: float = 60.0, sweep: bool = False) -> Stack:
    """Poll the database until the stack is terminal (optionally running the sweeper like beat would)."""
    from stacks.engine import sweeper

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack = Stack.objects.get(pk=stack_id)
        if states.is_terminal(stack.status):
            return stack
        if sweep:
            sweeper.sweep()
        time.sleep(0.2)
    raise AssertionError(f"stack still {Stack.objects.get(pk=stack_id).status} after {timeout}s")
