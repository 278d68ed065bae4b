"""Stack operations: the one path for the console, the CLI and the ROS API.

Every function takes the acting user (`actor`) and the account, checks the role (viewers read,
operators change) and raises the spec's errors (stacks.errors, or the TemplateError family for
template problems). Work is asynchronous: functions return once the operation is started.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from rosconsole.accounts.models import Account, Membership, Role
from stacks import errors
from stacks.engine import events, operations, planning, stack_policy, states, templates
from stacks.models import ChangeSet, Stack, StackResource
from stacks.template import ResolvedTemplate
from stacks.template.masking import mask_secrets, secret_strings

SYSTEM = object()  # the engine acting for itself (nested stacks); never a user
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,254}$")
SIMULATE_TAG = "rosconsole:simulate"
UPDATABLE_FROM = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED",
                  "CREATE_FAILED"}


# --- access ---------------------------------------------------------------------------------------

def authorize(actor: Any, account: Account, role: str = Role.OPERATOR) -> None:
    """Raise Forbidden unless `actor` holds `role` in `account` (SYSTEM always may)."""
    if actor is SYSTEM:
        return
    membership = Membership.objects.filter(user=actor, account=account).first() if actor is not None else None
    if membership is None or not getattr(actor, "is_active", False):
        raise errors.Forbidden(reason=f"You are not a member of account {account.name}")
    if not membership.allows(role):
        raise errors.Forbidden(reason=f"This action needs the {role} role; you are {membership.role}")


def get_stack(actor: Any, account: Account, stack_id: str | None = None, name: str | None = None,
              region: str | None = None) -> Stack:
    """A live stack of the account, by id or by name (StackNotFound otherwise)."""
    authorize(actor, account, Role.VIEWER)
    qs = Stack.objects.select_related("account", "operation").filter(account=account)
    if region:
        qs = qs.filter(region=region)
    try:
        if stack_id:
            return qs.exclude(status="DELETE_COMPLETE").get(pk=stack_id)
        return qs.exclude(status="DELETE_COMPLETE").get(name=name)
    except (Stack.DoesNotExist, ValueError, Exception) as exc:
        if isinstance(exc, Stack.MultipleObjectsReturned):
            raise errors.InvalidParameter(name="StackName", reason="it names stacks in several regions") from None
        raise errors.StackNotFound(name=stack_id or name) from None


def list_stacks(actor: Any, account: Account, region: str | None = None, statuses: Iterable[str] = (),
                show_nested: bool = False) -> QuerySet[Stack]:
    authorize(actor, account, Role.VIEWER)
    qs = Stack.objects.filter(account=account).exclude(status="DELETE_COMPLETE")
    if region:
        qs = qs.filter(region=region)
    if statuses:
        qs = qs.filter(status__in=list(statuses))
    if not show_nested:
        qs = qs.filter(parent=None)
    return qs.order_by("-created_at")


# --- create ---------------------------------------------------------------------------------------

def create_stack(actor: Any, account: Account, *, name: str, template_body: str, parameters: Mapping | None = None,
                 region: str | None = None, disable_rollback: bool = False, timeout_in_minutes: int = 60,
                 deletion_protection: bool = False, tags: Mapping[str, str] | None = None, parallelism: int = 0,
                 simulate_unsupported: bool = False, template_url: str = "", parent: Stack | None = None,
                 parent_logical_id: str = "", stack_policy_body: str | Mapping | None = None) -> Stack:
    """Validate in full, then start CREATE; returns the stack (CREATE_IN_PROGRESS)."""
    authorize(actor, account)
    stack = _new_stack(account, name, template_body, parameters, region, disable_rollback, timeout_in_minutes,
                       deletion_protection, tags, parallelism, simulate_unsupported, template_url, parent,
                       parent_logical_id)
    stack.stack_policy = _policy(stack_policy_body)
    resolved = validate_new(stack)
    with transaction.atomic():
        _save_new(stack)
        _start_create(stack, resolved)
    return stack


def _new_stack(account, name, template_body, parameters, region, disable_rollback, timeout, protection, tags,
               parallelism, simulate, template_url, parent, parent_logical_id) -> Stack:
    if not NAME_RE.match(name or ""):
        raise errors.InvalidParameter(name="StackName", reason=f'"{name}" does not match ^[a-zA-Z][a-zA-Z0-9_-]{{0,254}}$')
    if not 10 <= int(timeout) <= 1440:
        raise errors.InvalidParameter(name="TimeoutInMinutes", reason="it must be between 10 and 1440")
    if int(parallelism) < 0:
        raise errors.InvalidParameter(name="Parallelism", reason="it must not be negative")
    tags = dict(tags or {})
    simulate = simulate or str(tags.get(SIMULATE_TAG, "")).lower() == "true"
    region = region or settings.ROSCONSOLE_DEFAULT_REGION
    if Stack.objects.filter(account=account, region=region, name=name).exclude(status="DELETE_COMPLETE").exists():
        raise errors.StackExists(name=name)
    return Stack(account=account, region=region, name=name, template_body=template_body, template_url=template_url,
                 parameters=dict(parameters or {}), disable_rollback=disable_rollback,
                 timeout_in_minutes=int(timeout), deletion_protection=protection, tags=tags,
                 parallelism=int(parallelism), simulate_unsupported=simulate, parent=parent,
                 parent_logical_id=parent_logical_id, status="CREATE_IN_PROGRESS")


def validate_new(stack: Stack, mode: str = "create") -> ResolvedTemplate:
    resolved = templates.validate_for(stack, stack.template_body, stack.parameters, mode=mode)
    check_supported(resolved, stack.simulate_unsupported)
    stack.description = resolved.description or ""
    stack.no_echo = sorted(resolved.no_echo)
    return resolved


def check_supported(resolved: ResolvedTemplate, simulate: bool) -> None:
    """Types in the catalogue that rosconsole does not emulate are refused unless simulation is on."""
    unsupported = resolved.unsupported_types()
    if unsupported and not simulate:
        raise errors.NotSupported(feature=(
            f"Resource type {', '.join(unsupported)} (not emulated by rosconsole; enable the stack option "
            f"'simulate resource types that are not emulated' to create simulated resources)"))


def _save_new(stack: Stack) -> None:
    try:
        with transaction.atomic():
            stack.save(force_insert=True)
    except IntegrityError:
        raise errors.StackExists(name=stack.name) from None


def _start_create(stack: Stack, resolved: ResolvedTemplate, kind: str = "create") -> None:
    op = operations.new_operation(stack, states.CREATE, stack.template_body, stack.parameters, kind=kind)
    templates.remember(op, resolved)
    planning.ensure_rows(stack, resolved, stack.simulate_unsupported)
    operations.start(stack, op, planning.create_traversal(resolved))


# --- update ---------------------------------------------------------------------------------------

def update_stack(actor: Any, account: Account, stack: Stack, *, template_body: str | None = None,
                 parameters: Mapping | None = None, use_previous_parameters: bool = False,
                 replacement_option: bool = False, taint_resources: Iterable[str] = (), dry_run: bool = False,
                 timeout_in_minutes: int | None = None, parallelism: int | None = None,
                 template_url: str = "", stack_policy_body: str | Mapping | None = None,
                 stack_policy_during_update_body: str | Mapping | None = None) -> Stack | dict:
    """Start UPDATE (or with dry_run, return what would change). Nothing changing -> NotSupported.

    The stack policy (or `stack_policy_during_update_body`, for this update only) must allow every resource
    the update modifies, replaces or removes (StackPolicyValidationFailed otherwise); `stack_policy_body`
    becomes the stack's policy once the update starts.
    """
    authorize(actor, account)
    new_policy = _policy(stack_policy_body)
    during = _policy(stack_policy_during_update_body, "StackPolicyDuringUpdateBody")
    stack = _lock_idle(stack, UPDATABLE_FROM)
    body = template_body if template_body is not None else stack.template_body
    params = dict(stack.parameters) if (use_previous_parameters or template_body is None and parameters is None) else {}
    params.update(parameters or {})
    resolved = templates.validate_for(stack, body, params, mode="update")
    check_supported(resolved, stack.simulate_unsupported)
    taint = list(taint_resources)
    diff = planning.changes(stack, resolved, taint)
    if dry_run:
        from stacks.engine import describe

        return describe.dry_run_result(resolved, planning.explained(stack, resolved, diff))
    if planning.is_same_stack(stack, resolved, body, params, diff) and not taint:
        raise errors.NotSupported(feature="Update the completely same stack")
    with transaction.atomic():
        stack = _lock_idle(stack, UPDATABLE_FROM)
        _enforce_policy(stack, diff, during)
        if timeout_in_minutes:
            stack.timeout_in_minutes = int(timeout_in_minutes)
        if parallelism is not None:
            stack.parallelism = int(parallelism)
        stack.template_url = template_url or stack.template_url
        if new_policy is not None:
            stack.stack_policy = new_policy
        stack.save(update_fields=["timeout_in_minutes", "parallelism", "template_url", "stack_policy"])
        op = operations.new_operation(stack, states.UPDATE, body, params,
                                      options={"replacement": bool(replacement_option), "taint": taint})
        templates.remember(op, resolved)
        planning.ensure_rows(stack, resolved, stack.simulate_unsupported)
        operations.start(stack, op, planning.update_traversal(stack, resolved))
    return stack


def _lock_idle(stack: Stack, allowed: set[str] | None = None) -> Stack:
    """Re-read the stack (locked inside a transaction); refuse when an operation is running."""
    fresh = Stack.objects.select_for_update(no_key=True).select_related("account").get(pk=stack.pk) \
        if transaction.get_connection().in_atomic_block else Stack.objects.select_related("account").get(pk=stack.pk)
    if fresh.status == "DELETE_COMPLETE":
        raise errors.StackNotFound(name=str(stack.pk))
    if states.is_in_progress(fresh.status):
        raise errors.ActionInProgress(name=fresh.name, action=states.split(fresh.status)[0])
    if allowed is not None and fresh.status not in allowed:
        raise errors.NotSupported(feature=f"This operation on a stack in status {fresh.status}")
    return fresh


# --- stack policy ---------------------------------------------------------------------------------

def _policy(body: str | Mapping | None, name: str = "StackPolicyBody") -> dict | None:
    """A policy given as JSON/YAML text or an object, checked (InvalidParameter); None when not given."""
    if body is None or body == "":
        return None
    return stack_policy.parse(body, name)


def _enforce_policy(stack: Stack, diff: Mapping, during: dict | None = None) -> None:
    """StackPolicyValidationFailed unless the policy in force allows every change in `diff`."""
    body = during if during is not None else stack.stack_policy
    if not body:
        return
    types = dict(StackResource.objects.filter(stack=stack).values_list("logical_id", "type"))
    stack_policy.enforce(body, stack_policy.planned_changes(diff, types))


def set_stack_policy(actor: Any, account: Account, stack: Stack, body: str | Mapping) -> Stack:
    """SetStackPolicy: replace the stack's policy (JSON/YAML text or an object)."""
    authorize(actor, account)
    policy = _policy(body)
    if policy is None:
        raise errors.MissingParameter(name="StackPolicyBody")
    Stack.objects.filter(pk=stack.pk, account=account).update(stack_policy=policy)
    stack.stack_policy = policy
    return stack


