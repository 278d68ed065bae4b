#!/usr/bin/env python
"""Django's command-line utility for rosconsole."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosconsole.settings")
    from rosconsole.config import ConfigError

    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:  # pragma: no cover - only without the venv
        raise SystemExit("Django is not installed: run `make run` (it creates .venv) or use .venv/bin/python") from exc
    try:
        execute_from_command_line(sys.argv)
    except ConfigError as exc:
        raise SystemExit(f"rosconsole: {exc}")


if __name__ == "__main__":
    main()
