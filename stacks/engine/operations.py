"""DB side of an operation (a traversal): begin it, release steps whose requirements are done, finish it.

Sync points live on the StackResource rows (step_operation / step_state). Every transition is a
conditional UPDATE; completions of one operation are serialised by locking its row, so two steps
finishing together cannot both miss a dependent that became ready.
"""
from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Iterable

from django.db import transaction
from django.utils import timezone

from stacks.engine import dispatch, events, sql, states
from stacks.models import Stack, StackOperation, StackResource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    action: str                       # states.DO_*
    waits_for: tuple[str, ...] = ()   # logical ids (of the same phase) that must be DONE first


@dataclass
class Traversal:
    """What an operation will do: the main phase, then (update only) the cleanup of removed resources."""

    main: dict[str, Step] = field(default_factory=dict)
    cleanup: dict[str, Step] = field(default_factory=dict)


def new_operation(stack: Stack, action: str, template_body: str, parameters: dict, options: dict | None = None,
                  kind: str = "") -> StackOperation:
    now = timezone.now()
    return StackOperation.objects.create(
        stack=stack, action=action, kind=kind or action.lower(), template_body=template_body,
        parameters=dict(parameters), options=dict(options or {}), started_at=now,
        deadline=now + timedelta(minutes=stack.timeout_in_minutes))


def start(stack: Stack, op: StackOperation, traversal: Traversal, reason: str = "User initiated operation") -> None:
    """Mark the stack busy, register the steps, emit the stack event and release the first steps."""
    op.graph = {"main": {k: list(s.waits_for) for k, s in traversal.main.items()},
                "cleanup": {k: list(s.waits_for) for k, s in traversal.cleanup.items()},
                "actions": {k: s.action for k, s in {**traversal.cleanup, **traversal.main}.items()}}
    op.save(update_fields=["graph"])
    StackResource.objects.filter(stack=stack).exclude(step_operation=None).update(step_operation=None, step_state="")
    _arm(op, traversal.main)
    stack.operation = op
    stack.status = states.status(op.action, states.IN_PROGRESS)
    stack.status_reason = f"Stack {op.action} started"
    stack.updated_at = timezone.now() if op.action != states.CREATE else stack.updated_at
    stack.save(update_fields=["operation", "status", "status_reason", "updated_at"])
    events.record_stack(stack, op, stack.status, reason)
    advance(op, stack, list(traversal.main))


def _arm(op: StackOperation, steps: dict[str, Step]) -> None:
    by_action: dict[str, list[str]] = {}
    for logical_id, step in steps.items():
        by_action.setdefault(step.action, []).append(logical_id)
    for action, ids in by_action.items():
        for chunk in _chunks(ids, 500):
            StackResource.objects.filter(stack_id=op.stack_id, logical_id__in=chunk).update(
                step_operation=op.pk, step_state=states.STEP_WAITING, step_action=action, step_attempts=0,
                step_started_at=None, step_due_at=None, step_task_id="", context={})


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


_MUTABLE = ("status", "failing", "phase", "status_reason", "cancelled")
_cache: OrderedDict[str, StackOperation] = OrderedDict()
_cache_lock = threading.Lock()


def cached(op_id: str) -> StackOperation:
    """The operation as this process first loaded it: graph, options, template and stack never change
    once it started, so workers read them once. Mutable fields (status, failing, phase) may be stale."""
    key = str(op_id)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    op = StackOperation.objects.select_related("stack", "stack__account").get(pk=key)
    with _cache_lock:
        _cache[key] = op
        while len(_cache) > 64:
            _cache.popitem(last=False)
    return op


def lock(op_id: str) -> StackOperation:
    """The operation, its mutable fields read fresh under a row lock (serialises completions)."""
    base = cached(op_id)
    found = sql.values(StackOperation, _MUTABLE, {"id": base.pk}, lock=True)
    if not found:
        raise StackOperation.DoesNotExist(f"operation {op_id} no longer exists")
    op = copy.copy(base)
    for name, value in zip(_MUTABLE, found[0]):
        setattr(op, name, value)
    return op


def phase_graph(op: StackOperation) -> dict[str, list[str]]:
    return op.graph.get(op.phase, {})


