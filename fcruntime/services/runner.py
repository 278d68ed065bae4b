"""The worker side of an invocation: row -> FunctionSpec -> executor pool -> row.

Runs only inside a Celery worker of the `invocations` queue (task fcruntime.invoke_function).
Async invocations are retried per AsyncConfiguration by re-sending the task with a countdown
(workers never sleep); every attempt is appended to Invocation.attempts.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from fcruntime import blobstore
from fcruntime.executor import FunctionSpec, InvokeResult, get_pool
from fcruntime.models import HANDLED_ERROR, UNHANDLED_ERROR, Function, Invocation, InvocationStatus, Layer
from fcruntime.services import completion, destinations, runtime_libs, spec_cache
from fcruntime.services.credentials import credentials_for
from fcruntime.services.invoke import _send, full_event
from fcruntime.services.versions import FunctionConfig

log = logging.getLogger(__name__)

RESULT_CAP = 1024 * 1024  # bytes kept in the row; larger results are spooled to a file
LOG_CAP = 64 * 1024
RETRY_BASE_S = float(os.environ.get("ROSCONSOLE_FC_RETRY_BASE_SECONDS", "0.5"))
RETRY_MAX_S = 60.0
DEFAULT_EVENT_AGE_S = 86400


def layer_paths(fn: Function, arns: list) -> tuple[str, ...]:
    from fcruntime.services.layers import find_layer_by_arn

    out = []
    for arn in arns or []:
        layer: Layer | None = find_layer_by_arn(fn.service.account, arn)
        if layer is not None:
            out.append(str(blobstore.path_for(layer.code_blob)))
    return tuple(out)


def build_spec(fn: Function, cfg: FunctionConfig, qualifier: str) -> FunctionSpec:
    service = fn.service
    return FunctionSpec(
        function_id=cfg.function_id, runtime=cfg.runtime, handler=cfg.handler,
        code_zip=str(blobstore.path_for(cfg.code_blob)), code_checksum=cfg.code_checksum,
        memory_mb=cfg.memory_size, timeout_s=cfg.timeout, initializer=cfg.initializer or None,
        initialization_timeout_s=cfg.initialization_timeout, environment=dict(cfg.environment_variables or {}),
        instance_concurrency=cfg.instance_concurrency, ca_port=cfg.ca_port,
        layers=runtime_libs.layers_for(cfg.runtime) + layer_paths(fn, cfg.layers),
        internet_access=service.internet_access,
        function_name=fn.name, service_name=service.name, qualifier=qualifier or "LATEST",
        version_id=cfg.version_id, region=service.region, account_id=service.account.account_id,
        log_project=service.log_project, log_store=service.log_store, credentials=credentials_for(service),
    )


def _claim(inv_id: int, redelivered: bool) -> Invocation | None:
    """Claim a queued invocation and read the columns the worker needs, in one statement
    (UPDATE ... RETURNING: SQLite >= 3.35 and PostgreSQL). None when another worker has it.
    The row also carries `fn_stamp`, the function's cache stamp (spec_cache.STAMP_SQL)."""
    states = [InvocationStatus.QUEUED] + ([InvocationStatus.RUNNING] if redelivered else [])
    meta, ops = Invocation._meta, connection.ops
    cols = ", ".join(ops.quote_name(meta.get_field(f).column) for f in INV_FIELDS)
    table = ops.quote_name(meta.db_table)
    stamp = spec_cache.stamp_sql(f"{table}.{ops.quote_name('function_id')}")
    sql = (f"UPDATE {table} SET status = %s, started_at = %s, attempt = attempt + 1 "
           f"WHERE id = %s AND status IN ({', '.join(['%s'] * len(states))}) RETURNING {cols}, {stamp} AS fn_stamp")
    params = [InvocationStatus.RUNNING, ops.adapt_datetimefield_value(timezone.now()), inv_id, *states]
    rows = list(Invocation.objects.raw(sql, params))
    return rows[0] if rows else None


def _expired(inv: Invocation, cfg: FunctionConfig) -> bool:
    age = int((cfg.async_configuration or {}).get("MaxAsyncEventAgeInSeconds") or DEFAULT_EVENT_AGE_S)
    return timezone.now() - inv.created_at > timedelta(seconds=age)


def _timed_out(res: InvokeResult) -> bool:
    msg = str((res.error or {}).get("errorMessage", ""))
    return msg.startswith("Function timed out") or msg.startswith("Function initialization timed out")


