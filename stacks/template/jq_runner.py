"""Run a jq program in a forked child with a time and memory bound.

The `jq` package evaluates in C and cannot be interrupted, so a hostile program such as
`[range(1e9)]` would otherwise hang the web or worker process. The child computes the results,
writes them as JSON to a pipe and exits; the parent kills it when the deadline passes.
"""
from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
from typing import Any

JQ_TIMEOUT_S = 2.0
JQ_MEMORY_BYTES = 512 * 1024 * 1024
JQ_MAX_OUTPUT_BYTES = 16 * 1024 * 1024


class JqError(Exception):
    """The program failed, timed out or produced too much output; the message says which."""


def _child(write_fd: int, script: str, data: Any) -> None:
    status = 0
    try:
        import faulthandler

        faulthandler.disable()  # a program that exhausts the memory bound may abort; that is the expected end
        resource.setrlimit(resource.RLIMIT_AS, (JQ_MEMORY_BYTES, JQ_MEMORY_BYTES))
        import jq

        try:
            payload = {"ok": jq.compile(script).input_value(data).all()}
        except ValueError as exc:
            payload = {"error": str(exc).splitlines()[0] if str(exc) else "jq failed"}
        except MemoryError:
            payload = {"error": "jq ran out of memory"}
        body = json.dumps(payload).encode()
        if len(body) > JQ_MAX_OUTPUT_BYTES:
            body = json.dumps({"error": "jq output is larger than 16 MiB"}).encode()
        view = memoryview(body)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # the child must never return into the parent's code
        status = 1
    finally:
        os._exit(status)


def run_jq(script: str, data: Any, timeout_s: float = JQ_TIMEOUT_S) -> list:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_fd)
        _child(write_fd, script, data)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                raise JqError(f"jq program did not finish within {timeout_s:g} s")
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
    if not chunks:
        raise JqError("jq program crashed (out of memory?)")
    payload = json.loads(b"".join(chunks))
    if "error" in payload:
        raise JqError(payload["error"])
    return payload["ok"]
