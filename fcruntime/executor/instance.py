"""One warm instance: a sandboxed child process speaking the frame protocol."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field

from . import limits, sandbox
from .runtimes.fc_setup import Channel
from .spec import FunctionSpec, InvokeResult, runtime_family
from .workdir import TreeLeases

UNHANDLED = "UnhandledInvocationError"
HANDLED = "HandledInvocationError"


class InstanceStartError(RuntimeError):
    pass


@dataclass
class _Waiter:
    event: threading.Event = field(default_factory=threading.Event)
    head: dict | None = None
    body: bytes = b""
    exited: bool = False
    logs: str | None = None


@dataclass
class Launched:
    pid: int                       # host pid to signal (bootstrap or its sandbox root)
    rfd: int
    wfd: int
    popen: subprocess.Popen | None = None
    zygote: object | None = None


def nspid_to_host(candidates: list[int], nspid: int) -> int | None:
    for pid in candidates:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("NSpid:"):
                        if int(line.split()[-1]) == nspid:
                            return pid
                        break
        except (OSError, ValueError):
            continue
    return None


class Instance:
    def __init__(self, spec: FunctionSpec, workdir, uid: int | None, zygotes=None):
        self.spec = spec
        self.key = spec.instance_key
        self.id = "c-" + uuid.uuid4().hex[:24]
        self.family = runtime_family(spec.runtime)
        self.workdir = workdir
        self.uid = uid
        self.zygotes = zygotes
        self.level = sandbox.isolation_level()
        self.in_flight = 0
        self.invocations = 0
        self.last_used = time.monotonic()
        self.provisioned = False
        self.dead = False
        self.initialized = spec.initializer is None
        self.init_lock = threading.Lock()
        self.ready = threading.Event()
        self.start_error: str | None = None
        self.pending: dict[str, _Waiter] = {}
        self.bootstrap_pid = 0
        self.launched: Launched | None = None
        self.chan: Channel | None = None
        self.cold_start_ms = 0.0
        self.leases = TreeLeases()  # its code and layer trees: kept from the collector until kill()

    # -- start -------------------------------------------------------------------------
    def _init_message(self, code_dir: str, code_rel: str, opt_dir: str | None,
                      opt_rel: str | None, via_zygote: bool) -> dict:
        spec = self.spec
        level = self.level
        inside_code = "/code" if level == "bwrap" else code_dir
        inside_opt = "/opt" if level == "bwrap" else (opt_dir or "/opt")
        env = limits.function_env(spec, self.id, inside_code)
        runtime_dir = sandbox.SANDBOX_RUNTIME_DIR if level == "bwrap" else self.workdir.runtime_dir
        if level == "bwrap" and via_zygote:
            mounts = sandbox.zygote_mounts(code_rel, opt_rel)
        elif level == "user":
            mounts = sandbox.user_mounts([code_dir, opt_dir, self.workdir.runtime_dir])
        else:
            mounts = []
        init = {
            "op": "init", "runtime": spec.runtime, "family": self.family,
            "code_dir": inside_code, "opt_dir": inside_opt, "cwd": inside_code,
            "env": env, "rlimits": limits.rlimits(spec, self.family), "mounts": mounts,
            "uid": self.uid, "gid": self.uid, "pdeathsig": not via_zygote,
            "meta": self._meta(),
            "start_timeout": max(float(spec.initialization_timeout_s), float(spec.timeout_s), 5.0),
        }
        if self.family == "node":
            init["node"] = sandbox.node_path()
            init["node_args"] = [f"--max-old-space-size={spec.memory_mb}"]
            init["node_bootstrap"] = os.path.join(runtime_dir, "node_bootstrap.js")
        return init

    def _meta(self) -> dict:
        s = self.spec
        return {"function_name": s.function_name, "handler": s.handler, "memory": s.memory_mb,
                "timeout": s.timeout_s, "service_name": s.service_name,
                "log_project": s.log_project, "log_store": s.log_store,
                "qualifier": s.qualifier or "LATEST", "version_id": s.version_id,
                "region": s.region, "account_id": s.account_id,
                "credentials": dict(s.credentials or {}), "instance_id": self.id,
                "initializer": s.initializer or "", "ca_port": s.ca_port}

    def _spawn_direct(self, code_dir: str, opt_dir: str | None) -> Launched:
        python = sandbox.interpreter(self.level)
        if self.level == "bwrap":
            binds = [(code_dir, "/code")] + ([(opt_dir, "/opt")] if opt_dir else [])
            argv = sandbox.bwrap_argv(python=python, runtime_dir=self.workdir.runtime_dir,
                                      internet=self.spec.internet_access, binds=binds)
            script = os.path.join(sandbox.SANDBOX_RUNTIME_DIR, "python_bootstrap.py")
            python = sandbox.sandbox_python(python)[0]
        else:
            argv = []
            script = os.path.join(self.workdir.runtime_dir, "python_bootstrap.py")
        argv += [python, "-I", "-S", "-B", script]
        popen = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=_debug_stderr(), env={"PATH": "/usr/bin:/bin"},
                                 start_new_session=True, close_fds=True, cwd="/")
        return Launched(popen.pid, popen.stdout.fileno(), popen.stdin.fileno(), popen=popen)

    def start(self) -> None:
        t0 = time.perf_counter()
        try:
            if self.family == "node" and not sandbox.node_available():
                raise InstanceStartError(
                    f"Runtime {self.spec.runtime} needs the 'node' executable, which was not "
                    "found on this host (install Node.js)")
            code_dir, code_rel = self.workdir.code(self.spec.code_zip, self.spec.code_checksum,
                                                   leases=self.leases)
            opt_dir, opt_rel = self.workdir.layers(tuple(self.spec.layers), leases=self.leases)
            zyg = None
            if self.zygotes is not None:
                zyg = self.zygotes.get(self.level, self.spec.internet_access)
            launched = None
            if zyg is not None:
                try:
                    launched = zyg.spawn()
                except Exception:  # noqa: BLE001 - fall back to a direct spawn
                    launched = None
            via_zygote = launched is not None
            if launched is None:
                launched = self._spawn_direct(code_dir, opt_dir)
            self.launched = launched
            self.chan = Channel(launched.rfd, launched.wfd)
            self.chan.send(self._init_message(code_dir, code_rel, opt_dir, opt_rel, via_zygote))
            msg = self._read_with_timeout(self.start_timeout())
            if msg is None:
                raise InstanceStartError("instance exited during start")
            head, _ = msg
            if head.get("op") != "ready":
                raise InstanceStartError(head.get("message") or f"unexpected {head}")
            nspid = int(head.get("pid") or 0)
            if via_zygote:
                host = nspid_to_host(launched.zygote.child_pids(), nspid)
                self.bootstrap_pid = host or launched.pid
            elif self.level == "bwrap":
                self.bootstrap_pid = nspid_to_host(limits.tree_pids(launched.pid), nspid) or launched.pid
            else:
                self.bootstrap_pid = launched.pid
        except BaseException as exc:
            self.start_error = str(exc) or type(exc).__name__
            self.kill()
            self.ready.set()
            raise InstanceStartError(self.start_error) from None
        self.cold_start_ms = (time.perf_counter() - t0) * 1000
        threading.Thread(target=self._reader, daemon=True, name=f"fc-{self.id}").start()
        self.ready.set()

    def start_timeout(self) -> float:
        base = 15.0
        if self.family == "custom":
            base += float(self.spec.initialization_timeout_s or 0) + float(self.spec.timeout_s)
        return base

    def _read_with_timeout(self, timeout: float):
        box: list = []
        t = threading.Thread(target=lambda: box.append(self.chan.read()), daemon=True)
        t.start()
        t.join(timeout)
        if t.is_alive():
            raise InstanceStartError(f"instance did not become ready within {timeout:.0f}s")
        return box[0]

    # -- reader ------------------------------------------------------------------------
    def _reader(self) -> None:
        chan = self.chan
        while True:
            try:
                msg = chan.read()
            except (OSError, ValueError):
                msg = None
            if msg is None:
                break
            head, body = msg
            op = head.get("op")
            if op == "result":
                w = self.pending.get(head.get("request_id"))
                if w is not None:
                    w.head, w.body = head, body
                    w.event.set()
            elif op == "dump":
                for rid, text in (head.get("logs") or {}).items():
                    if rid in self.pending:
                        self.pending[rid].logs = text
            elif op == "exit":
                w = self.pending.get(head.get("request_id"))
                if w is not None:
                    w.logs = head.get("logs")
        self.dead = True
        for w in list(self.pending.values()):
            if not w.event.is_set():
                w.exited = True
                w.event.set()

    # -- invoke ------------------------------------------------------------------------
    def call(self, head: dict, body: bytes, timeout: float) -> tuple[_Waiter, bool, float]:
        """Send one request; returns (waiter, timed_out, elapsed_ms)."""
        rid = head["request_id"]
        w = _Waiter()
        self.pending[rid] = w
        t0 = time.perf_counter()
        try:
            self.chan.send(head, body)
        except OSError:
            w.exited = True
            w.event.set()
        timed_out = not self._wait(w, timeout)
        elapsed = (time.perf_counter() - t0) * 1000
        if not timed_out:
            self.pending.pop(rid, None)
        return w, timed_out, elapsed

    def _wait(self, w: _Waiter, timeout: float) -> bool:
        if self.family == "python":
            return w.event.wait(timeout)
        # node/custom: no RLIMIT_AS, watch the resident size instead
        deadline = time.monotonic() + timeout
        cap = self.spec.memory_mb + limits.HEADROOM_MB
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if w.event.wait(min(0.1, left)):
                return True
            if limits.rss_mb(self.bootstrap_pid) > cap:
                self.kill()
                w.event.wait(1.0)
                w.exited = True
                w.event.set()
                return True

    def peak_mb(self) -> float:
        return limits.peak_mb(self.bootstrap_pid) if self.bootstrap_pid else 0.0

    def terminate_for_timeout(self, grace: float = 0.3) -> None:
        """SIGTERM (the runtime dumps logs + stacks), then kill."""
        pid = self.bootstrap_pid
        if pid and not self.dead:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
            end = time.monotonic() + grace
            while time.monotonic() < end and not self.dead:
                time.sleep(0.01)
        self.kill()

    def kill(self) -> None:
        self.dead = True
        launched = self.launched
        for pid in {self.bootstrap_pid, launched.pid if launched else 0}:
            if pid:
                for fn in (lambda: os.killpg(pid, signal.SIGKILL),
                           lambda: os.kill(pid, signal.SIGKILL)):
                    try:
                        fn()
                    except OSError:
                        pass
        if self.uid is not None and os.geteuid() == 0:
            _kill_uid(self.uid)
        if launched is not None:
            if launched.popen is not None:
                try:
                    launched.popen.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
                for f in (launched.popen.stdin, launched.popen.stdout):
                    try:
                        f.close()
                    except OSError:
                        pass
            else:
                for fd in (launched.rfd, launched.wfd):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            self.launched = None
        self.leases.release()

    def close(self) -> None:
        if self.chan is not None and not self.dead:
            try:
                self.chan.send({"op": "exit"}, timeout=0.1)
            except OSError:
                pass
        self.kill()


def _kill_uid(uid: int) -> None:
    """Processes a function left behind (even after setsid) all run as its uid."""
    try:
        import psutil
        for proc in psutil.process_iter(["uids"]):
            uids = proc.info.get("uids")
            if uids and uids.real == uid:
                try:
                    proc.kill()
                except psutil.Error:
                    pass
    except Exception:  # noqa: BLE001
        pass


def build_result(inst: Instance, rid: str, w: _Waiter, timed_out: bool, elapsed_ms: float,
                 cold: bool, timeout_s: float) -> InvokeResult:
    res = InvokeResult(request_id=rid, ok=False, cold_start=cold, instance_id=inst.id,
                       duration_ms=round(elapsed_ms, 3), billed_ms=limits.billed_ms(elapsed_ms))
    if timed_out or w.exited:
        mem = inst.peak_mb()
        if timed_out:
            inst.terminate_for_timeout()
            inst.pending.pop(rid, None)
            msg = limits.timeout_message(timeout_s, mem)
        else:
            inst.kill()
            msg = limits.crash_message(elapsed_ms, mem)
        logs = w.logs if w.logs is not None else f"FC Invoke Start RequestId: {rid}\n"
        logs += f"FC Invoke End RequestId: {rid}, Error: {msg}\n"
        res.error_type = UNHANDLED
        res.error = {"errorMessage": msg}
        res.payload = ('{"errorMessage": "%s"}' % msg).encode()
        res.logs = logs[-limits.LOG_CAP_BYTES:]
        res.max_memory_mb = round(mem, 2)
        return res
    head = w.head or {}
    res.logs = (head.get("logs") or "")[: limits.LOG_CAP_BYTES + 200]
    res.max_memory_mb = round((head.get("maxrss_kb") or 0) / 1024.0, 2) or round(inst.peak_mb(), 2)
    res.http_status = head.get("http_status")
    res.http_headers = head.get("http_headers")
    if head.get("ok"):
        res.ok = True
        res.payload = w.body
        if len(w.body) > limits.MAX_RESULT_BYTES:
            res.ok = False
            res.error_type = UNHANDLED
            res.error = {"errorMessage": f"Function result size {len(w.body)} bytes exceeds the "
                                         f"32 MB limit for synchronous invocation",
                         "errorType": "ResultTooLarge", "stackTrace": []}
            res.payload = limits_json(res.error)
        return res
    res.error = head.get("error") or {}
    res.error_type = head.get("error_type") or UNHANDLED
    res.payload = w.body or limits_json(res.error)
    return res


def limits_json(err: dict) -> bytes:
    import json
    return json.dumps(err, indent=4, sort_keys=True).encode()


def _debug_stderr():
    """Instance stderr before the bootstrap captures it: shown with ROSCONSOLE_FC_DEBUG=1."""
    return None if os.environ.get("ROSCONSOLE_FC_DEBUG") == "1" else subprocess.DEVNULL
