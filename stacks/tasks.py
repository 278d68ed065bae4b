"""Thin Celery tasks: ids in, call the engine, done. Queue `stacks` (settings.CELERY_TASK_ROUTES)."""
from __future__ import annotations

import os

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from stacks.engine import steps, sweeper

if os.environ.get("ROSCONSOLE_TEST_RESOURCE_TYPES") == "1":
    # Worker processes started by the test suite and the benchmark need the test-only type too.
    from stacks.resources import test_provider

    test_provider.register()


@shared_task(name="stacks.run_resource_step", base=DjangoTask, bind=True, acks_late=True, ignore_result=True)
def run_resource_step(self, operation_id: str, logical_id: str) -> str:
    """One resource step of one operation (safe to run twice: the row is claimed by a conditional UPDATE)."""
    return steps.run_step(operation_id, logical_id, task_id=self.request.id or "")


@shared_task(name="stacks.sweep_operations", base=DjangoTask, acks_late=True, ignore_result=True)
def sweep_operations() -> dict:
    """Beat: resume or fail steps whose worker died, resend lost messages, time out operations."""
    return sweeper.sweep()
