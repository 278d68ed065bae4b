"""Validate template text for the wizard and turn errors into rows the page can show.

The same pure `stacks.template` validation that ValidateTemplate, PreviewStack and CreateStack
run; this module only flattens the errors and finds the line each path points at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from stacks.template import StackContext, TemplateError, load, validate

_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class ErrorRow:
    code: str
    message: str
    path: str
    line: int | None = None


def error_rows(exc: TemplateError, text: str = "") -> list[ErrorRow]:
    errors = getattr(exc, "errors", None) or [exc]
    return [ErrorRow(e.code, e.message, e.path, locate(text, e.path)) for e in errors]


def check_template(text: str, parameters: Mapping[str, Any] | None = None, context: StackContext | None = None,
                   mode: str = "validate") -> tuple[Any, list[ErrorRow]]:
    """(ResolvedTemplate, []) when valid, else (None, error rows)."""
    try:
        return validate(load(text), parameters or {}, context, mode=mode), []
    except TemplateError as exc:
        return None, error_rows(exc, text)


def locate(text: str, path: str) -> int | None:
    """1-based line of a dotted path such as Resources.Fn.Properties.Code (best effort)."""
    found = _LINE.search(path or "")
    if found:
        return int(found.group(1))
    if not text or not path:
        return None
    position, line = 0, None
    for part in path.split("."):
        if part.isdigit():
            continue
        match = re.compile(r'(^|[\s{,"])' + re.escape(part) + r'"?\s*:', re.M).search(text, position)
        if not match:
            break
        position = match.end()
        line = text.count("\n", 0, match.start(0) + len(match.group(1))) + 1
    return line
