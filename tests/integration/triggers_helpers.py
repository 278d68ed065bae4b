"""Shared by the live tests (integration and browser): a uvicorn subprocess on the test database, polling."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Callable

from django.db import connection

from tests.conftest import repo_root
from tests.processes import die_with_parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_uvicorn(extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """`extra_env` is added to the server's environment (e.g. a setting read from it)."""
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="rosconsole.settings_test",
               ROSCONSOLE_TEST_DB=connection.settings_dict["NAME"], PYTHONPATH=str(repo_root()),
               ROSCONSOLE_PUBLIC_URL=f"http://127.0.0.1:{port}", **(extra_env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "rosconsole.asgi:application", "--host", "127.0.0.1",
                             "--port", str(port), "--lifespan", "off", "--no-access-log", "--log-level", "warning"],
                            cwd=repo_root(), env=env, start_new_session=True,
                            preexec_fn=die_with_parent)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)  # up, worker or not
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop(proc)
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def wait_for(predicate: Callable[[], object], timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)
