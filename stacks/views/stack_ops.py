"""The console's calls into stacks.services, in one place: wizard state in, service call out.

Every write goes through stacks.services (the one path shared with the API and the CLI); the
errors it raises (StackError or TemplateError families) carry `.code` and `.message`.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from rosconsole.accounts.access import SESSION_REGION_KEY, current_account


def _services():
    """Imported on use: stacks.services imports the engine, which the list pages do not need."""
    from stacks import services

    return services


def region(request: HttpRequest) -> str:
    return request.session.get(SESSION_REGION_KEY, settings.ROSCONSOLE_DEFAULT_REGION)


def _options(state: dict[str, Any]) -> dict[str, Any]:
    opts = state.get("options") or {}
    out = {"disable_rollback": opts.get("rollback") == "disabled",
           "timeout_in_minutes": int(opts.get("timeout_in_minutes") or 60),
           "tags": opts.get("tags") or [],
           "simulate_unsupported": bool(opts.get("simulate_unsupported"))}
    if "deletion_protection" in opts:
        out["deletion_protection"] = bool(opts.get("deletion_protection"))
    return out


def preview_create(request: HttpRequest, state: dict[str, Any]) -> dict[str, Any]:
    return _services().preview_stack(current_account(request), region(request), state["options"]["stack_name"],
                                  state["template"], state.get("parameters") or {}, **_options(state))


def create(request: HttpRequest, state: dict[str, Any]):
    return _services().create_stack(current_account(request), region(request), state["options"]["stack_name"],
                                 state["template"], state.get("parameters") or {}, **_options(state))


def preview_update(request: HttpRequest, stack, state: dict[str, Any]) -> dict[str, Any]:
    return _services().preview_update(stack, state["template"], state.get("parameters") or {},
                                   use_previous=state.get("previous") or [], **_options(state))


def update(request: HttpRequest, stack, state: dict[str, Any]):
    return _services().update_stack(stack, state["template"], state.get("parameters") or {},
                                 use_previous=state.get("previous") or [], **_options(state))


def delete(request: HttpRequest, stack, retain: list[str], retain_all: bool) -> None:
    _services().delete_stack(stack, retain_resources=retain, retain_all_resources=retain_all)


def continue_create(request: HttpRequest, stack) -> None:
    _services().continue_create_stack(stack)


def cancel_update(request: HttpRequest, stack) -> None:
    _services().cancel_update_stack(stack)


def create_change_set(request: HttpRequest, stack, data: dict[str, Any]):
    return _services().create_change_set(stack, data["change_set_name"], data["template_body"],
                                      data.get("parameters") or {}, description=data.get("description", ""),
                                      use_previous_parameters=True)


def execute_change_set(request: HttpRequest, change_set) -> None:
    _services().execute_change_set(change_set)


def delete_change_set(request: HttpRequest, change_set) -> None:
    _services().delete_change_set(change_set)
