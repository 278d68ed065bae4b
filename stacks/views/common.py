"""Helpers every stack page uses: rendering a page or its htmx partial, and the guards."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rosconsole.accounts.access import can_change, current_account, require_role

TERMINAL_SUFFIXES = ("_COMPLETE", "_FAILED")


def page(request: HttpRequest, template: str, context: dict[str, Any], partial: str | None = None,
         status: int = 200) -> HttpResponse:
    """The full page, or only `template#partial` for an htmx request (django-template-partials)."""
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    context.setdefault("can_change", can_change(request))
    return render(request, name, context, status=status)


def htmx_target(request: HttpRequest) -> str:
    """The id of the element an htmx request will swap ('' for plain requests)."""
    return (request.headers.get("HX-Target") or "") if getattr(request, "htmx", False) else ""


def is_terminal(status: str) -> bool:
    return status.endswith(TERMINAL_SUFFIXES)


__all__ = ["page", "htmx_target", "is_terminal", "current_account", "require_role", "can_change"]
