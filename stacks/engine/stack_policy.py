"""Stack policies (pure): parse a policy body and decide whether an update's changes are allowed.

Checked by stacks.services for every update (console, CLI, API and change-set execution).

Policy: {"Statement": [{"Effect": "Allow"|"Deny", "Action"|"NotAction": "Update:Modify"|"Update:Delete"|
"Update:*" (or a list), "Principal": "*", "Resource"|"NotResource": "*"|"LogicalResourceId/<id>" (wildcards
allowed), "Condition": {"StringEquals"|"StringLike": {"ResourceType": [...]}}}]}.
Once a policy exists, a change not explicitly allowed is denied; Deny beats Allow.
"""
from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from stacks import errors
from stacks.engine import plan

ACTIONS = ("Update:Modify", "Update:Delete", "Update:*")
MAX_BYTES = 16 * 1024


@dataclass(frozen=True)
class PlannedChange:
    logical_id: str
    resource_type: str
    action: str  # Modify | Remove (a replacement is a Modify)


def invalid(reason: str, name: str = "StackPolicyBody") -> errors.InvalidParameter:
    return errors.InvalidParameter(name=name, reason=reason)


def parse(text: str | Mapping[str, Any], name: str = "StackPolicyBody") -> dict[str, Any]:
    """A policy from its JSON/YAML text (or an already parsed object), checked; InvalidParameter otherwise."""
    if isinstance(text, Mapping):
        body = dict(text)
        check(body, name)
        return body
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise invalid(f"it exceeds {MAX_BYTES} bytes", name)
    try:
        body = json.loads(text)
    except ValueError:
        import yaml

        try:
            body = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise invalid(f"it is neither JSON nor YAML ({exc.__class__.__name__})", name) from None
    check(body, name)
    return body


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check(body: Any, name: str = "StackPolicyBody") -> None:
    if not isinstance(body, dict) or not isinstance(body.get("Statement"), list):
        raise invalid("it must be an object with a Statement list", name)
    for i, st in enumerate(body["Statement"]):
        where = f"Statement[{i}]"
        if not isinstance(st, dict):
            raise invalid(f"{where} must be an object", name)
        if st.get("Effect") not in ("Allow", "Deny"):
            raise invalid(f"{where}.Effect must be Allow or Deny", name)
        if ("Action" in st) == ("NotAction" in st):
            raise invalid(f"{where} needs exactly one of Action and NotAction", name)
        for action in _as_list(st.get("Action", st.get("NotAction"))):
            if action == "Update:Replace":
                raise invalid(f"{where}: Update:Replace is reserved and not supported", name)
            if action not in ACTIONS:
                raise invalid(f"{where}: unknown action {action!r} (use {', '.join(ACTIONS)})", name)
        if st.get("Principal", "*") != "*":
            raise invalid(f'{where}.Principal must be "*"', name)
        if ("Resource" in st) == ("NotResource" in st):
            raise invalid(f"{where} needs exactly one of Resource and NotResource", name)
        for resource in _as_list(st.get("Resource", st.get("NotResource"))):
            if not isinstance(resource, str) or not (resource == "*" or resource.startswith("LogicalResourceId/")):
                raise invalid(f'{where}: a resource is "*" or "LogicalResourceId/<id>", not {resource!r}', name)
        condition = st.get("Condition")
        if condition is not None:
            if not isinstance(condition, dict) or set(condition) - {"StringEquals", "StringLike"}:
                raise invalid(f"{where}.Condition supports StringEquals and StringLike", name)
            for test in condition.values():
                if not isinstance(test, dict) or set(test) - {"ResourceType"}:
                    raise invalid(f"{where}.Condition keys must be ResourceType", name)


def _action_matches(st: dict[str, Any], action: str) -> bool:
    def hit(names: Iterable[str]) -> bool:
        return any(n == "Update:*" or n == action for n in names)

    if "Action" in st:
        return hit(_as_list(st["Action"]))
    return not hit(_as_list(st["NotAction"]))


def _resource_matches(st: dict[str, Any], change: PlannedChange) -> bool:
    target = f"LogicalResourceId/{change.logical_id}"

    def hit(patterns: Iterable[str]) -> bool:
        return any(p == "*" or fnmatch.fnmatchcase(target, p) for p in patterns)

    if "Resource" in st:
        return hit(_as_list(st["Resource"]))
    return not hit(_as_list(st["NotResource"]))


def _condition_matches(st: dict[str, Any], change: PlannedChange) -> bool:
    for operator, test in (st.get("Condition") or {}).items():
        wanted = _as_list(test.get("ResourceType", []))
        if operator == "StringEquals" and change.resource_type not in wanted:
            return False
        if operator == "StringLike" and not any(fnmatch.fnmatchcase(change.resource_type, w) for w in wanted):
            return False
    return True


def denied(body: dict[str, Any], change: PlannedChange) -> str | None:
    """None when allowed, else the reason."""
    action = "Update:Delete" if change.action == "Remove" else "Update:Modify"
    matching = [st for st in body.get("Statement", [])
                if _action_matches(st, action) and _resource_matches(st, change) and _condition_matches(st, change)]
    if any(st["Effect"] == "Deny" for st in matching):
        return f"{action} of resource {change.logical_id} ({change.resource_type}) is denied"
    if not any(st["Effect"] == "Allow" for st in matching):
        return f"{action} of resource {change.logical_id} ({change.resource_type}) is not allowed"
    return None


def enforce(body: dict[str, Any] | None, changes: Iterable[PlannedChange]) -> None:
    if not body:
        return
    for change in changes:
        reason = denied(body, change)
        if reason:
            raise errors.StackPolicyValidationFailed(reason=reason)


def planned_changes(diff: Mapping[str, plan.Change], types: Mapping[str, str]) -> list[PlannedChange]:
    """The changes a policy judges: modifications and replacements (Update:Modify) and removals (Update:Delete)."""
    judged = (plan.Action.MODIFY, plan.Action.REPLACE, plan.Action.REMOVE)
    return [PlannedChange(c.logical_id, types.get(c.logical_id, ""),
                          "Remove" if c.action is plan.Action.REMOVE else "Modify")
            for c in diff.values() if c.action in judged]