def get_stack_policy(actor: Any, account: Account, stack: Stack) -> dict | None:
    """GetStackPolicy: the stored policy object (None when the stack has none)."""
    authorize(actor, account, Role.VIEWER)
    return Stack.objects.filter(pk=stack.pk, account=account).values_list("stack_policy", flat=True).first()


# --- delete ---------------------------------------------------------------------------------------

def delete_stack(actor: Any, account: Account, stack: Stack, *, retain_all_resources: bool = False,
                 retain_resources: Iterable[str] = ()) -> Stack:
    authorize(actor, account)
    retain = list(retain_resources)
    with transaction.atomic():
        stack = _lock_idle(stack)
        if stack.deletion_protection or _root(stack).deletion_protection:
            raise errors.DeletionProtected(name=stack.name)
        known = set(StackResource.objects.filter(stack=stack).values_list("logical_id", flat=True))
        for logical_id in retain:
            if logical_id not in known:
                raise errors.ResourceNotFound(name=logical_id, stack=stack.name)
        op = operations.new_operation(stack, states.DELETE, stack.template_body, stack.parameters,
                                      options={"retain": retain, "retain_all": retain_all_resources})
        traversal = planning.delete_traversal(planning.live_rows(stack), retain, retain_all_resources)
        operations.start(stack, op, traversal)
    return stack


