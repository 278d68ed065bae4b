"""Running a management command the way a shell would see it: exit code, stdout, stderr."""
from __future__ import annotations

import io

from django.core.management import call_command


def stack_cmd(*args: str) -> tuple[int, str, str]:
    """`manage.py stack ARGS...` -> (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("stack", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()
