"""The end of an operation: stack status, outputs, stack event, and the rollback that may follow."""
from __future__ import annotations

import logging

from django.utils import timezone

from stacks.engine import events, operations, planning, states, templates
from stacks.models import Stack, StackOperation, StackResource
from stacks.template import TemplateError

log = logging.getLogger(__name__)

SUCCESS_REASON = "Stack {action} completed successfully"
ROLLBACK_OF = {states.CREATE: states.CREATE_ROLLBACK, states.UPDATE: states.ROLLBACK}


def finish(op: StackOperation, stack: Stack) -> None:
    """Close the operation once no step is open (called with the operation locked)."""
    failed = op.failing
    outcome = states.FAILED if failed else states.COMPLETE
    now = timezone.now()
    if StackOperation.objects.filter(pk=op.pk, status=states.IN_PROGRESS).update(status=outcome, finished_at=now) != 1:
        return
    op.status = outcome
    stack.refresh_from_db()
    if stack.operation_id != op.pk:
        return  # superseded (e.g. by a cancel that started a rollback): that operation owns the stack
    stack.status = states.status(op.action, outcome)
    stack.status_reason = op.status_reason if failed else SUCCESS_REASON.format(action=op.action)
    stack.updated_at = now
    _apply_outcome(op, stack, failed)
    stack.save()
    events.record_stack(stack, op, stack.status, stack.status_reason)
    if failed and op.action in ROLLBACK_OF and (op.cancelled or not stack.disable_rollback):
        start_rollback(op, stack)
    elif stack.parent_id:
        _wake_parent(stack)


def _apply_outcome(op: StackOperation, stack: Stack, failed: bool) -> None:
    if op.action == states.DELETE:
        if not failed:
            StackResource.objects.filter(stack=stack).exclude(status="DELETE_COMPLETE").update(
                status="DELETE_COMPLETE", step_operation=None, step_state="")
        return
    if op.action == states.CREATE_ROLLBACK:
        stack.outputs = []
        return
    if op.action in (states.CREATE, states.UPDATE, states.ROLLBACK):
        stack.outputs = resolve_outputs(op, stack)
    if not failed and op.action in (states.CREATE, states.UPDATE, states.ROLLBACK):
        stack.previous_template_body = op.template_body
        stack.previous_parameters = op.parameters
        stack.template_body = op.template_body
        stack.parameters = op.parameters


def resolve_outputs(op: StackOperation, stack: Stack) -> list[dict]:
    try:
        resolved = templates.for_operation(op, stack)
    except TemplateError as exc:
        return [{"OutputKey": "", "OutputValue": None, "Error": str(exc)}]
    state = templates.DbState(planning.live_rows(stack))
    return resolved.resolve_outputs(state)


def start_rollback(failed_op: StackOperation, stack: Stack) -> StackOperation:
    """CREATE -> CREATE_ROLLBACK (delete what exists); UPDATE -> ROLLBACK (back to the previous template)."""
    action = ROLLBACK_OF[failed_op.action]
    if action == states.CREATE_ROLLBACK:
        op = operations.new_operation(stack, action, stack.template_body, stack.parameters, kind="rollback")
        traversal = planning.delete_traversal(
            [r for r in planning.live_rows(stack) if r.status != "INIT_COMPLETE"])
        traversal.main = {k: operations.Step(states.DO_DELETE, s.waits_for) for k, s in traversal.main.items()}
    else:
        op = operations.new_operation(stack, action, stack.previous_template_body, stack.previous_parameters,
                                      options={"replacement": True}, kind="rollback")
        resolved = templates.for_operation(op, stack)
        traversal = planning.update_traversal(stack, resolved)
    operations.start(stack, op, traversal, reason=f"Rollback: {failed_op.status_reason}"[:1000])
    return op


def _wake_parent(stack: Stack) -> None:
    """A nested stack finished: poll its parent's resource at once instead of waiting for the countdown."""
    from stacks.engine import dispatch

    row = StackResource.objects.filter(stack_id=stack.parent_id, logical_id=stack.parent_logical_id,
                                       step_state=states.STEP_READY).values_list("step_operation", flat=True).first()
    if row:
        dispatch.enqueue(row, stack.parent_logical_id)
