"""Rendering a console page or its htmx partial, shared by the stacks and FC pages."""
from __future__ import annotations

from typing import Any, Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rosconsole.accounts.access import can_change


def page(request: HttpRequest, template: str, context: dict[str, Any], partial: str | Sequence[str] | None = None,
         status: int = 200) -> HttpResponse:
    """The full page, or `template#partial` for an htmx request (django-template-partials).

    With several partials, the one named like the request's HX-Target is rendered (the partial
    name is the DOM id it replaces); the first is the default.
    """
    names = [partial] if isinstance(partial, str) else list(partial or [])
    name = template
    if names and getattr(request, "htmx", False):
        target = request.headers.get("HX-Target") or ""
        name = f"{template}#{target if target in names else names[0]}"
    context.setdefault("can_change", can_change(request))
    return render(request, name, context, status=status)
