"""Group timeline events by operation, and find the invocation record behind invoker events."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from django.urls import reverse


@dataclass
class EventGroup:
    key: str
    action: str
    kind: str
    started_at: Any
    events: list[Any] = field(default_factory=list)


def group_events(rows: Iterable[Any], links: dict[str, str] | None = None) -> list[EventGroup]:
    """Consecutive events of one operation form a group; rows come newest first."""
    groups: list[EventGroup] = []
    for event in rows:
        key = str(event.operation_id)
        if not groups or groups[-1].key != key:
            op = event.operation
            groups.append(EventGroup(key, op.action if op else "", op.kind if op else "",
                                     op.started_at if op else None))
        event.invocation_url = (links or {}).get(event.logical_id, "")
        groups[-1].events.append(event)
    return groups


def invocation_links(resources: Iterable[Any]) -> dict[str, str]:
    """logical id -> URL of the invocation (or the function's invocation history) it caused."""
    links = {}
    for res in resources:
        props = res.properties or {}
        attrs = res.attributes or {}
        request_id = attrs.get("RequestId") or attrs.get("InvocationRequestId") or ""
        if request_id:
            links[res.logical_id] = reverse("fc:invocation", args=[request_id])
            continue
        service, function = props.get("ServiceName"), props.get("FunctionName")
        if not (service and function):
            service, function = _from_arn(props.get("ServiceToken", ""))
        if service and function:
            links[res.logical_id] = reverse("fc:function-invocations", args=[service, function])
    return links


def _from_arn(arn: Any) -> tuple[str, str]:
    """acs:fc:<region>:<uid>:services/<svc>/functions/<fn> -> (svc, fn)."""
    if not isinstance(arn, str) or ":services/" not in arn:
        return "", ""
    parts = arn.split(":services/", 1)[1].split("/")
    if len(parts) >= 3 and parts[1] == "functions":
        return parts[0], parts[2].split(".")[0]
    return "", ""
