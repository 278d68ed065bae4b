"""FC request signing (fc-spec §7.4). Pure Python: no Django, no I/O.

    string_to_sign = METHOD \\n Content-MD5 \\n Content-Type \\n Date \\n CanonicalizedFCHeaders CanonicalizedResource
    Authorization  = "FC " + AccessKeyId + ":" + base64(HMAC-SHA256(secret, string_to_sign))

API calls sign the URL-decoded path only. HTTP-trigger (proxy) calls sign the decoded path, a
newline and the sorted `k=v` query parameters (`k` alone when the parameter has no value) —
`canonical_resource(path, queries)` with `queries` not None. This mirrors `fc2.auth.Auth`.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

MAX_CLOCK_SKEW = timedelta(minutes=15)
_AUTH_RE = re.compile(r"^FC\s+([^:\s]+):(\S+)$")
_HEX_MD5_RE = re.compile(r"^[0-9a-fA-F]{32}$")

QueryItems = Mapping[str, "str | Iterable[str]"] | Iterable[tuple[str, str]]


@dataclass(frozen=True)
class Authorization:
    access_key_id: str
    signature: str


def parse_authorization(value: str | None) -> Authorization | None:
    """`FC <AccessKeyId>:<signature>` → Authorization, or None when the header has another shape."""
    if not value:
        return None
    match = _AUTH_RE.match(value.strip())
    if not match:
        return None
    return Authorization(access_key_id=match.group(1), signature=match.group(2))


def canonical_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """Every `x-fc-*` header, lower-cased name, sorted, as `name:value\\n` ('' when there are none)."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    picked = sorted((k.lower(), v) for k, v in items if k.lower().startswith("x-fc-"))
    return "".join(f"{k}:{v}\n" for k, v in picked)


def _query_params(queries: QueryItems) -> list[str]:
    params: list[str] = []
    items = queries.items() if isinstance(queries, Mapping) else queries
    for key, values in items:
        if isinstance(values, str):
            params.append(f"{key}={values}")
            continue
        values = list(values)
        if values:
            params.extend(f"{key}={v}" for v in values)
        else:
            params.append(key)
    return sorted(params)


def canonical_resource(unescaped_path: str, queries: QueryItems | None = None) -> str:
    """The decoded path; for proxy calls (queries not None) path + '\\n' + sorted k=v lines."""
    if queries is None:
        return unescaped_path
    return unescaped_path + "\n" + "\n".join(_query_params(queries))


def string_to_sign(method: str, headers: Mapping[str, str], resource: str) -> str:
    """Header names are matched case-insensitively."""
    lowered = {k.lower(): v for k, v in headers.items()}
    return "\n".join([
        method.upper(), lowered.get("content-md5", ""), lowered.get("content-type", ""), lowered.get("date", ""),
        canonical_headers(lowered) + resource,
    ])


def signature(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization_header(access_key_id: str, secret: str, method: str, headers: Mapping[str, str],
                         unescaped_path: str, queries: QueryItems | None = None) -> str:
    text = string_to_sign(method, headers, canonical_resource(unescaped_path, queries))
    return f"FC {access_key_id.strip()}:{signature(secret.strip(), text)}"


def signatures_match(secret: str, text: str, provided: str) -> bool:
    return hmac.compare_digest(signature(secret.strip(), text), provided)


def parse_http_date(value: str | None) -> datetime | None:
    """RFC 1123 / RFC 850 / asctime date → aware UTC datetime, or None if unparseable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def date_within_skew(value: datetime, now: datetime | None = None, skew: timedelta = MAX_CLOCK_SKEW) -> bool:
    now = now or datetime.now(timezone.utc)
    return abs(now - value) <= skew


def content_md5_matches(header: str, body: bytes) -> bool:
    """Content-MD5 as hex (Go SDK) or base64 (RFC 1864) of the body."""
    header = header.strip()
    digest = hashlib.md5(body).digest()
    if _HEX_MD5_RE.match(header):
        return header.lower() == digest.hex()
    try:
        return base64.b64decode(header, validate=True) == digest
    except (binascii.Error, ValueError):
        return False