def _root(stack: Stack) -> Stack:
    while stack.parent_id:
        stack = Stack.objects.get(pk=stack.parent_id)
    return stack


def set_deletion_protection(actor: Any, account: Account, stack: Stack, enabled: bool) -> Stack:
    authorize(actor, account)
    if stack.parent_id:
        raise errors.InvalidOperationSetDeletionProtection(
            type="stack", id=str(stack.pk), reason="a nested stack inherits the setting of its root stack")
    Stack.objects.filter(pk=stack.pk).update(deletion_protection=bool(enabled))
    stack.deletion_protection = bool(enabled)
    return stack


# --- continue / cancel ----------------------------------------------------------------------------

def continue_create_stack(actor: Any, account: Account, stack: Stack, *, mode: str = "Recreate",
                          recreating_resources: Iterable[str] = (), template_body: str | None = None,
                          parameters: Mapping | None = None, dry_run: bool = False,
                          parallelism: int | None = None) -> Stack | dict:
    """CREATE_FAILED only. Recreate: failed + uncreated + named resources (and their dependents);
    Ignore: drop failed/uncreated resources and mark the stack created.

    Recreate may run with a modified `template_body` and `parameters` overrides (merged on the stack's values);
    stacks.engine.continuation states what may change (ContinueCreateStackValidationFailed otherwise). The stack
    takes the new template and parameters when the operation starts, as CreateStack does. `dry_run` starts
    nothing and returns the DryRunResult lists (ParametersAllowedToBeModified, ...). `parallelism`, when
    given, becomes the stack's (as UpdateStack's does).
    """
    from stacks.engine import continuation

    authorize(actor, account)
    if mode not in ("Recreate", "Ignore"):
        raise errors.InvalidParameter(name="Mode", reason="it must be Recreate or Ignore")
    if parallelism is not None and int(parallelism) < 0:
        raise errors.InvalidParameter(name="Parallelism", reason="it must not be negative")
    if mode == "Ignore":
        for name, given in (("TemplateBody", template_body is not None), ("Parameters", bool(parameters)),
                            ("RecreatingResources", bool(list(recreating_resources))), ("DryRun", dry_run)):
            if given:
                raise errors.InvalidParameter(name=name, reason="it applies only to Mode Recreate")
    if dry_run:
        stack = _continuable(_lock_idle(stack))
        return continuation.prepare(stack, template_body, parameters, recreating_resources).dry_run_result()
    with transaction.atomic():
        stack = _continuable(_lock_idle(stack))
        if mode == "Ignore":
            return _ignore_failed(stack)
        plan = continuation.prepare(stack, template_body, parameters, recreating_resources)
        resolved = plan.resolved
        if plan.changed:
            check_supported(resolved, stack.simulate_unsupported)
            stack.template_body, stack.parameters = plan.template_body, plan.parameters
            stack.description, stack.no_echo = resolved.description or "", sorted(resolved.no_echo)
            stack.save(update_fields=["template_body", "parameters", "description", "no_echo"])
        if parallelism is not None:
            stack.parallelism = int(parallelism)
            stack.save(update_fields=["parallelism"])
        StackResource.objects.filter(pk__in=[r.pk for r in plan.removed if not r.physical_id]).delete()
        op = operations.new_operation(stack, states.CREATE, plan.template_body, plan.parameters, kind="continue")
        templates.remember(op, resolved)
        planning.ensure_rows(stack, resolved, stack.simulate_unsupported)
        targets = set(plan.targets)
        main = {lid: operations.Step(states.DO_CREATE, tuple(d for d in sorted(resolved.resources[lid].depends_on)
                                                               if d in targets)) for lid in plan.targets}
        cleanup = planning.delete_traversal([r for r in plan.removed if r.physical_id]).main
        operations.start(stack, op, operations.Traversal(main=main, cleanup=cleanup))
    return stack


