"""Wizard state kept in the session between steps, keyed by a short id in the URL.

Several wizards can be open in different tabs; the oldest are dropped past MAX_OPEN.
"""
from __future__ import annotations

import secrets
from typing import Any

from django.http import Http404, HttpRequest

SESSION_KEY = "stack_wizards"
MAX_OPEN = 5


def start(request: HttpRequest, data: dict[str, Any]) -> str:
    wizards = request.session.get(SESSION_KEY, {})
    while len(wizards) >= MAX_OPEN:
        wizards.pop(next(iter(wizards)))
    wid = secrets.token_urlsafe(9)
    wizards[wid] = data
    request.session[SESSION_KEY] = wizards
    return wid


def load(request: HttpRequest, wid: str | None) -> dict[str, Any]:
    data = request.session.get(SESSION_KEY, {}).get(wid or "")
    if data is None:
        raise Http404("This wizard has expired. Start again.")
    return data


def save(request: HttpRequest, wid: str, data: dict[str, Any]) -> None:
    wizards = request.session.get(SESSION_KEY, {})
    wizards[wid] = data
    request.session[SESSION_KEY] = wizards
    request.session.modified = True


def finish(request: HttpRequest, wid: str) -> None:
    wizards = request.session.get(SESSION_KEY, {})
    wizards.pop(wid, None)
    request.session[SESSION_KEY] = wizards
