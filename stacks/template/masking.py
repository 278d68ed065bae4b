"""Masking NoEcho values wherever resolved data is shown or returned (preview, resources, outputs)."""
from __future__ import annotations

from typing import Any, Iterable

from .parameters import NO_ECHO_MASK


def secret_strings(parameters: dict[str, Any], no_echo: Iterable[str]) -> set[str]:
    """The string forms of the NoEcho parameters' values (empty values mask nothing)."""
    secrets = set()
    for name in no_echo:
        value = parameters.get(name)
        if isinstance(value, (list, tuple)):
            secrets.update(str(v) for v in value if str(v))
        elif value not in (None, ""):
            secrets.add(str(value))
    return secrets


def mask_secrets(value: Any, secrets: Iterable[str]) -> Any:
    """Replace every occurrence of a secret inside strings of `value` (nested dicts and lists) with ****."""
    ordered = sorted({s for s in secrets if isinstance(s, str) and s}, key=len, reverse=True)
    if not ordered:
        return value

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, str):
            for secret in ordered:
                if secret in item:
                    item = item.replace(secret, NO_ECHO_MASK)
        return item

    return walk(value)
