"""InstancePool: warm instances keyed by FunctionSpec.instance_key."""
from __future__ import annotations

import atexit
import os
import threading
import time

from . import sandbox
from .uids import UidLeases
from .instance import UNHANDLED, Instance, InstanceStartError, build_result
from .spec import FunctionSpec, InvokeResult, UnsupportedRuntime, check_runtime
from .workdir import WorkDir
from .zygote import Zygotes

DEFAULT_IDLE_SECONDS = 300.0
MAX_INVOCATIONS_PER_INSTANCE = 100_000


def _env_idle() -> float:
    try:
        return float(os.environ.get("ROSCONSOLE_FC_IDLE_SECONDS", DEFAULT_IDLE_SECONDS))
    except ValueError:
        return DEFAULT_IDLE_SECONDS


class InstancePool:
    def __init__(self, idle_seconds: float | None = None, work_dir: str | None = None,
                 use_zygote: bool | None = None, max_instances: int = 256):
        self.idle_seconds = float(idle_seconds if idle_seconds is not None else _env_idle())
        self.workdir = WorkDir(work_dir)
        if use_zygote is None:
            use_zygote = os.environ.get("ROSCONSOLE_FC_ZYGOTE", "1") != "0"
        self.zygotes = Zygotes(self.workdir) if use_zygote else None
        self.max_instances = max_instances
        self.lock = threading.Lock()
        self.instances: dict[str, list[Instance]] = {}
        self._uids = UidLeases(sandbox.UID_BASE, sandbox.UID_SPAN)
        self._closed = False
        self._reaper: threading.Thread | None = None
        self._wake = threading.Event()

    # -- instance management ------------------------------------------------------
    def _next_uid(self) -> int | None:
        if os.geteuid() != 0:
            return None
        return self._uids.acquire()

    def _acquire(self, spec: FunctionSpec) -> tuple[Instance, bool]:
        """Reserve a slot on a warm instance, or create one (cold)."""
        with self.lock:
            if self._closed:
                raise RuntimeError("instance pool is shut down")
            items = self.instances.setdefault(spec.instance_key, [])
            items[:] = [i for i in items if not i.dead]
            conc = max(1, int(spec.instance_concurrency or 1))
            for inst in items:
                if inst.in_flight < conc and inst.invocations < MAX_INVOCATIONS_PER_INSTANCE:
                    inst.in_flight += 1
                    return inst, False
            inst = Instance(spec, self.workdir, self._next_uid(), self.zygotes)
            inst.in_flight = 1
            items.append(inst)
        self._ensure_reaper()
        return inst, True

    def _release(self, inst: Instance) -> None:
        with self.lock:
            inst.in_flight -= 1
            inst.invocations += 1
            inst.last_used = time.monotonic()
            dead = inst.dead
            if dead:
                self._forget(inst)
        if dead:
            self._retire([inst])

    def _forget(self, inst: Instance) -> None:
        items = self.instances.get(inst.key, [])
        if inst in items:
            items.remove(inst)

    def _retire(self, victims: list[Instance]) -> None:
        """Kill the instances, then give back their uids: never the other way round, or another
        pool could lease a uid whose leftover processes this pool is about to kill."""
        for i in victims:
            i.close()
            if i.uid is not None:
                self._uids.release(i.uid)

    def _start(self, inst: Instance, created: bool) -> None:
        if created:
            inst.start()
        else:
            inst.ready.wait()
            if inst.start_error:
                raise InstanceStartError(inst.start_error)

    # -- public API -----------------------------------------------------------------
    def invoke(self, spec: FunctionSpec, event: bytes, request_id: str, http: dict | None = None,
               retry_count: int = 0) -> InvokeResult:
        try:
            check_runtime(spec.runtime)
        except UnsupportedRuntime as exc:
            return _error_result(request_id, exc.message, "UnsupportedRuntime")
        if isinstance(event, str):
            event = event.encode("utf-8")
        t0 = time.perf_counter()
        inst, created = self._acquire(spec)
        try:
            try:
                self._start(inst, created)
            except InstanceStartError as exc:
                inst.dead = True
                return _error_result(request_id, f"Function instance failed to start: {exc}",
                                     "InstanceStartError", cold=True)
            init_logs = ""
            if not inst.initialized:
                failed, init_logs = self._initialize(inst, request_id)
                if failed is not None:
                    failed.cold_start = created
                    return failed
            head = {"op": "invoke", "request_id": request_id, "handler": spec.handler,
                    "meta": {"retry_count": retry_count}}
            body = bytes(event or b"")
            if http is not None:
                http = dict(http)
                body = bytes(http.pop("body", b"") or b"")
                head["http"] = http
            w, timed_out, elapsed = inst.call(head, body, float(spec.timeout_s))
            res = build_result(inst, request_id, w, timed_out, elapsed, created, spec.timeout_s)
            if init_logs:
                res.logs = init_logs + res.logs
            if created and inst.cold_start_ms:
                res.duration_ms = round(res.duration_ms, 3)
            return res
        finally:
            self._release(inst)
            _ = t0

    def _initialize(self, inst: Instance, request_id: str) -> tuple[InvokeResult | None, str]:
        with inst.init_lock:
            if inst.initialized:
                return None, ""
            spec = inst.spec
            head = {"op": "invoke", "kind": "initialize", "request_id": request_id,
                    "handler": spec.initializer, "meta": {}}
            w, timed_out, elapsed = inst.call(head, b"", float(spec.initialization_timeout_s))
            res = build_result(inst, request_id, w, timed_out, elapsed, True,
                               spec.initialization_timeout_s)
            if res.ok:
                inst.initialized = True
                return None, res.logs
            inst.kill()
            if res.error is not None and timed_out:
                res.error["errorMessage"] = res.error["errorMessage"].replace(
                    "Function timed out", "Function initialization timed out")
            res.error_type = UNHANDLED
            return res, ""

    def prewarm(self, spec: FunctionSpec, n: int) -> int:
        """Bring provisioned (never reaped) instances for ``spec`` to ``n``; returns how many run.
        Instances above a lowered target become on-demand ones and are reaped when idle."""
        check_runtime(spec.runtime)
        started = 0
        with self.lock:
            items = [i for i in self.instances.get(spec.instance_key, []) if not i.dead]
            prov = [i for i in items if i.provisioned]
            for extra in prov[max(0, n):]:  # target lowered: extras become on-demand
                extra.provisioned = False
            have = min(len(prov), max(0, n))
        for _ in range(max(0, n - have)):
            with self.lock:
                inst = Instance(spec, self.workdir, self._next_uid(), self.zygotes)
                inst.provisioned = True
                inst.in_flight = 1
                self.instances.setdefault(spec.instance_key, []).append(inst)
            try:
                inst.start()
                if not inst.initialized:
                    self._initialize(inst, "prewarm-" + inst.id)
                started += 1
            except InstanceStartError:
                inst.dead = True
            finally:
                self._release(inst)
                with self.lock:
                    inst.invocations = 0
        self._ensure_reaper()
        return have + started

    def stats(self) -> dict:
        with self.lock:
            return {key: [{"id": i.id, "in_flight": i.in_flight, "invocations": i.invocations,
                           "provisioned": i.provisioned, "dead": i.dead} for i in items]
                    for key, items in self.instances.items() if items}

    def evict(self, key_prefix: str) -> int:
        """Stop every instance whose key starts with ``key_prefix`` (e.g. a function id)."""
        with self.lock:
            victims = [i for k, items in self.instances.items() if k.startswith(key_prefix)
                       for i in items]
            for i in victims:
                self._forget(i)
        self._retire(victims)
        return len(victims)

    def reap(self, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self.lock:
            victims = [i for items in self.instances.values() for i in items
                       if i.dead or (i.in_flight == 0 and not i.provisioned
                                     and now - i.last_used >= self.idle_seconds)]
            for i in victims:
                self._forget(i)
        self._retire(victims)
        return len(victims)

    def _ensure_reaper(self) -> None:
        if self._reaper is None or not self._reaper.is_alive():
            self._reaper = threading.Thread(target=self._reap_loop, daemon=True,
                                            name="fc-pool-reaper")
            self._reaper.start()

    def _reap_loop(self) -> None:
        interval = max(0.05, min(self.idle_seconds / 4.0, 5.0))
        while not self._closed:
            self._wake.wait(interval)
            if self._closed:
                return
            self.reap()

    def shutdown(self) -> None:
        with self.lock:
            self._closed = True
            victims = [i for items in self.instances.values() for i in items]
            self.instances.clear()
        self._wake.set()
        self._retire(victims)
        self._uids.release_all()
        if self.zygotes is not None:
            self.zygotes.stop()


def _error_result(request_id: str, message: str, error_type: str, cold: bool = False) -> InvokeResult:
    import json
    err = {"errorMessage": message, "errorType": error_type, "stackTrace": []}
    return InvokeResult(request_id=request_id, ok=False, payload=json.dumps(err).encode(),
                        error_type=UNHANDLED, error=err, cold_start=cold,
                        logs=f"FC Invoke Start RequestId: {request_id}\n"
                             f"FC Invoke End RequestId: {request_id}, Error: {message}\n")


_pool: InstancePool | None = None
_pool_lock = threading.Lock()


def get_pool() -> InstancePool:
    global _pool
    with _pool_lock:
        if _pool is None or _pool._closed:
            _pool = InstancePool()
            atexit.register(_pool.shutdown)
        return _pool
