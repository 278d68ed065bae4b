"""Thin Celery tasks of the event sources (registered through fcruntime.tasks)."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="fcruntime.fire_timers", ignore_result=True)
def fire_timers() -> int:
    """The beat tick: fire every due timer trigger (each at most once per scheduled time)."""
    from fcruntime.triggers.timer import fire_due

    return fire_due()
