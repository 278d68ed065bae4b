"""`make run` (rosconsole.launcher) on an empty data dir serves, and a SIGTERM to the launcher stops
everything it started: honcho, web, worker, scheduler and the embedded Redis."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import repo_root
from tests.integration.triggers_helpers import free_port
from tests.processes import die_with_parent

pytestmark = pytest.mark.integration


def descendants(root: int) -> dict[int, str]:
    """pid -> command line of every process below `root` (honcho puts each process in its own session)."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,args="], capture_output=True, text=True, check=True).stdout
    children: dict[int, list[int]] = {}
    args: dict[int, str] = {}
    for line in out.splitlines():
        pid, ppid, cmd = (line.strip().split(None, 2) + [""])[:3]
        children.setdefault(int(ppid), []).append(int(pid))
        args[int(pid)] = cmd
    found, todo = {}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = args[child]
            todo.append(child)
    return found


def alive(pids) -> list[int]:
    living = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] != "Z":
                    living.append(pid)
        except OSError:
            pass
    return living


def test_sigterm_to_the_launcher_stops_every_process_it_started(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(ROSCONSOLE_DATA_DIR=str(tmp_path / "data"), PORT=str(port), LOG_LEVEL="WARNING")
    launcher = subprocess.Popen([sys.executable, "-m", "rosconsole.launcher"], cwd=repo_root(), env=env,
                                start_new_session=True, stdout=open(tmp_path / "launcher.log", "wb"), stderr=subprocess.STDOUT,
                                preexec_fn=die_with_parent)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
                break
            except OSError:
                assert launcher.poll() is None, f"the launcher exited with {launcher.returncode}"
                assert time.monotonic() < deadline, "make run did not serve within 120 s"
                time.sleep(0.5)
        log = tmp_path / "launcher.log"
        while log.read_text(errors="replace").count(" started (pid=") < 3:  # honcho knows every pid
            assert time.monotonic() < deadline, "honcho did not start its three processes"
            time.sleep(0.2)
        started = descendants(launcher.pid)
        commands = " ".join(started.values())
        for name in ("honcho", "uvicorn", "celery -A rosconsole worker", "celery -A rosconsole beat", "redis-server"):
            assert name in commands, f"{name} is not running: {commands}"

        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=60)
        deadline = time.monotonic() + 30
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not alive(started), f"processes outlived the launcher: {[started[p] for p in alive(started)]}"
    finally:
        leftovers = alive(descendants(launcher.pid)) + alive(locals().get("started", {}))
        if launcher.poll() is None:
            leftovers.append(launcher.pid)
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
