"""What a step does to its resource: create, update (in place / replace / nothing), delete or forget.

Provider context is wrapped in an envelope `{"phase": ..., "ctx": ...}` so a replacement (delete
the old resource, then create the new one) can span several polls.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stacks.engine import events, plan, sql, states, templates
from stacks.models import StackOperation, StackResource
from stacks.resources import registry
from stacks.resources.base import Provider, ProviderError, ProviderRequest, StepResult, done, failed
from stacks.template import TemplateError
from stacks.template.errors import AttributeUnavailable

SIMULATED_NOTE = "simulated: this resource type is not emulated, nothing real was provisioned"
VERBS = {states.DO_CREATE: "CREATE", states.DO_UPDATE: "UPDATE", states.DO_DELETE: "DELETE",
         states.DO_FORGET: "DELETE"}


@dataclass
class Outcome:
    result: StepResult
    properties: dict | None = None      # resolved properties now applied (create/update)
    silent: bool = False                # unchanged resource: no event, status kept
    verb: str = ""                      # CREATE/UPDATE/DELETE as the events show it
    note: str = ""                      # reason on success
    extra: dict = field(default_factory=dict)


def verb(row: StackResource) -> str:
    return VERBS.get(row.step_action, "CREATE")


def error_text(exc: BaseException) -> str:
    if isinstance(exc, (ProviderError, TemplateError, AttributeUnavailable)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def provider_for(row: StackResource) -> Provider:
    if row.simulated:
        from stacks.resources.simulated import SimulatedProvider

        return SimulatedProvider(row.type)
    if not registry.is_registered(row.type):
        raise ProviderError(f"Resource type {row.type} is not supported by rosconsole")
    try:
        return registry.get_provider(row.type)
    except ImportError as exc:
        raise ProviderError(f"The provider of {row.type} is not available: {exc}") from exc


def execute(op: StackOperation, row: StackResource, request_id: str) -> Outcome:
    action = row.step_action
    if action == states.DO_FORGET:
        return Outcome(done(row.physical_id, row.attributes), verb="DELETE", note=_retained_reason(op, row))
    if action == states.DO_DELETE:
        return _delete(op, row, request_id)
    props, new_type = _resolve(op, row)
    if action == states.DO_CREATE:
        return _create(op, row, props, request_id, bool(row.physical_id) and row.status != "INIT_COMPLETE",
                       new_type=new_type)
    return _update(op, row, props, request_id, new_type)


def _retained_reason(op: StackOperation, row: StackResource) -> str:
    if row.deletion_policy == "Retain":
        return "Resource retained (DeletionPolicy Retain)"
    return "Resource retained on request"


def _resolve(op: StackOperation, row: StackResource) -> tuple[dict, str]:
    resolved = templates.for_operation(op, op.stack)
    definition = resolved.resources[row.logical_id]
    needed = list(definition.depends_on)
    rows = sql.select(StackResource, {"stack_id": op.stack_id, "logical_id": needed}) if needed else []
    return resolved.resolve_properties(row.logical_id, templates.DbState(rows)), definition.type


def request_for(op: StackOperation, row: StackResource, request_id: str, props: dict | None = None,
                old: dict | None = None, ctx: dict | None = None, fresh: bool = False) -> ProviderRequest:
    stack = op.stack
    return ProviderRequest(
        stack_id=str(stack.pk), stack_name=stack.name, account_id=stack.account.account_id, region=stack.region,
        logical_id=row.logical_id, resource_type=row.type, physical_id=None if fresh else (row.physical_id or None),
        properties=dict(props or {}), old_properties=old, attributes=dict(row.attributes or {}),
        context=dict(ctx or {}), operation_id=str(op.pk), request_id=request_id, public_url=settings.PUBLIC_URL)


def _envelope(row: StackResource) -> tuple[str, dict]:
    env = row.context or {}
    return env.get("phase", ""), env.get("ctx", {})


def _wrap(result: StepResult, phase: str) -> StepResult:
    if result.status != "in_progress":
        return result
    return StepResult("in_progress", context={"phase": phase, "ctx": result.context}, delay_s=result.delay_s)


def _delete(op: StackOperation, row: StackResource, request_id: str) -> Outcome:
    if not row.physical_id:
        return Outcome(done(None), verb="DELETE", silent=row.status == "INIT_COMPLETE")
    mark_in_progress(op, row, "DELETE")
    _, ctx = _envelope(row)
    result = provider_for(row).delete(request_for(op, row, request_id, row.properties, None, ctx))
    return Outcome(_wrap(result, "delete"), verb="DELETE")


def _create(op: StackOperation, row: StackResource, props: dict, request_id: str, replacing: bool,
            label: str = "CREATE", note: str = "", new_type: str = "") -> Outcome:
    phase, ctx = _envelope(row)
    provider = provider_for(row)
    mark_in_progress(op, row, label, note)
    if replacing and phase in ("", "delete"):
        gone = provider.delete(request_for(op, row, request_id, row.properties, None, ctx if phase else {}))
        if gone.status != "done":
            return Outcome(_wrap(gone, "delete"), props, verb=label)
        phase, ctx = "create", {}
    fresh_ctx = ctx if phase == "create" else {}
    if new_type and new_type != row.type:
        row.type = new_type
        StackResource.objects.filter(pk=row.pk).update(type=new_type)
        provider = provider_for(row)
    request = request_for(op, row, request_id, props, None, fresh_ctx, fresh=True)
    request.attributes = {}
    result = provider.create(request)
    return Outcome(_wrap(result, "create"), props, verb=label)


def _update(op: StackOperation, row: StackResource, props: dict, request_id: str, new_type: str) -> Outcome:
    if row.status in ("CREATE_FAILED", "INIT_COMPLETE") or not row.physical_id:
        return _create(op, row, props, request_id, bool(row.physical_id), label="UPDATE", new_type=new_type)
    phase, ctx = _envelope(row)
    if phase in ("delete", "create"):
        return _create(op, row, props, request_id, replacing=True, label="UPDATE", new_type=new_type)
    tainted = row.logical_id in set(op.options.get("taint", []))
    change = plan.classify(row.logical_id, plan.ResourceSpec(row.type, row.properties or {}),
                           plan.ResourceSpec(new_type, props), templates.replacement_properties, tainted)
    if change.action is plan.Action.NONE and not row.status.endswith("FAILED"):
        return Outcome(done(row.physical_id, row.attributes), props, silent=True, verb="UPDATE")
    if change.action is plan.Action.REPLACE:
        if not op.options.get("replacement"):
            return Outcome(failed(_replacement_refused(change)), props, verb="UPDATE")
        why = "tainted" if tainted else f"{', '.join(change.replace_causes)} cannot be updated in place"
        return _create(op, row, props, request_id, replacing=True, label="UPDATE",
                       note=f"Replacing the resource ({why})", new_type=new_type)
    mark_in_progress(op, row, "UPDATE")
    request = request_for(op, row, request_id, props, dict(row.properties or {}), ctx)
    return Outcome(_wrap(provider_for(row).update(request), "update"), props, verb="UPDATE")


def _replacement_refused(change: plan.Change) -> str:
    return (f"Update of properties {', '.join(change.replace_causes)} of resource {change.logical_id} requires "
            f"replacement; set ReplacementOption to Enabled to allow it")


def label_known_at_claim(row: StackResource) -> str:
    """The IN_PROGRESS label a step shows whatever its plan says ("" when only execute() can tell)."""
    if row.step_action == states.DO_CREATE:
        return "CREATE"
    if row.step_action == states.DO_DELETE and row.physical_id:
        return "DELETE"
    return ""


def mark_in_progress(op: StackOperation, row: StackResource, label: str, note: str = "") -> None:
    """First attempt only: the row becomes <LABEL>_IN_PROGRESS with one event (a resumed step adds none)."""
    status = f"{label}_IN_PROGRESS"
    if row.status == status:
        return
    with transaction.atomic(savepoint=False):
        updated = sql.update(StackResource, {"status": status, "status_reason": note or "state changed",
                                             "updated_at": timezone.now()},
                             {"id": row.pk, "status": row.status})
        if updated:
            events.record(op.stack, op, row.logical_id, row.type, status, _reason(row, note or "state changed"),
                          row.physical_id)
    row.status = status


def _reason(row: StackResource, text: str) -> str:
    return f"{text} ({SIMULATED_NOTE})" if row.simulated else text


def record_done(op: StackOperation, row: StackResource, outcome: Outcome) -> bool:
    """Close a RUNNING step as done (False when the sweeper or a cancel moved it on meanwhile)."""
    result = outcome.result
    changes: dict = {"step_state": states.STEP_DONE, "context": {}}
    if not outcome.silent:
        changes.update(status=f"{outcome.verb}_COMPLETE", status_reason=outcome.note or "state changed",
                       updated_at=timezone.now())
        if outcome.verb != "DELETE":
            changes.update(physical_id=result.physical_id or row.physical_id, attributes=result.attributes)
    if outcome.properties is not None:
        changes["properties"] = outcome.properties
        changes.update(_definition_fields(op, row))
    if not close_step(row, changes):
        return False
    if not outcome.silent:
        events.record(op.stack, op, row.logical_id, row.type, row.status, _reason(row, row.status_reason),
                      row.physical_id)
    return True


def close_step(row: StackResource, changes: dict) -> bool:
    """Apply `changes` to a step that is still RUNNING for its operation (one conditional UPDATE)."""
    if sql.update(StackResource, changes, {"id": row.pk, "step_operation": row.step_operation,
                                           "step_state": states.STEP_RUNNING}) != 1:
        return False
    for name, new in changes.items():
        setattr(row, name, new)
    return True


def _definition_fields(op: StackOperation, row: StackResource) -> dict:
    definition = templates.for_operation(op, op.stack).resources.get(row.logical_id)
    if definition is None:
        return {}
    return {"requires": sorted(definition.depends_on), "deletion_policy": definition.deletion_policy,
            "type": definition.type}


def record_failed(op: StackOperation, row: StackResource, reason: str) -> bool:
    """Close a RUNNING step as failed (False when it was moved on meanwhile)."""
    label = row.status[: -len("_IN_PROGRESS")] if row.status.endswith("_IN_PROGRESS") else verb(row)
    if not close_step(row, {"status": f"{label}_FAILED", "status_reason": reason, "step_state": states.STEP_FAILED,
                            "updated_at": timezone.now()}):
        return False
    events.record(op.stack, op, row.logical_id, row.type, row.status, _reason(row, reason), row.physical_id)
    return True