def release(op: StackOperation, candidates: Iterable[str]) -> list[str]:
    """Move WAITING candidates whose requirements are DONE to READY and enqueue them (Parallelism caps)."""
    graph = phase_graph(op)
    candidates = [c for c in candidates if c in graph]
    needed = {w for c in candidates for w in graph[c]}
    done = set(_ids(op, needed, states.STEP_DONE)) if needed else set()
    ready = [c for c in candidates if set(graph[c]) <= done]
    if not ready:
        return []
    waiting = _ids(op, ready, states.STEP_WAITING)
    cap = op.stack.parallelism
    if cap:
        busy = StackResource.objects.filter(step_operation=op.pk,
                                            step_state__in=(states.STEP_READY, states.STEP_RUNNING)).count()
        waiting = waiting[:max(cap - busy, 0)]
    now = timezone.now()
    for chunk in _chunks(waiting, 500):
        sql.update(StackResource, {"step_state": states.STEP_READY, "step_enqueued_at": now, "step_due_at": now},
                   {"stack_id": op.stack_id, "step_operation": op.pk, "logical_id": chunk,
                    "step_state": states.STEP_WAITING})
    for logical_id in waiting:
        dispatch.enqueue(op.pk, logical_id)
    return waiting


def _ids(op: StackOperation, names: Iterable[str], state: str) -> list[str]:
    names = list(names)
    found: list[str] = []
    for chunk in _chunks(names, 500):
        found += [lid for (lid,) in sql.values(StackResource, ("logical_id",), {
            "stack_id": op.stack_id, "step_operation": op.pk, "logical_id": chunk, "step_state": state})]
    order = {n: i for i, n in enumerate(names)}
    return sorted(found, key=order.__getitem__)


def dependents(op: StackOperation, logical_id: str) -> list[str]:
    inverse = _inverse(str(op.pk), op.phase, phase_graph(op))
    return inverse.get(logical_id, [])


_inverses: OrderedDict[tuple[str, str], dict[str, list[str]]] = OrderedDict()


def _inverse(op_id: str, phase: str, graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """logical id -> the ids waiting for it (computed once per operation phase and process)."""
    key = (op_id, phase)
    found = _inverses.get(key)
    if found is None:
        found = {}
        for node, waits in graph.items():
            for target in waits:
                found.setdefault(target, []).append(node)
        _inverses[key] = found
        while len(_inverses) > 64:
            _inverses.popitem(last=False)
    return found


def after_step(op: StackOperation, logical_id: str) -> None:
    """A step closed (done, failed or skipped): release what it unblocked, or finish the operation."""
    if not op.failing and op.status == states.IN_PROGRESS:
        if op.stack.parallelism:
            release(op, _ids(op, phase_graph(op), states.STEP_WAITING))
        else:
            release(op, dependents(op, logical_id))
    advance(op, op.stack, [])


def advance(op: StackOperation, stack: Stack, candidates: list[str]) -> None:
    if candidates and not op.failing:
        release(op, candidates)
    if sql.exists(StackResource, {"step_operation": op.pk, "step_state": states.STEP_OPEN}):
        return
    if op.phase == "main" and op.graph.get("cleanup") and not op.failing:
        _start_cleanup(op, stack)
        return
    from stacks.engine import finish

    finish.finish(op, stack)


def _start_cleanup(op: StackOperation, stack: Stack) -> None:
    op.phase = "cleanup"
    op.save(update_fields=["phase"])
    actions = op.graph["actions"]
    _arm(op, {k: Step(actions[k], tuple(w)) for k, w in op.graph["cleanup"].items()})
    advance(op, stack, list(op.graph["cleanup"]))


def fail(op: StackOperation, reason: str) -> None:
    """Stop scheduling: skip steps not running yet; running ones finish, then the operation fails."""
    if op.status != states.IN_PROGRESS:
        return
    if not op.failing:
        op.failing = True
        op.status_reason = reason
        op.save(update_fields=["failing", "status_reason"])
    _cancel_open_steps(op)
    advance(op, op.stack, [])


def _cancel_open_steps(op: StackOperation) -> None:
    """READY/WAITING steps are skipped; a polled step that had started is marked failed."""
    stack = op.stack
    started = StackResource.objects.filter(step_operation=op.pk, step_state=states.STEP_READY, step_attempts__gt=0)
    rows = []
    for row in started:
        action = row.status.rsplit("_IN_PROGRESS", 1)[0] if row.status.endswith("_IN_PROGRESS") else ""
        if action:
            row.status = f"{action}_FAILED"
            row.status_reason = "Operation cancelled"
            row.updated_at = timezone.now()
            row.save(update_fields=["status", "status_reason", "updated_at"])
            rows.append(events.EventRow(row.logical_id, row.type, row.status, _sim(row, row.status_reason),
                                        row.physical_id))
    events.record_many(stack, op, rows)
    StackResource.objects.filter(step_operation=op.pk, step_state__in=(states.STEP_WAITING, states.STEP_READY)
                                 ).update(step_state=states.STEP_SKIPPED)


def _sim(row: StackResource, reason: str) -> str:
    return f"{reason} (simulated resource)" if row.simulated else reason


def run_locked(op_id: str, fn, *args) -> None:
    """Run fn(op, *args) in a transaction holding the operation lock."""
    with transaction.atomic():
        op = lock(op_id)
        fn(op, *args)
