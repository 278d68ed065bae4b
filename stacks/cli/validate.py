"""``stack validate FILE``: validate a template like ROS ValidateTemplate (no parameter values needed)."""
from __future__ import annotations

import json
from typing import TextIO

from stacks.template import StackContext, TemplateError, load, validate
from stacks.template.report import format_error_lines, format_summary


def run(path: str, as_json: bool, stdout: TextIO, stderr: TextIO) -> int:
    """Print the summary (or the ValidateTemplate body with ``as_json``) and return 0, or print
    one ``CODE: message (path)`` line per error and return 1."""
    try:
        with open(path, "rb") as fh:
            text = fh.read()
    except OSError as exc:
        print(f"InvalidTemplate: cannot read {path}: {exc.strerror}. (Template)", file=stderr)
        return 1
    try:
        resolved = validate(load(text), {}, StackContext(), mode="validate")
    except TemplateError as err:
        for line in format_error_lines(err):
            print(line, file=stderr)
        return 1
    if as_json:
        print(json.dumps(resolved.summary(), ensure_ascii=False, indent=2, default=str), file=stdout)
    else:
        print(format_summary(resolved), file=stdout)
    return 0
