"""Group timeline events by operation, and find the invocation record behind invoker events.

FunctionInvoker and custom resources invoke a local function. The stack keeps that invocation's
request id in two places (stacks never imports fcruntime: the link is built from the id string):
- the step's provider context (`{"phase": ..., "ctx": {"invocation": <id>}}`) while the step runs,
  and after it failed (a new operation clears it);
- the resource's `InvocationRequestId` attribute once a FunctionInvoker or custom resource is created or updated.
Either names the invocation behind the resource's latest event only, so that event links to
`/fc/invocations/<id>/`; the other events of the resource link to the function's history.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from django.urls import NoReverseMatch, reverse

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
ATTRIBUTE = "InvocationRequestId"


@dataclass
class EventGroup:
    key: str
    action: str
    kind: str
    started_at: Any
    events: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class InvocationLinks:
    history: dict[str, str] = field(default_factory=dict)  # logical id -> the function's invocation history
    exact: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # logical id -> (sequence, status, id)

    def for_event(self, event: Any) -> tuple[str, str]:
        """(url, request id): the invocation record of the event it belongs to, else ('' and) the history."""
        hit = self.exact.get(event.logical_id)
        if hit and hit[0] == event.sequence and hit[1] == event.status:
            return reverse("fc:invocation", args=[hit[2]]), hit[2]
        return self.history.get(event.logical_id, ""), ""


def group_events(rows: Iterable[Any], links: InvocationLinks | None = None) -> list[EventGroup]:
    """Consecutive events of one operation form a group; rows come newest first."""
    links = links or InvocationLinks()
    groups: list[EventGroup] = []
    for event in rows:
        key = str(event.operation_id)
        if not groups or groups[-1].key != key:
            op = event.operation
            groups.append(EventGroup(key, op.action if op else "", op.kind if op else "",
                                     op.started_at if op else None))
        event.invocation_url, event.invocation_id = links.for_event(event)
        groups[-1].events.append(event)
    return groups


def invocation_links(resources: Iterable[Any], last_events: Mapping[str, int]) -> InvocationLinks:
    """Links for the invoking resources; `last_events` maps a logical id to its latest event's sequence."""
    links = InvocationLinks()
    for res in resources:
        request_id = invocation_id(res)
        if request_id and res.logical_id in last_events:
            links.exact[res.logical_id] = (last_events[res.logical_id], res.status, request_id)
        props = res.properties or {}
        service, function = props.get("ServiceName"), props.get("FunctionName")
        if not (service and function):
            service, function = _from_arn(props.get("ServiceToken", ""))
        if isinstance(service, str) and isinstance(function, str) and service and function:
            try:
                links.history[res.logical_id] = reverse("fc:function-invocations", args=[service, function])
            except NoReverseMatch:  # a name no FC function can have (e.g. with a slash): no link
                pass
    return links


def invocation_id(res: Any) -> str:
    """The request id of the invocation behind the resource's current status, or ''."""
    status = res.status or ""
    if status.endswith(("_IN_PROGRESS", "_FAILED")):
        ctx = (res.context or {}).get("ctx") if isinstance(res.context, dict) else None
        value = ctx.get("invocation") if isinstance(ctx, dict) else None
    elif status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        value = (res.attributes or {}).get(ATTRIBUTE) if isinstance(res.attributes, dict) else None
    else:
        value = None
    return value if isinstance(value, str) and REQUEST_ID_RE.match(value) else ""


def _from_arn(arn: Any) -> tuple[str, str]:
    """acs:fc:<region>:<uid>:services/<svc>/functions/<fn> -> (svc, fn)."""
    if not isinstance(arn, str) or ":services/" not in arn:
        return "", ""
    parts = arn.split(":services/", 1)[1].split("/")
    if len(parts) >= 3 and parts[1] == "functions":
        return parts[0], parts[2].split(".")[0]
    return "", ""
