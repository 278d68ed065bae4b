"""One resource step: claim the row, call the provider, record the result, release what it unblocked.

`run_step(operation_id, logical_id)` is what the Celery task (and the in-process driver) calls.
It is safe to run twice: the claim is a conditional UPDATE READY -> RUNNING, and a step of a
superseded or failing operation returns at once. Providers are called outside any transaction.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stacks.engine import actions, operations, sql, states
from stacks.models import StackOperation, StackResource
from stacks.resources.base import StepResult

log = logging.getLogger(__name__)


@dataclass
class Claimed:
    op: StackOperation
    row: StackResource
    timed_out: bool = False


def run_step(operation_id: str, logical_id: str, task_id: str = "") -> str:
    """Run one step; returns what happened (for logs and tests): claimed-nothing, done, polling, failed, ..."""
    claimed = claim(operation_id, logical_id, task_id)
    if claimed is None:
        return "not-claimed"
    op, row = claimed.op, claimed.row
    if claimed.timed_out:
        operations.run_locked(op.pk, _timeout, row.logical_id)
        return "timed-out"
    try:
        outcome = actions.execute(op, row, _request_id())
    except Exception as exc:  # noqa: BLE001 - any provider or resolution error fails this step only
        log.exception("step %s of operation %s raised", logical_id, operation_id)
        outcome = actions.Outcome(StepResult("failed", reason=actions.error_text(exc)))
    operations.run_locked(op.pk, _apply, row, outcome)
    return outcome.result.status


def claim(operation_id: str, logical_id: str, task_id: str = "") -> Claimed | None:
    """READY -> RUNNING in one conditional UPDATE ... RETURNING; None when someone else has the step.

    A create (or a delete of something that exists) is marked <ACTION>_IN_PROGRESS, with its event,
    in the same transaction: one commit less per step. Other actions are marked once planned."""
    try:
        op = operations.cached(operation_id)
    except (StackOperation.DoesNotExist, ValidationError, ValueError):
        return None  # the stack (and its operations) was deleted, or the id is not one of ours
    now = timezone.now()
    with transaction.atomic():
        rows = sql.update_returning(
            StackResource,
            {"step_state": states.STEP_RUNNING, "step_started_at": now, "step_task_id": task_id[:64],
             "step_attempts": sql.Raw(f"{sql.qn('step_attempts')} + 1")},
            {"stack_id": op.stack_id, "logical_id": logical_id, "step_operation": op.pk,
             "step_state": states.STEP_READY})
        if not rows:
            return None
        # A claimed row belongs to the stack's current operation and that operation is not failing:
        # superseding or failing an operation moves its open steps away from READY first.
        timed_out = bool(op.deadline and now > op.deadline)
        label = "" if timed_out else actions.label_known_at_claim(rows[0])
        if label:
            actions.mark_in_progress(op, rows[0], label)
    return Claimed(op, rows[0], timed_out)


def _request_id() -> str:
    return str(uuid.uuid4()).upper()


def _timeout(op: StackOperation, logical_id: str) -> None:
    StackResource.objects.filter(step_operation=op.pk, logical_id=logical_id, step_state=states.STEP_RUNNING
                                 ).update(step_state=states.STEP_SKIPPED)
    operations.fail(op, timeout_reason(op))


def timeout_reason(op: StackOperation) -> str:
    return f"Stack {op.action} timed out after {op.stack.timeout_in_minutes} minutes"


def _apply(op: StackOperation, row: StackResource, outcome: actions.Outcome) -> None:
    """Record the outcome; every close is conditional on the step still RUNNING for this operation, so
    a step the sweeper or a cancel moved on meanwhile changes nothing."""
    result = outcome.result
    if result.status == "in_progress":
        _poll_later(op, row, result)
        return
    if result.status == "done":
        if not actions.record_done(op, row, outcome):
            return
    else:
        if not actions.record_failed(op, row, result.reason):
            return
        if not op.failing:
            operations.fail(op, f"Resource {actions.verb(row)} failed: {row.logical_id}: {result.reason}"[:2000])
            return
    operations.after_step(op, row.logical_id)


def _poll_later(op: StackOperation, row: StackResource, result: StepResult) -> None:
    delay = max(float(result.delay_s), 0.0)
    now = timezone.now()
    if not actions.close_step(row, {"context": result.context, "step_state": states.STEP_READY,
                                    "step_due_at": now + timedelta(seconds=delay), "step_enqueued_at": now}):
        return
    from stacks.engine import dispatch

    dispatch.enqueue(op.pk, row.logical_id, countdown=delay)


def public_url() -> str:
    return settings.PUBLIC_URL


__all__ = ["run_step", "claim", "transaction"]
