"""Keyset pagination over (created_at, id), newest first: fast at any depth, no OFFSET scans."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    rows: list[Any]
    next_cursor: str = ""
    prev_cursor: str = ""


def encode(row: Any, field: str = "created_at") -> str:
    raw = f"{getattr(row, field).isoformat()}|{row.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|", 1)
        return datetime.fromisoformat(stamp), pk
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(qs: QuerySet, size: int, after: str = "", before: str = "", field: str = "created_at") -> KeysetPage:
    """One page of `qs` ordered by -field, -pk; `after`/`before` are cursors from a previous page."""
    newest_first = qs.order_by(f"-{field}", "-pk")
    if before and (key := decode(before)):
        stamp, pk = key
        older_first = qs.order_by(field, "pk").filter(Q(**{f"{field}__gt": stamp}) | Q(**{field: stamp, "pk__gt": pk}))
        rows = list(older_first[: size + 1])
        has_more = len(rows) > size
        rows = list(reversed(rows[:size]))
        return KeysetPage(rows, encode(rows[-1], field) if rows else "", encode(rows[0], field) if has_more else "")
    if after and (key := decode(after)):
        stamp, pk = key
        newest_first = newest_first.filter(Q(**{f"{field}__lt": stamp}) | Q(**{field: stamp, "pk__lt": pk}))
    rows = list(newest_first[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, encode(rows[-1], field) if has_more and rows else "",
                      encode(rows[0], field) if after and rows else "")
