"""An invocation as the pages show it: result text (pretty JSON when it is JSON), error, logs, metrics."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fcruntime import services

MAX_SHOWN = 64 * 1024


@dataclass
class InvocationView:
    inv: Any
    result: str
    result_is_json: bool
    event: str


def _text(data: bytes) -> tuple[str, bool]:
    text = data[:MAX_SHOWN].decode("utf-8", errors="replace")
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False), True
    except ValueError:
        return text, False


def invocation_view(inv) -> InvocationView:
    result, is_json = _text(services.payload_of(inv)) if inv.is_terminal else ("", False)
    event, _ = _text(bytes(inv.event))
    return InvocationView(inv, result, is_json, event)
