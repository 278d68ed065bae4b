"""Helpers for the benchmarks that run a real uvicorn and/or a real Celery worker (127.0.0.1 only).

Import after Django is set up. Every wait is bounded by a deadline; every process is started in its
own session and stopped by its process group (never by name).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float | None:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 3) if s else None


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": pct(values, 0.5), "p90_ms": pct(values, 0.9), "p99_ms": pct(values, 0.99),
            "max_ms": round(max(values), 3) if values else None}


def child_env(**extra: str) -> dict:
    from django.db import connection

    return dict(os.environ, PYTHONPATH=ROOT, ROSCONSOLE_TEST_DB=str(connection.settings_dict["NAME"]), **extra)


def start(cmd: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env or child_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_uvicorn(port: int, app: str = "rosconsole.asgi:application", app_dir: str | None = None,
                  env: dict | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
           "--no-access-log", "--log-level", "warning"]
    if app_dir:
        cmd += ["--app-dir", app_dir]
    return start(cmd, env)


def start_worker(name: str, queues: str = "stacks,invocations", concurrency: int = 2,
                 env: dict | None = None) -> subprocess.Popen:
    return start([sys.executable, "-m", "celery", "-A", "rosconsole", "worker", "-Q", queues, "--concurrency",
                  str(concurrency), "--loglevel", "WARNING", "-n", f"{name}@%h", "--without-gossip",
                  "--without-mingle", "--without-heartbeat"], env)


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


def wait_http(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[:4]} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def wait_worker(name: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    from rosconsole.celery import app

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"worker exited with {proc.returncode}")
        if any(name in n for r in (app.control.ping(timeout=0.5) or []) for n in r):
            return
    raise SystemExit(f"worker did not answer a ping within {seconds} s")
