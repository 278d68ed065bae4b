"""Turn stored values into rows the templates show: outputs, parameters, resolved properties.

Everything here returns plain strings; templates escape them (no |safe anywhere on user data).
"""
from __future__ import annotations

import json
from typing import Any, Iterable

from stacks.template.masking import mask_secrets
from stacks.template.parameters import NO_ECHO_MASK

MASK = NO_ECHO_MASK


def value_text(value: Any) -> tuple[str, bool]:
    """(text, is_json): dicts and lists become pretty JSON."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False), True
    if value is None:
        return "", False
    if isinstance(value, bool):
        return "true" if value else "false", False
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in "{[" and len(stripped) > 1:
            try:
                return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False), True
            except ValueError:
                pass
    return str(value), False


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and " " not in text and "\n" not in text


def output_rows(outputs: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    rows = []
    for output in outputs or []:
        masked = output.get("NoEcho") in (True, "true", "True")
        text, as_json = (MASK, False) if masked else value_text(output.get("OutputValue"))
        rows.append({"key": output.get("OutputKey", ""), "description": output.get("Description", ""),
                     "text": text, "json": as_json, "url": not masked and is_url(text), "masked": masked,
                     "error": output.get("Error", "")})
    return rows


def parameter_rows(values: dict[str, Any] | None, no_echo: Iterable[str] = ()) -> list[dict[str, Any]]:
    hidden = set(no_echo or ())
    rows = []
    for key, value in (values or {}).items():
        masked = key in hidden
        text, as_json = (MASK, False) if masked else value_text(value)
        if isinstance(value, list) and not as_json:
            text = ",".join(map(str, value))
        rows.append({"key": key, "text": text, "json": as_json, "masked": masked})
    return rows


def mask_properties(properties: Any, secrets: Iterable[str]) -> Any:
    """Replace every string equal to a NoEcho parameter value with the mask (preview and resources)."""
    return mask_secrets(properties, secrets)


def tag_pairs(tags: Any) -> list[tuple[str, str]]:
    """Tags stored as {"k": "v"} or [{"Key": k, "Value": v}] -> [(k, v)]."""
    if isinstance(tags, dict):
        return [(str(k), str(v)) for k, v in tags.items()]
    pairs = []
    for tag in tags or []:
        if isinstance(tag, dict):
            pairs.append((str(tag.get("Key", "")), str(tag.get("Value", ""))))
    return pairs
