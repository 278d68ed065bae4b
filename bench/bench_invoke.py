"""End-to-end invoke benchmark: fcruntime.services.invoke through a real Celery worker.

Measured in one run, against a private data dir (SQLite + embedded Redis unless DATABASE_URL /
REDIS_URL are set) and one worker with 2 processes on the `invocations` queue:

- echo floor: a Celery round trip to the same worker (builtin `celery.accumulate`, returns its
  argument) with AsyncResult.get — the cost of the queue alone;
- warm e2e: services.invoke() of a warm python3.9 echo function, interleaved with the echo
  round trips (row insert, task, executor, row update, completion signal, row read);
- throughput: N client threads calling services.invoke() for a bounded time.

Target: warm e2e p50 <= 2x the echo round-trip p50.

    .venv/bin/python bench/bench_invoke.py [--json] [-n 200] [--seconds 5] [--threads 4]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
if not os.environ.get("ROSCONSOLE_DATA_DIR"):
    os.environ["ROSCONSOLE_DATA_DIR"] = tempfile.mkdtemp(prefix="rosconsole-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from rosconsole import config, embedded_redis  # noqa: E402

SOURCE = "def handler(event, context):\n    return event\n"


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 3)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": pct(values, 0.5), "p90_ms": pct(values, 0.9), "p99_ms": pct(values, 0.99),
            "mean_ms": round(statistics.fmean(values), 3)}


def start_worker(concurrency: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=ROOT, ROSCONSOLE_TEST_DB=str(connection.settings_dict["NAME"]))
    name = f"bench-{os.getpid()}"
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "rosconsole", "worker", "-Q", "invocations",
                             "--concurrency", str(concurrency), "--loglevel", "WARNING", "-n", f"{name}@%h",
                             "--without-gossip", "--without-mingle", "--without-heartbeat"],
                            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    from rosconsole.celery import app

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"worker exited with {proc.returncode}")
        if any(name in n for r in (app.control.ping(timeout=0.5) or []) for n in r):
            return proc
    raise SystemExit("worker did not answer a ping within 30 s")


def stop_worker(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def echo_once(app) -> float:
    t = time.perf_counter()
    res = app.send_task("celery.accumulate", args=["x"], queue="invocations")
    assert res.get(timeout=10) == ["x"]
    return (time.perf_counter() - t) * 1000


def invoke_once(services, fn) -> float:
    t = time.perf_counter()
    inv = services.invoke(fn, b"ping")
    ms = (time.perf_counter() - t) * 1000
    assert inv.ok and bytes(inv.result) == b"ping", inv.error_message
    return ms


def throughput(services, fn, seconds: float, threads: int) -> dict:
    from django.db import connections

    counts = [0] * threads
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def loop(i: int) -> None:
        try:
            while time.monotonic() < stop:
                inv = services.invoke(fn, b"t")
                if not inv.ok:
                    errors.append(inv.error_message)
                counts[i] += 1
        finally:
            connections.close_all()

    t0 = time.perf_counter()
    pool = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    total = sum(counts)
    return {"threads": threads, "seconds": round(elapsed, 2), "invocations": total,
            "per_second": round(total / elapsed, 1), "errors": len(errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="samples for the latency runs")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of the throughput run")
    parser.add_argument("--threads", type=int, default=4, help="client threads for the throughput run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    redis_proc = embedded_redis.start(config.data_dir(), persist=False) if config.uses_embedded_redis() else None
    worker = None
    try:
        call_command("migrate", verbosity=0)
        from fcruntime import services
        from fcruntime.executor import isolation_level
        from rosconsole.accounts.models import Account
        from rosconsole.celery import app

        account = Account.objects.create(name=f"bench-{os.getpid()}")
        svc = services.create_service(account, "bench")
        fn = services.create_function(svc, "echo", runtime="python3.9", handler="index.handler",
                                      code={"SourceCode": SOURCE})
        worker = start_worker(concurrency=2)
        t = time.perf_counter()
        invoke_once(services, fn)
        first_ms = (time.perf_counter() - t) * 1000
        for _ in range(20):  # warm both worker processes and the queue path
            echo_once(app)
            invoke_once(services, fn)
        echo, e2e = [], []
        for _ in range(args.n):  # interleaved, so both see the same machine state
            echo.append(echo_once(app))
            e2e.append(invoke_once(services, fn))
        tput = throughput(services, fn, args.seconds, args.threads)
        result = {
            "isolation": isolation_level(),
            "database": connection.vendor,
            "worker_processes": 2,
            "first_invoke_ms": round(first_ms, 1),
            "echo_round_trip": summary(echo),
            "warm_e2e": summary(e2e),
            "ratio_p50": round(pct(e2e, 0.5) / pct(echo, 0.5), 2),
            "target_ratio_p50": 2.0,
            "throughput": tput,
        }
    finally:
        if worker is not None:
            stop_worker(worker)
        embedded_redis.stop(redis_proc)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"isolation {result['isolation']}, {result['database']}, 2 worker processes")
        print(f"first invoke (cold) {result['first_invoke_ms']} ms")
        for key in ("echo_round_trip", "warm_e2e"):
            s = result[key]
            print(f"{key:16} p50 {s['p50_ms']:8.2f} ms  p90 {s['p90_ms']:8.2f}  p99 {s['p99_ms']:8.2f}  (n={s['n']})")
        print(f"warm e2e / echo p50 = {result['ratio_p50']} (target <= 2.0)")
        print(f"throughput {tput['per_second']} invocations/s with {tput['threads']} client threads "
              f"over {tput['seconds']} s ({tput['errors']} errors)")
    return 0 if result["ratio_p50"] <= 2.0 and not result["throughput"]["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
