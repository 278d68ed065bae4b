"""The only writer of StackEvent rows. Each event is published on Redis after the commit.

Published payload (JSON object, one per event, on channel ``stack:<StackId>``) — the same object
the SSE endpoint sends as ``data:``:

    {"EventId": "<uuid>", "StackId": "<uuid>", "StackName": "web",
     "LogicalResourceId": "Fn", "PhysicalResourceId": "..." , "ResourceType": "ALIYUN::FC::Function",
     "Status": "CREATE_COMPLETE", "StatusReason": "state changed",
     "CreateTime": "2025-01-31T12:00:00", "Timestamp": "2025-01-31T12:00:00.123456+00:00",
     "Sequence": 7, "OperationId": "<uuid>"}

``Sequence`` increases by one per event of a stack; ``CreateTime`` is the spec's format (UTC, no Z).
Stack-level events have ResourceType ALIYUN::ROS::Stack, LogicalResourceId = stack name and
PhysicalResourceId = StackId. Publishing is best effort: the database is the truth.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timezone as dt_timezone
from typing import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from stacks.engine import sql
from stacks.engine.states import STACK_TYPE
from stacks.models import Stack, StackEvent, StackOperation

log = logging.getLogger(__name__)

ROS_TIME = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True)
class EventRow:
    logical_id: str
    resource_type: str
    status: str
    reason: str = ""
    physical_id: str = ""


def channel(stack_id: object) -> str:
    return f"stack:{stack_id}"


def stack_row(stack: Stack, status: str, reason: str) -> EventRow:
    """A stack-level event row."""
    return EventRow(stack.name, STACK_TYPE, status, reason, str(stack.pk))


def record(stack: Stack, operation: StackOperation | str | None, logical_id: str, resource_type: str,
           status: str, reason: str = "", physical_id: str = "") -> StackEvent:
    """Write one event (with the next per-stack sequence number) and publish it after commit."""
    return record_many(stack, operation, [EventRow(logical_id, resource_type, status, reason, physical_id)])[0]


def record_stack(stack: Stack, operation: StackOperation | str | None, status: str, reason: str) -> StackEvent:
    return record_many(stack, operation, [stack_row(stack, status, reason)])[0]


def record_many(stack: Stack, operation: StackOperation | str | None, rows: Sequence[EventRow]) -> list[StackEvent]:
    """Write several events in one INSERT, numbered consecutively."""
    if not rows:
        return []
    op_id = getattr(operation, "pk", operation)
    with transaction.atomic(savepoint=False):  # the sequence and the rows commit (or roll back) together
        last = _allocate(stack.pk, len(rows))
        now = timezone.now()
        events = [StackEvent(stack_id=stack.pk, operation_id=op_id, sequence=last - len(rows) + 1 + i,
                             logical_id=r.logical_id, physical_id=r.physical_id or "",
                             resource_type=r.resource_type, status=r.status, status_reason=r.reason or "",
                             created_at=now) for i, r in enumerate(rows)]
        sql.insert(StackEvent, [{"id": e.id, "stack_id": e.stack_id, "operation_id": e.operation_id,
                                 "sequence": e.sequence, "logical_id": e.logical_id, "physical_id": e.physical_id,
                                 "resource_type": e.resource_type, "status": e.status,
                                 "status_reason": e.status_reason, "created_at": now} for e in events])
        payloads = [to_json(e, stack.name) for e in events]
        transaction.on_commit(lambda: publish(stack.pk, payloads))
    return events


def _allocate(stack_pk: object, count: int) -> int:
    """Reserve `count` sequence numbers; returns the last one (one UPDATE ... RETURNING)."""
    column = sql.qn("event_sequence")
    return sql.update_values(Stack, {"event_sequence": sql.Raw(f"{column} + %s", [count])}, {"id": stack_pk},
                             ("event_sequence",))[0][0]


def to_json(event: StackEvent, stack_name: str) -> dict:
    return {
        "EventId": str(event.pk), "StackId": str(event.stack_id), "StackName": stack_name,
        "LogicalResourceId": event.logical_id, "PhysicalResourceId": event.physical_id,
        "ResourceType": event.resource_type, "Status": event.status, "StatusReason": event.status_reason,
        "CreateTime": event.created_at.astimezone(dt_timezone.utc).strftime(ROS_TIME),
        "Timestamp": event.created_at.isoformat(), "Sequence": event.sequence,
        "OperationId": str(event.operation_id) if event.operation_id else None,
    }


def publish(stack_id: object, payloads: Iterable[dict]) -> None:
    """Publish on `stack:<id>`; failures are logged, never raised (pub/sub is only the fast path)."""
    try:
        from rosconsole.redis import get_redis

        client = get_redis()
        pipe = client.pipeline(transaction=False)
        for payload in payloads:
            pipe.publish(channel(stack_id), json.dumps(payload))
        pipe.execute()
    except Exception as exc:  # noqa: BLE001 - any Redis trouble must not break the engine
        log.warning("could not publish events of stack %s: %s", stack_id, exc)


def is_final_stack_event(payload: dict) -> bool:
    """A stack-level event with a terminal status: the stream of that stack can end."""
    from stacks.engine.states import is_terminal

    return (payload.get("ResourceType") == STACK_TYPE and payload.get("PhysicalResourceId") == payload.get("StackId")
            and is_terminal(payload.get("Status", "")))
