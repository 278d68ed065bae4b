"""Resource limits, scrubbed environment, FC platform messages, memory accounting."""
from __future__ import annotations

import math

from .spec import FunctionSpec

# RLIMIT_AS = MemorySize + headroom. The address-space limit counts *virtual*
# memory: the interpreter maps its binary, shared libraries, the stdlib's
# extension modules and thread stacks (8 MB reserved per thread) before any user
# data exists (~40-60 MB for python3 -S with our bootstrap). 256 MB on top of the
# configured size keeps a 128 MB function able to really use ~128 MB of data;
# plus 8 MB per extra concurrent handler thread.
HEADROOM_MB = 256
TMP_LIMIT_BYTES = 512 * 1024 * 1024      # RLIMIT_FSIZE, also the private /tmp size
NOFILE = 4096
NPROC = 1024                              # FC: processes + threads per instance
MAX_RESULT_BYTES = 32 * 1024 * 1024       # sync invocation result cap
LOG_CAP_BYTES = 1 << 20

SAFE_ENV_BASE = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "LANG": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8:surrogateescape",
}


def address_space_bytes(spec: FunctionSpec) -> int:
    extra_threads = max(spec.instance_concurrency - 1, 0)
    return (spec.memory_mb + HEADROOM_MB + 8 * extra_threads) * 1024 * 1024


def cpu_seconds(spec: FunctionSpec) -> int:
    """RLIMIT_CPU is cumulative over a warm instance's life, so it is only a
    runaway guard (the wall-clock Timeout is the real limit): 100x the timeout,
    at least 10 minutes. The pool retires instances well before that."""
    return int(max(600, min(86400 * 2, spec.timeout_s * 100)))


def rlimits(spec: FunctionSpec, family: str) -> dict[str, tuple[int, int]]:
    cpu = cpu_seconds(spec)
    limits = {
        "RLIMIT_CPU": (cpu, cpu + 5),
        "RLIMIT_NOFILE": (NOFILE, NOFILE),
        "RLIMIT_NPROC": (NPROC, NPROC),
        "RLIMIT_FSIZE": (TMP_LIMIT_BYTES, TMP_LIMIT_BYTES),
        "RLIMIT_CORE": (0, 0),
    }
    if family == "python":
        # node (V8) and custom runtimes reserve huge virtual ranges: for them the
        # memory limit is enforced by the pool's RSS watchdog (and node's heap flag).
        size = address_space_bytes(spec)
        limits["RLIMIT_AS"] = (size, size)
    return limits


def function_env(spec: FunctionSpec, instance_id: str, code_dir: str,
                 extra: dict[str, str] | None = None) -> dict[str, str]:
    """Exactly the FC variables of spec section 3.6 plus the function's own variables."""
    env = dict(SAFE_ENV_BASE)
    env.update({
        "FC_FUNC_CODE_PATH": code_dir,
        "FC_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "FC_FUNCTION_NAME": spec.function_name,
        "FC_FUNCTION_HANDLER": spec.handler,
        "FC_SERVICE_NAME": spec.service_name,
        "FC_REGION": spec.region,
        "FC_ACCOUNT_ID": spec.account_id,
        "FC_QUALIFIER": spec.qualifier or "LATEST",
        "FC_INSTANCE_ID": instance_id,
        "FC_RUNTIME_VERSION": spec.runtime,
    })
    if spec.version_id:
        env["FC_VER_ID"] = spec.version_id
    creds = spec.credentials or {}
    if creds:
        env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = creds.get("AccessKeyId", "")
        env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = creds.get("AccessKeySecret", "")
        env["ALIBABA_CLOUD_SECURITY_TOKEN"] = creds.get("SecurityToken", "")
    env.update(extra or {})
    for key, value in (spec.environment or {}).items():
        if not key.startswith("FC_"):
            env[str(key)] = str(value)
    return env


def billed_ms(duration_ms: float) -> int:
    """FC 2.0 bills per 1 ms since 2021 (earlier: 100 ms steps). We use 1 ms."""
    return max(1, math.ceil(duration_ms))


def timeout_message(timeout_s: float, mem_mb: float) -> str:
    n = int(timeout_s) if float(timeout_s).is_integer() else timeout_s
    return f"Function timed out after {n} seconds (maxMemoryUsage: {mem_mb:.2f}MB)"


def crash_message(duration_ms: float, mem_mb: float) -> str:
    return ("Process exited unexpectedly before completing request "
            f"(duration: {int(duration_ms)}ms, maxMemoryUsage: {mem_mb:.2f}MB)")


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_pids(pid: int) -> list[int]:
    try:
        import psutil
        proc = psutil.Process(pid)
        return [pid] + [c.pid for c in proc.children(recursive=True)]
    except Exception:
        return [pid]


def peak_mb(pid: int) -> float:
    return sum(_status_kb(p, "VmHWM:") for p in tree_pids(pid)) / 1024.0


def rss_mb(pid: int) -> float:
    return sum(_status_kb(p, "VmRSS:") for p in tree_pids(pid)) / 1024.0
