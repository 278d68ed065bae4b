"""invoke(): the one way to run a function. The web/CLI/provider side only queues and waits.

Function code never runs in the calling process: the Invocation row is written, the task
`fcruntime.invoke_function` (queue `invocations`) is sent with its id, and a sync caller blocks on
a Redis list the worker pushes to once the row is final (BLPOP; the database stays the truth).
"""
from __future__ import annotations

import base64
import os

from django.db import connection, transaction

from fcruntime import blobstore, errors
from fcruntime.models import Function, Invocation, InvocationStatus
from fcruntime.services import completion
from fcruntime.services.completion import done_key
from fcruntime.services.versions import resolve

SYNC_PAYLOAD_LIMIT = 32 * 1024 * 1024
ASYNC_PAYLOAD_LIMIT = 128 * 1024
EVENT_CAP = 64 * 1024
WAIT_MARGIN_S = float(os.environ.get("ROSCONSOLE_FC_WAIT_MARGIN_SECONDS", "30"))
DEFAULT_ASYNC_RETRIES = 3
TASK_NAME = "fcruntime.invoke_function"


def _send(invocation_id: int, countdown: float = 0.0) -> None:
    from rosconsole.celery import app

    # ignore_result: the task stores none (the row and the completion list carry the outcome); without it
    # send_task subscribes the sender to a result channel per call (a new Redis connection, and
    # subscriptions that pile up in a web process).
    app.send_task(TASK_NAME, args=[invocation_id], queue="invocations", countdown=countdown or None,
                  ignore_result=True)


def _store_event(inv: Invocation, payload: bytes) -> None:
    inv.event_size = len(payload)
    inv.event = payload[:EVENT_CAP]
    if len(payload) > EVENT_CAP:
        path = blobstore.spool_dir() / f"{inv.request_id}.event"
        path.write_bytes(payload)
        inv.event_path = str(path)


def full_event(inv: Invocation) -> bytes:
    if inv.event_path:
        with open(inv.event_path, "rb") as f:
            return f.read()
    return bytes(inv.event)


def _max_attempts(cfg_async: dict, async_: bool) -> int:
    if not async_:
        return 1
    retries = cfg_async.get("MaxAsyncRetryAttempts", DEFAULT_ASYNC_RETRIES)
    return 1 + int(DEFAULT_ASYNC_RETRIES if retries is None else retries)


def start_invocation(fn: Function, payload: bytes | str, *, qualifier: str | None = "LATEST",
                     async_: bool = False, source: str = "api", request_id: str | None = None,
                     http: dict | None = None) -> Invocation:
    """Write the Invocation row and queue it (after commit). Returns at once, in either mode.

    `http` (HTTP triggers): the request line and headers without the body (`payload` is the body),
    as the executor takes it: {"method", "path", "query", "headers", "client_ip", "request_uri"}.
    """
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    payload = bytes(payload or b"")
    limit = ASYNC_PAYLOAD_LIMIT if async_ else SYNC_PAYLOAD_LIMIT
    if len(payload) > limit:
        raise errors.EntityTooLarge.for_limit(limit)
    qualifier = qualifier or "LATEST"
    cfg = resolve(fn, qualifier)  # raises VersionNotFound / AliasNotFound / FunctionNotFound now
    inv = Invocation(account=fn.service.account, function=fn, service_name=fn.service.name, function_name=fn.name,
                     qualifier=qualifier, version_id=cfg.version_id, source=source[:160],
                     invocation_type="Async" if async_ else "Sync", code_checksum=cfg.code_checksum,
                     max_attempts=_max_attempts(cfg.async_configuration or {}, async_))
    if http is not None:
        inv.http = {"request": {k: v for k, v in http.items() if k != "body"}}
    if request_id:
        inv.request_id = request_id
    _store_event(inv, payload)
    inv.save()
    transaction.on_commit(lambda: _send(inv.pk))
    return inv


def wait(inv: Invocation, timeout_s: float) -> Invocation:
    """Block until the worker finished `inv` (or timeout_s passed); return it with its final values."""
    if inv.is_terminal:
        return inv
    return finish_wait(inv, completion.wait_message(inv.request_id, timeout_s), timeout_s)


def finish_wait(inv: Invocation, message: bytes | None, timeout_s: float) -> Invocation:
    """Apply the worker's completion message, or read the row when there was none (the DB is the truth)."""
    if completion.apply(inv, message):
        return inv
    inv.refresh_from_db()
    if not inv.is_terminal:
        raise errors.InvocationTimeout(
            f"invocation {inv.request_id} did not finish within {timeout_s:.0f} s (status {inv.status}); "
            "is a worker consuming the 'invocations' queue?")
    return inv


def sync_timeout(fn: Function) -> float:
    """How long a synchronous caller waits: the function's own limits plus a margin for queueing."""
    return fn.timeout + (fn.initialization_timeout if fn.initializer else 0) + WAIT_MARGIN_S


def with_log_result(inv: Invocation, log_type: str | None) -> Invocation:
    if (log_type or "").lower() == "tail":
        inv.log_result = base64.b64encode(inv.log_tail.encode("utf-8")).decode("ascii")
    return inv


def invoke(fn: Function, payload: bytes | str, qualifier: str | None = "LATEST", async_: bool = False,
           source: str = "api", log_type: str | None = None, http: dict | None = None) -> Invocation:
    """Run `fn` through the invocations queue. Sync: wait and return the finished row; async: return queued.

    With log_type="Tail" the returned row carries `log_result` (base64 of the last 4 KB of its log),
    what the API returns as X-Fc-Log-Result.
    """
    if not async_ and connection.in_atomic_block:
        raise RuntimeError("a synchronous invoke cannot run inside a transaction: the worker could not see the row")
    inv = start_invocation(fn, payload, qualifier=qualifier, async_=async_, source=source, http=http)
    if async_:
        return inv
    return with_log_result(wait(inv, sync_timeout(fn)), log_type)


def payload_of(inv: Invocation) -> bytes:
    """The bytes an API caller receives: the result, or the error JSON (read back from the spool if large)."""
    data = bytes(inv.result)
    if inv.result_size > len(data):
        try:
            return (blobstore.spool_dir() / f"{inv.request_id}.result").read_bytes()
        except OSError:
            pass
    return data


def get_invocation(account, request_id: str) -> Invocation:
    inv = Invocation.objects.filter(account=account, request_id=request_id).first()
    if inv is None:
        raise errors.InvocationNotFound(request_id)
    return inv


def list_invocations(fn: Function, limit: int = 50) -> list[Invocation]:
    return list(Invocation.objects.filter(function=fn).order_by("-created_at")[:limit])


__all__ = ["invoke", "start_invocation", "wait", "finish_wait", "sync_timeout", "with_log_result", "full_event", "payload_of", "get_invocation",
           "list_invocations", "done_key", "InvocationStatus"]
