"""The sweeper (run by beat every ROSCONSOLE_SWEEP_SECONDS): no stack stays *_IN_PROGRESS forever.

The database is the truth, so everything is re-derived from rows:
- an operation past its deadline fails (then rolls back, if rollback is on);
- a step RUNNING longer than its provider's MAX_STEP_SECONDS whose task is not active on any worker
  (the worker was killed) is resumed (READY again, re-enqueued) or, after MAX_ATTEMPTS, failed;
- a READY step whose message is overdue (e.g. Redis restarted without persistence) is re-enqueued;
  duplicates are harmless because every step claims its row first;
- an operation with no open step left is finished (heals a crash between commit and finish).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from stacks.engine import actions, dispatch, operations, states, steps
from stacks.models import StackOperation, StackResource
from stacks.resources import registry
from stacks.resources.base import Provider

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def sweep() -> dict:
    now = timezone.now()
    report = {"timed_out": _time_out(now), "resumed": 0, "failed": 0, "resent": _resend(now), "finished": 0}
    resumed, failed_steps = _stuck(now)
    report["resumed"], report["failed"] = resumed, failed_steps
    report["finished"] = _heal(now)
    if any(report.values()):
        log.info("sweep: %s", report)
    return report


def _time_out(now) -> int:
    ids = list(StackOperation.objects.filter(status=states.IN_PROGRESS, deadline__lt=now, failing=False
                                             ).values_list("pk", flat=True))
    for op_id in ids:
        operations.run_locked(op_id, _fail_timed_out)
    return len(ids)


def _fail_timed_out(op: StackOperation) -> None:
    operations.fail(op, steps.timeout_reason(op))


def max_step_seconds(resource_type: str) -> float:
    try:
        if registry.is_registered(resource_type):
            return float(registry.get_provider(resource_type).MAX_STEP_SECONDS)
    except ImportError:
        pass
    return float(Provider.MAX_STEP_SECONDS if registry.is_registered(resource_type) else 30.0)


def _stuck(now) -> tuple[int, int]:
    floor = now - timedelta(seconds=1)
    rows = [r for r in StackResource.objects.filter(step_state=states.STEP_RUNNING, step_started_at__lt=floor)
            if r.step_started_at < now - timedelta(seconds=max_step_seconds(r.type))]
    if not rows:
        return 0, 0
    alive = active_task_ids()
    resumed = failed = 0
    for row in rows:
        if row.step_task_id and row.step_task_id in alive:
            continue
        if row.step_attempts >= MAX_ATTEMPTS:
            operations.run_locked(str(row.step_operation), _fail_step, row.pk, row.step_started_at)
            failed += 1
        else:
            operations.run_locked(str(row.step_operation), _resume_step, row.pk, row.step_started_at)
            resumed += 1
    return resumed, failed


def active_task_ids() -> set[str]:
    """Ids of tasks running on any worker now (empty when no worker answers)."""
    from rosconsole.celery import app

    try:
        replies = app.control.inspect(timeout=1.0).active() or {}
    except Exception as exc:  # noqa: BLE001 - a broker outage means: no worker proves it is alive
        log.warning("sweep: cannot inspect workers: %s", exc)
        return set()
    return {task.get("id") for tasks in replies.values() for task in tasks or []}


def _resume_step(op: StackOperation, row_pk: int, started) -> None:
    if StackResource.objects.filter(pk=row_pk, step_state=states.STEP_RUNNING, step_started_at=started).update(
            step_state=states.STEP_READY, step_enqueued_at=timezone.now(), step_due_at=timezone.now()) == 1:
        row = StackResource.objects.get(pk=row_pk)
        log.warning("sweep: resuming step %s of operation %s (worker lost)", row.logical_id, op.pk)
        dispatch.enqueue(op.pk, row.logical_id)


def _fail_step(op: StackOperation, row_pk: int, started) -> None:
    row = StackResource.objects.get(pk=row_pk)
    if row.step_state != states.STEP_RUNNING or row.step_started_at != started:
        return
    reason = f"The step was lost {row.step_attempts} times (worker stopped); giving up"
    actions.record_failed(op, row, reason)
    operations.fail(op, f"Resource {actions.verb(row)} failed: {row.logical_id}: {reason}")


def _resend(now) -> int:
    grace = timedelta(seconds=max(3 * settings.ROSCONSOLE_SWEEP_SECONDS, 5))
    rows = StackResource.objects.filter(step_state=states.STEP_READY, step_enqueued_at__lt=now - grace,
                                        step_due_at__lt=now - grace).values_list("pk", "step_operation", "logical_id")
    count = 0
    for pk, op_id, logical_id in rows:
        if StackResource.objects.filter(pk=pk, step_state=states.STEP_READY).update(step_enqueued_at=now):
            dispatch.enqueue(op_id, logical_id)
            count += 1
    return count


def _heal(now) -> int:
    """Operations in progress with no open step (a lost finish or release) are advanced."""
    healed = 0
    quiet = now - timedelta(seconds=max(settings.ROSCONSOLE_SWEEP_SECONDS, 2))
    for op_id in StackOperation.objects.filter(status=states.IN_PROGRESS, started_at__lt=quiet
                                               ).values_list("pk", flat=True):
        if StackResource.objects.filter(step_operation=op_id, step_state__in=(states.STEP_READY,
                                                                               states.STEP_RUNNING)).exists():
            continue
        operations.run_locked(op_id, _heal_one)
        healed += 1
    return healed


def _heal_one(op: StackOperation) -> None:
    if op.status != states.IN_PROGRESS:
        return
    waiting = list(StackResource.objects.filter(step_operation=op.pk, step_state=states.STEP_WAITING
                                                ).values_list("logical_id", flat=True))
    operations.advance(op, op.stack, waiting)
