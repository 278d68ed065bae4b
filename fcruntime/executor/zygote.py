"""Zygotes: pre-initialised fork servers so a cold start skips interpreter start-up.

One zygote per (isolation level, internet access). Under bwrap the zygote itself
runs in a sandbox (system read-only, no project files, network per flag) with
``<work_dir>/code`` and ``<work_dir>/layers`` bound read-only under ``/.fc``. Each
forked instance then unshares its own mount namespace, binds *its* code to /code
(and layers to /opt), mounts a private /tmp, hides /.fc (other functions' code),
remounts /proc with hidepid=2, applies rlimits and drops to its own uid -- all
before user code runs (see runtimes/fc_setup.py). Without bwrap the zygote runs
on the host and the same steps happen in the forked child.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import threading

from . import sandbox
from .instance import Launched, _debug_stderr, nspid_to_host


class Zygote:
    def __init__(self, workdir, level: str, internet: bool):
        self.level = level
        self.lock = threading.Lock()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = parent
        python = sandbox.interpreter(level)
        if level == "bwrap":
            argv = sandbox.bwrap_argv(
                python=python, runtime_dir=workdir.runtime_dir, internet=internet,
                binds=[(workdir.code_root, "/.fc/code"), (workdir.layers_root, "/.fc/layers")],
                tmpfs_tmp=True)
            script = os.path.join(sandbox.SANDBOX_RUNTIME_DIR, "zygote_server.py")
            python = sandbox.sandbox_python(python)[0]
        else:
            argv = []
            script = os.path.join(workdir.runtime_dir, "zygote_server.py")
        argv += [python, "-I", "-S", "-B", script, str(child.fileno())]
        self.popen = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=_debug_stderr(),
            env={"PATH": "/usr/bin:/bin"}, start_new_session=True, pass_fds=(child.fileno(),),
            cwd="/")
        child.close()
        self.sock.settimeout(15)
        hello = json.loads(self.sock.recv(256))
        self.host_pid = self.popen.pid
        if level == "bwrap":
            from .limits import tree_pids
            self.host_pid = nspid_to_host(tree_pids(self.popen.pid), hello["pid"]) or self.popen.pid
        self.sock.settimeout(10)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def child_pids(self) -> list[int]:
        try:
            with open(f"/proc/{self.host_pid}/task/{self.host_pid}/children") as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            from .limits import tree_pids
            return tree_pids(self.host_pid)

    def spawn(self) -> Launched:
        p_r, c_w = os.pipe()   # child -> parent
        c_r, p_w = os.pipe()   # parent -> child
        try:
            with self.lock:
                socket.send_fds(self.sock, [b"fork"], [c_r, c_w])
                reply = json.loads(self.sock.recv(256))
        except BaseException:
            for fd in (p_r, p_w):
                os.close(fd)
            raise
        finally:
            os.close(c_r)
            os.close(c_w)
        return Launched(pid=int(reply["pid"]), rfd=p_r, wfd=p_w, zygote=self)

    def stop(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            os.killpg(self.popen.pid, 9)
        except OSError:
            pass
        try:
            self.popen.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass


class Zygotes:
    """Lazily started zygotes keyed by (level, internet)."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.lock = threading.Lock()
        self.items: dict[tuple[str, bool], Zygote] = {}
        self.failed: set[tuple[str, bool]] = set()

    def get(self, level: str, internet: bool) -> Zygote | None:
        key = (level, bool(internet))
        with self.lock:
            z = self.items.get(key)
            if z is not None and z.alive():
                return z
            if key in self.failed:
                return None
            try:
                z = Zygote(self.workdir, level, internet)
            except Exception:  # noqa: BLE001 - callers fall back to direct spawn
                self.failed.add(key)
                return None
            self.items[key] = z
            return z

    def stop(self) -> None:
        with self.lock:
            for z in self.items.values():
                z.stop()
            self.items.clear()
