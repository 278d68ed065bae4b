"""The console's calls into stacks.services, in one place: wizard state in, service call out.

Every write goes through stacks.services (the one path shared with the API and the CLI), acting
as the signed-in user in the current account; the errors it raises (StackError or TemplateError
families) carry `.code` and `.message`.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from rosconsole.accounts.access import SESSION_REGION_KEY, current_account


def _services():
    """Imported on use: stacks.services pulls in the engine, which the read-only pages do not need."""
    from stacks import services

    return services


def region(request: HttpRequest) -> str:
    return request.session.get(SESSION_REGION_KEY, settings.ROSCONSOLE_DEFAULT_REGION)


def _tags(opts: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in opts.get("tags") or [] if isinstance(t, dict)}


def _create_kwargs(request: HttpRequest, state: dict[str, Any]) -> dict[str, Any]:
    opts = state.get("options") or {}
    return {"name": opts["stack_name"], "template_body": state["template"],
            "parameters": state.get("parameters") or {}, "region": region(request),
            "disable_rollback": opts.get("rollback") == "disabled",
            "timeout_in_minutes": int(opts.get("timeout_in_minutes") or 60),
            "deletion_protection": bool(opts.get("deletion_protection")), "tags": _tags(opts),
            "simulate_unsupported": bool(opts.get("simulate_unsupported"))}


def preview_create(request: HttpRequest, state: dict[str, Any]) -> dict[str, Any]:
    """The PreviewStack `Stack` body, NoEcho values already masked by the service."""
    body = _services().preview_stack(request.user, current_account(request), **_create_kwargs(request, state))
    return body["Stack"]


def create(request: HttpRequest, state: dict[str, Any]):
    return _services().create_stack(request.user, current_account(request), **_create_kwargs(request, state))


def _update_kwargs(stack, state: dict[str, Any]) -> dict[str, Any]:
    """Parameters: the new values plus the stored values of those marked "Use previous value"."""
    opts = state.get("options") or {}
    params = {k: (stack.parameters or {})[k] for k in state.get("previous") or [] if k in (stack.parameters or {})}
    params.update(state.get("parameters") or {})
    return {"template_body": state["template"], "parameters": params, "use_previous_parameters": False,
            "timeout_in_minutes": int(opts.get("timeout_in_minutes") or stack.timeout_in_minutes)}


def preview_update(request: HttpRequest, stack, state: dict[str, Any]) -> dict[str, Any]:
    """UpdateStack with DryRun: the resources that would change, as preview rows."""
    result = _services().update_stack(request.user, current_account(request), stack, dry_run=True,
                                      **_update_kwargs(stack, state))
    resources = [{"LogicalResourceId": r["LogicalResourceId"], "ResourceType": _type_of(stack, r),
                  "Action": r.get("Action", ""), "Replacement": r.get("Replacement", ""),
                  "Properties": {"ChangedProperties": r.get("ChangedProperties") or []}}
                 for r in result.get("ResourcesToBeChanged") or []]
    return {"Resources": resources, "DryRun": result}


def _type_of(stack, change: dict[str, Any]) -> str:
    row = stack.resources.filter(logical_id=change["LogicalResourceId"]).only("type").first()
    return change.get("ResourceType") or (row.type if row else "")


def update(request: HttpRequest, stack, state: dict[str, Any]):
    return _services().update_stack(request.user, current_account(request), stack, **_update_kwargs(stack, state))


def delete(request: HttpRequest, stack, retain: list[str], retain_all: bool) -> None:
    _services().delete_stack(request.user, current_account(request), stack, retain_resources=retain,
                             retain_all_resources=retain_all)


def continue_create(request: HttpRequest, stack, mode: str = "Recreate", template_body: str | None = None,
                    parameters: dict | None = None) -> None:
    extra = {k: v for k, v in (("template_body", template_body), ("parameters", parameters)) if v}
    _services().continue_create_stack(request.user, current_account(request), stack, mode=mode, **extra)


def set_deletion_protection(request: HttpRequest, stack, enabled: bool) -> None:
    _services().set_deletion_protection(request.user, current_account(request), stack, enabled)


def cancel_update(request: HttpRequest, stack) -> None:
    _services().cancel_update_stack(request.user, current_account(request), stack)


def create_change_set(request: HttpRequest, stack, data: dict[str, Any]):
    return _services().create_change_set(request.user, current_account(request), stack=stack,
                                         change_set_name=data["change_set_name"], template_body=data["template_body"],
                                         parameters=data.get("parameters") or {}, use_previous_parameters=True,
                                         description=data.get("description", ""))


def execute_change_set(request: HttpRequest, change_set) -> None:
    _services().execute_change_set(request.user, current_account(request), str(change_set.id))


def delete_change_set(request: HttpRequest, change_set) -> None:
    _services().delete_change_set(request.user, current_account(request), str(change_set.id))