def _continuable(stack: Stack) -> Stack:
    if stack.status != "CREATE_FAILED":
        raise errors.ContinueCreateStackValidationFailed(
            reason=f"Stack {stack.name} is {stack.status}; only a CREATE_FAILED stack can continue")
    return stack


def _ignore_failed(stack: Stack) -> Stack:
    StackResource.objects.filter(stack=stack, physical_id="").exclude(status="CREATE_COMPLETE").delete()
    stack.status, stack.status_reason = "CREATE_COMPLETE", "Stack CREATE completed successfully (failed resources ignored)"
    stack.save(update_fields=["status", "status_reason"])
    events.record_stack(stack, stack.operation, stack.status, stack.status_reason)
    return stack


def cancel_update_stack(actor: Any, account: Account, stack: Stack, cancel_type: str = "Safe") -> Stack:
    """Safe: stop scheduling and let running steps finish; Quick: abandon them too. Then roll back."""
    authorize(actor, account)
    if cancel_type not in ("Safe", "Quick"):
        raise errors.InvalidParameter(name="CancelType", reason="it must be Quick or Safe")
    fresh = Stack.objects.get(pk=stack.pk)
    if fresh.status != "UPDATE_IN_PROGRESS" or fresh.operation_id is None:
        raise errors.NotSupported(feature=f"Cancelling the update of a stack in status {fresh.status}")
    operations.run_locked(str(fresh.operation_id), _cancel, cancel_type)
    return Stack.objects.get(pk=stack.pk)


