"""OSS trigger matching and the OSS event JSON of fc-spec §6.1. Pure Python.

Trigger config events carry the `oss:` prefix (`oss:ObjectCreated:*`); the event's eventName does not
(`ObjectCreated:PutObject`).
"""
from __future__ import annotations

import fnmatch
import hashlib
import uuid
from datetime import datetime, timezone
from typing import Any


def event_matches(patterns: list[str], event_name: str) -> bool:
    """`event_name` like 'ObjectCreated:PutObject' against config events like 'oss:ObjectCreated:*'."""
    full = event_name if event_name.startswith("oss:") else f"oss:{event_name}"
    return any(fnmatch.fnmatchcase(full, p) for p in patterns or [])


def key_matches(config: dict, key: str) -> bool:
    rule = ((config or {}).get("filter") or {}).get("key") or {}
    prefix, suffix = rule.get("prefix") or "", rule.get("suffix") or ""
    return key.startswith(prefix) and key.endswith(suffix)


def matches(config: dict, event_name: str, key: str) -> bool:
    return event_matches((config or {}).get("events") or [], event_name) and key_matches(config, key)


def bucket_of_arn(source_arn: str) -> str:
    """`acs:oss:<region>:<uid>:<bucket>` -> bucket."""
    parts = (source_arn or "").split(":")
    return parts[4] if len(parts) >= 5 and parts[0] == "acs" and parts[1] == "oss" else ""


def rule_id(trigger_id: str) -> str:
    return hashlib.sha1(trigger_id.encode()).hexdigest()


def event_time(when: datetime) -> str:
    """`2022-08-13T06:45:43.000Z`: ISO-8601 UTC with milliseconds."""
    when = when.astimezone(timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def build_event(*, event_name: str, region: str, account_id: str, bucket: str, key: str, size: int,
                delta_size: int, etag: str, content_type: str, user_meta: dict[str, str] | None,
                when: datetime, source_ip: str = "127.0.0.1", request_id: str | None = None,
                trigger_id: str = "") -> dict[str, Any]:
    """The OSS event (one record) a function receives."""
    return {"events": [{
        "eventName": event_name,
        "eventSource": "acs:oss",
        "eventTime": event_time(when),
        "eventVersion": "1.0",
        "oss": {
            "bucket": {"arn": f"acs:oss:{region}:{account_id}:{bucket}", "name": bucket,
                       "ownerIdentity": account_id, "virtualBucket": ""},
            "object": {"deltaSize": delta_size, "eTag": etag, "key": key, "size": size,
                       "objectMeta": {"mimeType": content_type,
                                      "userMeta": {f"x-oss-meta-{k}": v for k, v in (user_meta or {}).items()}}},
            "ossSchemaVersion": "1.0",
            "ruleId": rule_id(trigger_id or bucket),
        },
        "region": region,
        "requestParameters": {"sourceIPAddress": source_ip},
        "responseElements": {"requestId": request_id or uuid.uuid4().hex[:24].upper()},
        "userIdentity": {"principalId": account_id},
    }]}
