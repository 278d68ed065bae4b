"""Hostile functions through services.invoke and a REAL Celery worker: each is contained and the
worker process (and its pool) keeps serving the next invocation."""
from __future__ import annotations

import psutil
import pytest

from fcruntime import services
from tests.integration.conftest import start_worker, stop_worker
from tests.resilience import hostile
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = [pytest.mark.integration, pytest.mark.resilience]


@pytest.fixture
def worker(transactional_db):
    proc = start_worker(concurrency=1, queues="invocations", name="hostile")
    yield proc
    stop_worker(proc)


@pytest.fixture
def svc(transactional_db, make_user):
    account = make_user("mallory", "evilcorp", "admin").memberships.get().account
    return services.create_service(account, "hostile")


def _fn(svc, name, source, timeout):
    return services.create_function(svc, name, runtime="python3.9", handler="index.handler",
                                    code={"ZipFile": b64(make_zip({"index.py": source}))}, timeout=timeout)


def _tree_pids(proc) -> set[int]:
    try:
        return {proc.pid} | {c.pid for c in psutil.Process(proc.pid).children(recursive=True)}
    except psutil.Error:
        return set()


@pytest.mark.parametrize("name,source,timeout,expect", [
    ("fork1000", hostile.FORK_1000, 15, ("timed_out", "Function timed out after 15 seconds")),
    ("forkbomb", hostile.FORK_UNBOUNDED, 20, ("failed", "Resource temporarily unavailable")),
    ("disk10g", hostile.DISK_10G, 60, ("failed", "")),
    ("stdout1g", hostile.STDOUT_1G, 120, (None, "")),
])
def test_hostile_function_is_contained_and_worker_lives(worker, svc, name, source, timeout, expect):
    fn = _fn(svc, name, source, timeout)
    normal = _fn(svc, "normal", hostile.NORMAL, 5)
    assert services.invoke(normal, b"before").status == "succeeded"
    worker_pid = psutil.Process(worker.pid).children()[0].pid   # the prefork child that runs tasks

    inv = services.invoke(fn, b"")
    status, text = expect
    assert inv.is_terminal, inv.status
    if status:
        assert inv.status == status, (inv.status, inv.error_message)
    if name == "disk10g":
        assert ("No space left on device" in inv.error_message or "File too large" in inv.error_message), \
            inv.error_message
    if name == "stdout1g":
        assert inv.status in ("succeeded", "timed_out"), inv.error_message
        assert len(inv.logs) <= (1 << 20) + 8192
    if text:
        assert text in inv.error_message, inv.error_message
    # the worker process survived: same prefork child, and it serves the next call
    assert worker.poll() is None
    assert psutil.pid_exists(worker_pid)
    after = services.invoke(normal, b"after")
    assert after.status == "succeeded" and bytes(after.result) == b"alive:after", after.error_message
    assert psutil.Process(worker.pid).children()[0].pid == worker_pid