def _cancel(op, cancel_type: str) -> None:
    op.cancelled = True
    op.save(update_fields=["cancelled"])
    if cancel_type == "Quick":
        StackResource.objects.filter(step_operation=op.pk, step_state=states.STEP_RUNNING).update(
            step_state=states.STEP_SKIPPED)
    operations.fail(op, "Stack UPDATE cancelled by the user")


# --- read models ----------------------------------------------------------------------------------

def describe_stack(actor: Any, account: Account, stack: Stack) -> dict:
    """The GetStack response body (minus RequestId); NoEcho values masked."""
    from stacks.engine import describe

    authorize(actor, account, Role.VIEWER)
    return describe.stack_body(stack)


def stack_events(actor: Any, account: Account, stack: Stack, after: int = 0) -> QuerySet:
    authorize(actor, account, Role.VIEWER)
    return stack.events.filter(sequence__gt=after).order_by("sequence")




# --- preview and change sets ----------------------------------------------------------------------

def preview_stack(actor: Any, account: Account, *, template_body: str, parameters: Mapping | None = None,
                  name: str = "preview", region: str | None = None, stack: Stack | None = None,
                  use_previous_parameters: bool = False, taint_resources: Iterable[str] = (),
                  simulate_unsupported: bool = False, **options: Any) -> dict:
    """PreviewStack: the create (or, with `stack`, the update) as it would run; nothing is changed."""
    from stacks.engine import describe, plan

    authorize(actor, account, Role.VIEWER)
    if stack is None:
        target = _new_stack(account, name, template_body, parameters, region, options.get("disable_rollback", False),
                            options.get("timeout_in_minutes", 60), False, options.get("tags"), 0,
                            simulate_unsupported, "", None, "")
        resolved = validate_new(target, mode="preview")
        specs = planning.new_specs(target, resolved)
        diff = plan.diff({}, specs, templates.replacement_properties)
        ids: dict[str, str] = {}
    else:
        target = stack
        params = {**(stack.parameters if use_previous_parameters else {}), **(parameters or {})}
        resolved = templates.validate_for(stack, template_body, params, mode="preview")
        check_supported(resolved, stack.simulate_unsupported)
        specs = planning.new_specs(stack, resolved)
        diff = plan.diff(planning.old_specs(stack), specs, templates.replacement_properties, taint_resources)
        diff = planning.explained(stack, resolved, diff)
        ids = {r.logical_id: r.physical_id for r in planning.live_rows(stack) if r.physical_id}
    secrets = secret_strings(resolved.parameters, resolved.no_echo)
    return {"Stack": {"StackName": target.name, "Description": resolved.description or "",
                      "TemplateDescription": resolved.description or "", "RegionId": target.region,
                      "DisableRollback": target.disable_rollback, "TimeoutInMinutes": target.timeout_in_minutes,
                      "Parameters": resolved.display_parameters(),
                      "Resources": mask_secrets(describe.preview_resources(resolved, diff, specs, ids), secrets)}}


