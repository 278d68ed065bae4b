"""Integration fixtures: a real Celery worker process against the session's Redis and test database.

Never eager mode. Tests that use `celery_worker` must also use `transactional_db`, so the rows
they write are committed and visible to the worker.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.conftest import repo_root
from tests.processes import die_with_parent


def _worker_env() -> dict:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"
    env["ROSCONSOLE_TEST_DB"] = connection.settings_dict["NAME"]
    env["PYTHONPATH"] = str(repo_root())
    return env


def start_worker(concurrency: int = 2, queues: str = "stacks,invocations", name: str = "test") -> subprocess.Popen:
    cmd = [sys.executable, "-m", "celery", "-A", "rosconsole", "worker", "-Q", queues,
           "--concurrency", str(concurrency), "--loglevel", "WARNING", "-n", f"{name}-{os.getpid()}@%h",
           "--without-gossip", "--without-mingle", "--without-heartbeat"]
    proc = subprocess.Popen(cmd, cwd=repo_root(), env=_worker_env(), start_new_session=True,
                            preexec_fn=die_with_parent)
    from rosconsole.celery import app

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"celery worker exited with {proc.returncode}")
        replies = app.control.ping(timeout=0.5) or []
        if any(f"{name}-{os.getpid()}@" in n for r in replies for n in r):
            return proc
    stop_worker(proc)
    raise RuntimeError("celery worker did not answer a ping within 30 s")


def stop_worker(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def celery_worker(transactional_db):
    proc = start_worker()
    yield proc
    stop_worker(proc)
