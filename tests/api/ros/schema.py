"""Schema checks: every field the server sends must survive the SDK model round trip."""
from __future__ import annotations

from typing import Any


def lost_fields(sent: Any, kept: Any, path: str = "") -> list[str]:
    """Paths present in `sent` whose value the round trip dropped or changed."""
    missing: list[str] = []
    if isinstance(sent, dict):
        if not isinstance(kept, dict):
            return [path or "<root>"]
        for key, value in sent.items():
            where = f"{path}.{key}" if path else key
            if key not in kept:
                missing.append(where)
            else:
                missing += lost_fields(value, kept[key], where)
    elif isinstance(sent, list):
        if not isinstance(kept, list) or len(kept) != len(sent):
            return [path]
        for i, (a, b) in enumerate(zip(sent, kept)):
            missing += lost_fields(a, b, f"{path}[{i}]")
    elif sent != kept:
        missing.append(path)
    return missing


def record_raw(client: Any) -> Any:
    """Wrap client.call_api so `client.last_raw` holds the JSON body the server sent."""
    original = client.call_api

    def call_api(params, request, runtime):
        result = original(params, request, runtime)
        client.last_raw = result.get("body")
        return result

    client.call_api = call_api
    client.last_raw = None
    return client


def assert_round_trip(client: Any, response: Any) -> dict:
    """The SDK body model of `response` must re-serialise every field the server sent."""
    raw = client.last_raw
    assert isinstance(raw, dict), "use a client wrapped by record_raw()"
    again = type(response.body)().from_map(raw).to_map()
    lost = lost_fields(raw, again)
    assert not lost, f"{type(response.body).__name__} drops {lost}"
    return raw