def create_change_set(actor: Any, account: Account, *, change_set_name: str, stack: Stack | None = None,
                      stack_name: str = "", change_set_type: str = "UPDATE", template_body: str | None = None,
                      parameters: Mapping | None = None, use_previous_parameters: bool = False,
                      replacement_option: bool = False, description: str = "", region: str | None = None,
                      taint_resources: Iterable[str] = (), disable_rollback: bool = False,
                      timeout_in_minutes: int | None = None, tags: Mapping[str, str] | None = None,
                      stack_policy_body: str | Mapping | None = None,
                      stack_policy_during_update_body: str | Mapping | None = None) -> ChangeSet:
    """UPDATE: diff against `stack`. CREATE: a new stack in REVIEW_IN_PROGRESS, every resource Add.

    `disable_rollback` and `tags` belong to the stack a CREATE change set makes (an update keeps the stack's
    creation-time settings, as UpdateStack does); `timeout_in_minutes` applies to the executed operation.
    The stack policies act as in update_stack: an UPDATE change set the policy denies is refused now, and
    checked again when it is executed.
    """
    from stacks.engine import describe, plan

    authorize(actor, account)
    if timeout_in_minutes is not None and not 10 <= int(timeout_in_minutes) <= 1440:
        raise errors.InvalidParameter(name="TimeoutInMinutes", reason="it must be between 10 and 1440")
    if change_set_type == "UPDATE" and tags:
        raise errors.NotSupported(feature="Tags on an UPDATE change set (tags are set at creation)")
    new_policy = _policy(stack_policy_body)
    during = _policy(stack_policy_during_update_body, "StackPolicyDuringUpdateBody")
    if change_set_type == "CREATE":
        stack = _new_stack(account, stack_name, template_body or "", parameters, region, bool(disable_rollback),
                           timeout_in_minutes or 60, False, tags, 0, False, "", None, "")
        resolved = validate_new(stack)
        stack.status, stack.status_reason = "REVIEW_IN_PROGRESS", "Stack created by a CREATE change set"
        stack.stack_policy = new_policy
        old: dict = {}
    elif change_set_type == "UPDATE" and stack is not None:
        params = {**(stack.parameters if use_previous_parameters or parameters is None else {}), **(parameters or {})}
        body = template_body if template_body is not None else stack.template_body
        resolved = templates.validate_for(stack, body, params, mode="update")
        check_supported(resolved, stack.simulate_unsupported)
        template_body, parameters, old = body, params, planning.old_specs(stack)
    else:
        raise errors.InvalidParameter(name="ChangeSetType", reason="it must be CREATE (with StackName) or UPDATE")
    diff = plan.diff(old, planning.new_specs(stack, resolved) if change_set_type == "UPDATE" else
                     {lid: plan.ResourceSpec(d.type, {}) for lid, d in resolved.resources.items()},
                     templates.replacement_properties, taint_resources)
    rows = planning.live_rows(stack) if change_set_type == "UPDATE" else []
    if change_set_type == "UPDATE":
        _enforce_policy(stack, diff, during)
        diff = planning.explained(stack, resolved, diff)
    changes = describe.change_set_changes(diff, {**{r.logical_id: r.type for r in rows},
                                                 **{k: d.type for k, d in resolved.resources.items()}},
                                          {r.logical_id: r.physical_id for r in rows})
    with transaction.atomic():
        if change_set_type == "CREATE":
            _save_new(stack)
        if ChangeSet.objects.filter(stack=stack, name=change_set_name).exists():
            raise errors.ChangeSetExists(name=change_set_name, stack=stack.name)
        return ChangeSet.objects.create(
            stack=stack, name=change_set_name, type=change_set_type, description=description,
            template_body=template_body or "", parameters=dict(parameters or {}), changes=changes,
            options={"replacement": bool(replacement_option), "taint": list(taint_resources),
                     "disable_rollback": stack.disable_rollback,
                     "timeout_in_minutes": int(timeout_in_minutes or stack.timeout_in_minutes),
                     **({"stack_policy": new_policy, "stack_policy_during_update": during}
                        if change_set_type == "UPDATE" else {})},
            status="CREATE_COMPLETE", execution_status="AVAILABLE" if changes else "UNAVAILABLE",
            status_reason="" if changes else "The submitted information didn't contain changes.")


