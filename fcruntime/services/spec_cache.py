"""Per-worker-process caches of Function rows and FunctionSpecs, so a warm invoke costs few queries.

A cached Function is reused while its stamp (its and its service's `modified_at`, its code checksum;
read by the claim query) is unchanged; a FunctionSpec is keyed by the same plus the version and
qualifier, and expires after SPEC_TTL_S so rotated credentials and republished layers are picked up.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from django.db import connection

from fcruntime.executor import FunctionSpec
from fcruntime.models import Function

SPEC_TTL_S = 60.0
MAX_ENTRIES = 512

_lock = threading.Lock()
_functions: dict[int, tuple[str, Function]] = {}
_specs: dict[tuple, tuple[float, object, FunctionSpec]] = {}


def stamp_sql(function_id_sql: str) -> str:
    """A scalar subquery: "<function modified_at>|<code checksum>|<service modified_at>" of one function."""
    fmeta, smeta = Function._meta, Function._meta.get_field("service").related_model._meta
    q = connection.ops.quote_name
    parts = [f"CAST(f.{q('modified_at')} AS TEXT)", f"f.{q('code_checksum')}", f"CAST(s.{q('modified_at')} AS TEXT)"]
    joined = " || '|' || ".join(parts)  # SQLite and PostgreSQL
    return (f"(SELECT {joined} FROM {q(fmeta.db_table)} f JOIN {q(smeta.db_table)} s "
            f"ON s.{q('id')} = f.{q('service_id')} WHERE f.{q('id')} = {function_id_sql})")


def _stamp(pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {stamp_sql('%s')}", [pk])
        row = cursor.fetchone()
    return row[0] if row else None


def function(pk: int, stamp: str | None = None) -> Function | None:
    """The Function row `pk` (with service and account), reused while its stamp is unchanged.
    `stamp` may come with the caller's own query (the claim's RETURNING); else it is read here."""
    stamp = stamp if stamp is not None else _stamp(pk)
    if stamp is None:
        return None
    with _lock:
        hit = _functions.get(pk)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    fn = Function.objects.select_related("service", "service__account").filter(pk=pk).first()
    if fn is None:
        return None
    with _lock:  # the stamp read before loading: a change in between reloads next time
        if len(_functions) >= MAX_ENTRIES:
            _functions.clear()
        _functions[pk] = (stamp, fn)
    return fn


def spec(fn: Function, version: str, qualifier: str, build: Callable):
    """(FunctionConfig, FunctionSpec) for `fn` at `version` under `qualifier`, cached for SPEC_TTL_S."""
    key = (fn.pk, fn.modified_at, fn.code_checksum, fn.service.modified_at, version, qualifier)
    now = time.monotonic()
    with _lock:
        hit = _specs.get(key)
    if hit is not None and now - hit[0] < SPEC_TTL_S:
        return hit[1], hit[2]
    from fcruntime.services.versions import resolve

    cfg = resolve(fn, version)
    built = build(fn, cfg, qualifier)
    with _lock:
        if len(_specs) >= MAX_ENTRIES:
            _specs.clear()
        _specs[key] = (now, cfg, built)
    return cfg, built


def clear() -> None:
    with _lock:
        _functions.clear()
        _specs.clear()