def _store_result(inv: Invocation, res: InvokeResult) -> dict:
    """Set the result columns on `inv`; returns them (the final UPDATE and the completion message)."""
    payload = bytes(res.payload or b"")
    if len(payload) > RESULT_CAP:
        (blobstore.spool_dir() / f"{inv.request_id}.result").write_bytes(payload)
    err = res.error or {}
    trace = err.get("stackTrace") or []
    changes = {
        "result_size": len(payload), "result": payload[:RESULT_CAP],
        "error_type": "" if res.ok else str(err.get("errorType") or res.error_type or UNHANDLED_ERROR),
        "error_kind": "" if res.ok else (HANDLED_ERROR if res.error_type == HANDLED_ERROR else UNHANDLED_ERROR),
        "error_message": "" if res.ok else str(err.get("errorMessage", "")),
        "stack_trace": trace if isinstance(trace, list) else [str(trace)],
        "logs": (res.logs or "")[-LOG_CAP:], "log_tail": res.log_tail,
        "duration_ms": res.duration_ms, "billed_ms": res.billed_ms, "max_memory_mb": res.max_memory_mb,
        "cold_start": res.cold_start, "instance_id": res.instance_id,
        "status": (InvocationStatus.SUCCEEDED if res.ok
                   else InvocationStatus.TIMED_OUT if _timed_out(res) else InvocationStatus.FAILED),
    }
    if res.http_status is not None or (inv.http or {}).get("request") is not None:
        changes["http"] = dict(inv.http or {}, response={"status": res.http_status, "headers": res.http_headers or []})
    for key, value in changes.items():
        setattr(inv, key, value)
    return changes


def _fail_without_run(inv: Invocation, error_type: str, message: str) -> InvokeResult:
    err = {"errorMessage": message, "errorType": error_type}
    return InvokeResult(request_id=inv.request_id, ok=False, payload=json.dumps(err).encode(),
                        error_type=UNHANDLED_ERROR, error=err,
                        logs=f"FC Invoke End RequestId: {inv.request_id}, Error: {message}\n")


# Columns the worker reads; the big ones it writes (result, logs) are never loaded.
INV_FIELDS = ("id", "request_id", "account_id", "function_id", "service_name", "function_name", "qualifier",
              "version_id", "source", "invocation_type", "event", "event_size", "event_path", "status", "attempt",
              "max_attempts", "attempts", "http", "created_at", "started_at")


def run_invocation(inv_id: int, redelivered: bool = False) -> str:
    """Run one attempt of invocation `inv_id`. Returns the row's status afterwards."""
    inv = _claim(inv_id, redelivered)
    if inv is None:
        return "skipped"
    fn = spec_cache.function(inv.function_id, inv.fn_stamp) if inv.function_id else None
    inv.function = fn
    is_async = inv.invocation_type == "Async"
    cfg: FunctionConfig | None = None
    if fn is None:
        res = _fail_without_run(inv, "FunctionNotFound", f"function '{inv.function_name}' does not exist in "
                                                         f"service '{inv.service_name}'")
    else:
        try:
            cfg, spec = spec_cache.spec(fn, inv.version_id or "LATEST", inv.qualifier, build_spec)
        except Exception as exc:  # the version/alias was deleted between accept and run
            res = _fail_without_run(inv, type(exc).__name__, str(getattr(exc, "message", exc)))
        else:
            if is_async and _expired(inv, cfg):
                res = _fail_without_run(inv, "AsyncEventExpiredDropped", "the async event exceeded its "
                                        "MaxAsyncEventAgeInSeconds and was dropped")
            else:
                event = full_event(inv)
                http = (inv.http or {}).get("request")
                res = get_pool().invoke(spec, event, inv.request_id, retry_count=inv.attempt - 1,
                                        http=dict(http, body=event) if http is not None else None)
    changes = _store_result(inv, res)
    inv.attempts = changes["attempts"] = list(inv.attempts or []) + [{
        "attempt": inv.attempt, "status": inv.status, "error_type": inv.error_type,
        "error_message": inv.error_message[:1000], "duration_ms": inv.duration_ms,
        "instance_id": inv.instance_id, "cold_start": inv.cold_start,
        "started_at": inv.started_at.isoformat() if inv.started_at else None,
        "finished_at": timezone.now().isoformat()}]
    retry = (is_async and not res.ok and cfg is not None and inv.attempt < inv.max_attempts
             and not _expired(inv, cfg) and fn is not None)
    if retry:
        inv.status = changes["status"] = InvocationStatus.QUEUED
        Invocation.objects.filter(pk=inv.pk).update(**changes)
        _send(inv.pk, countdown=min(RETRY_MAX_S, RETRY_BASE_S * 2 ** (inv.attempt - 1)))
        return inv.status
    inv.finished_at = changes["finished_at"] = timezone.now()
    Invocation.objects.filter(pk=inv.pk).update(**changes)
    _finish(inv, cfg, changes)
    return inv.status


def _finish(inv: Invocation, cfg: FunctionConfig | None, changes: dict) -> None:
    if inv.invocation_type == "Async" and cfg is not None:
        try:
            destinations.deliver(inv, cfg)  # reads the whole event: the spooled file goes only after
        except Exception:  # a broken destination must not undo the recorded invocation
            log.exception("async destination of %s failed", inv.request_id)
        finally:
            _drop_spooled_event(inv)
        return
    _drop_spooled_event(inv)
    try:
        completion.signal(inv.request_id, dict(changes, attempt=inv.attempt, started_at=inv.started_at))
    except Exception:  # waiters fall back to reading the row at their deadline
        log.warning("could not signal completion of %s", inv.request_id, exc_info=True)


def _drop_spooled_event(inv: Invocation) -> None:
    if inv.event_path:
        try:
            os.unlink(inv.event_path)
        except OSError:
            pass


def reap_idle_instances() -> int:
    """Stop this worker process's idle instances now (the pool also reaps on its own thread)."""
    return get_pool().reap()


__all__ = ["run_invocation", "build_spec", "reap_idle_instances"]