def get_change_set(actor: Any, account: Account, change_set_id: str) -> ChangeSet:
    authorize(actor, account, Role.VIEWER)
    found = ChangeSet.objects.select_related("stack").filter(pk=change_set_id, stack__account=account).first() \
        if _is_uuid(change_set_id) else None
    if found is None:
        raise errors.ChangeSetNotFound(name=change_set_id, stack="")
    return found


def list_change_sets(actor: Any, account: Account, stack: Stack) -> QuerySet[ChangeSet]:
    authorize(actor, account, Role.VIEWER)
    return ChangeSet.objects.filter(stack=stack, stack__account=account).order_by("-created_at")


def delete_change_set(actor: Any, account: Account, change_set_id: str) -> None:
    change_set = get_change_set(actor, account, change_set_id)
    authorize(actor, account)
    if change_set.execution_status == "EXECUTE_IN_PROGRESS":
        raise errors.ActionInProgress(name=change_set.stack.name, action="EXECUTE_CHANGE_SET")
    change_set.delete()


def execute_change_set(actor: Any, account: Account, change_set_id: str) -> Stack:
    change_set = get_change_set(actor, account, change_set_id)
    authorize(actor, account)
    if change_set.execution_status != "AVAILABLE":
        raise errors.InvalidChangeSetStatus(name=change_set.name, reason=f"it is {change_set.execution_status}")
    stack = change_set.stack
    if change_set.type == "CREATE":
        resolved = validate_new(stack)
        with transaction.atomic():
            _start_create(stack, resolved, kind="change_set")
    else:
        stack = update_stack(actor, account, stack, template_body=change_set.template_body,
                             parameters=change_set.parameters, replacement_option=change_set.options.get("replacement"),
                             taint_resources=change_set.options.get("taint", []),
                             timeout_in_minutes=change_set.options.get("timeout_in_minutes"),
                             stack_policy_body=change_set.options.get("stack_policy"),
                             stack_policy_during_update_body=change_set.options.get("stack_policy_during_update"))
    ChangeSet.objects.filter(pk=change_set.pk).update(execution_status="EXECUTE_COMPLETE")
    ChangeSet.objects.filter(stack=stack).exclude(pk=change_set.pk).update(execution_status="OBSOLETE")
    return stack


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False
