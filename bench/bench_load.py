"""Load: N stacks created concurrently through the ROS API (official SDK), 2 worker processes.

One run, private data dir (SQLite + embedded Redis), 127.0.0.1 only:
- a real uvicorn (bench/_asgi_test_types.py: rosconsole.asgi:application + the test-only resource
  type, which the web process needs to validate the template) and one Celery worker with 2 processes
  on `stacks,invocations` (ROSCONSOLE_TEST_RESOURCE_TYPES=1);
- N threads, each with its own `alibabacloud_ros20190910` client (ACS3 signature, an AccessKey from
  rosconsole.accounts.services.create_access_key), call CreateStack once, all released together;
  the template has --resources ROSCONSOLE::Test::Resource (R0, and R1.. depending on R0);
- completion is polled in the database every 0.2 s (not through the API, to keep the web process to the
  CreateStack load); time to all-complete = first CreateStack sent -> last stack terminal;
  throughput = N / that time;
- events, per stack, from the database (the truth the API and the SSE stream read): sequence numbers
  must be 1..event_sequence with no gap and no repeat, and the stack and each resource must have exactly
  one CREATE_IN_PROGRESS and one CREATE_COMPLETE. `events_lost` counts missing sequence numbers and
  missing expected events; `events_duplicated` repeated sequence numbers and extra expected events.

    .venv/bin/python bench/bench_load.py [--json] [--stacks 100] [--resources 3]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
OWN_DATA_DIR = None
if not os.environ.get("ROSCONSOLE_DATA_DIR"):
    OWN_DATA_DIR = os.environ["ROSCONSOLE_DATA_DIR"] = tempfile.mkdtemp(prefix="rosconsole-bench-load-")
os.environ["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"
sys.path.insert(0, os.path.join(ROOT, "bench"))
import _live  # noqa: E402

PORT = _live.free_port()
os.environ["ROSCONSOLE_PUBLIC_URL"] = f"http://127.0.0.1:{PORT}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from rosconsole import config, embedded_redis  # noqa: E402

REGION = "cn-hangzhou"
TEST_TYPE = "ROSCONSOLE::Test::Resource"
STACK_TYPE = "ALIYUN::ROS::Stack"


def template(resources: int) -> str:
    body = {"R0": {"Type": TEST_TYPE, "Properties": {"value": 0}}}
    for i in range(1, resources):
        body[f"R{i}"] = {"Type": TEST_TYPE, "DependsOn": "R0", "Properties": {"value": i}}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": body})


def sdk_client(key):
    from alibabacloud_ros20190910.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    cfg = open_api_models.Config(access_key_id=key.access_key_id, access_key_secret=key.secret,
                                 endpoint=f"127.0.0.1:{PORT}", protocol="http", region_id=REGION,
                                 read_timeout=120000, connect_timeout=5000)
    return Client(cfg)


def submit_all(key, n: int, body: str) -> tuple[list[dict], float]:
    """N threads, one CreateStack each, released together by a barrier; returns results and t0."""
    from alibabacloud_ros20190910 import models as ros_models

    barrier = threading.Barrier(n + 1, timeout=120)
    clients = [sdk_client(key) for _ in range(n)]

    def one(i: int) -> dict:
        request = ros_models.CreateStackRequest(stack_name=f"load-{i}", template_body=body, region_id=REGION,
                                                timeout_in_minutes=30)
        barrier.wait()
        t = time.perf_counter()
        try:
            stack_id = clients[i].create_stack(request).body.stack_id
            return {"i": i, "stack_id": stack_id, "ms": (time.perf_counter() - t) * 1000}
        except Exception as exc:  # noqa: BLE001 - counted and reported
            return {"i": i, "error": f"{type(exc).__name__}: {str(exc)[:200]}", "ms": (time.perf_counter() - t) * 1000}

    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(one, i) for i in range(n)]
        barrier.wait()
        t0 = time.perf_counter()
        results = [f.result(timeout=300) for f in futures]
    return results, t0


def wait_terminal(ids: list[str], t0: float, limit_s: float) -> tuple[float | None, Counter]:
    from stacks.engine import states
    from stacks.models import Stack

    while True:
        rows = dict(Stack.objects.filter(pk__in=ids).values_list("pk", "status"))
        pending = [s for s in rows.values() if not states.is_terminal(s)]
        now = time.perf_counter()
        if not pending:
            return now - t0, Counter(rows.values())
        if now - t0 > limit_s:
            return None, Counter(rows.values())
        time.sleep(0.2)


def check_events(ids: list[str], resources: int) -> dict:
    from stacks.models import Stack, StackEvent

    lost = duplicated = bad_stacks = 0
    expected_ids = {f"R{i}" for i in range(resources)}
    seq_of = dict(Stack.objects.filter(pk__in=ids).values_list("pk", "event_sequence"))
    rows: dict = {}
    for stack_id, seq, logical, rtype, status in StackEvent.objects.filter(stack_id__in=ids).values_list(
            "stack_id", "sequence", "logical_id", "resource_type", "status"):
        rows.setdefault(stack_id, []).append((seq, logical, rtype, status))
    for stack_id, last in seq_of.items():
        events = rows.get(stack_id, [])
        seqs = Counter(e[0] for e in events)
        missing = sum(1 for s in range(1, last + 1) if s not in seqs)
        repeated = sum(c - 1 for c in seqs.values() if c > 1) + sum(1 for s in seqs if s < 1 or s > last)
        kinds = Counter((("<stack>" if rtype == STACK_TYPE else logical), status) for _, logical, rtype, status in events)
        for who in expected_ids | {"<stack>"}:
            for status in ("CREATE_IN_PROGRESS", "CREATE_COMPLETE"):
                c = kinds.get((who, status), 0)
                missing += c == 0
                repeated += max(0, c - 1)
        lost += missing
        duplicated += repeated
        bad_stacks += bool(missing or repeated)
    return {"events_lost": lost, "events_duplicated": duplicated, "stacks_with_event_problems": bad_stacks,
            "events_checked": sum(len(v) for v in rows.values())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stacks", type=int, default=100)
    ap.add_argument("--resources", type=int, default=3, help="test resources per stack")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for every stack")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    redis_proc = embedded_redis.start(config.data_dir(), persist=False) if config.uses_embedded_redis() else None
    web = worker = None
    try:
        call_command("migrate", verbosity=0)
        from django.db import connection

        from rosconsole.accounts.services import create_access_key, create_user

        create_user("bench", account_name="bench", role="admin", password="bench-pass-1")
        key = create_access_key("bench", "bench")
        env = _live.child_env(ROSCONSOLE_TEST_RESOURCE_TYPES="1")
        base = f"http://127.0.0.1:{PORT}"
        web = _live.start_uvicorn(PORT, "_asgi_test_types:application", app_dir=os.path.join(ROOT, "bench"), env=env)
        name = f"benchload-{os.getpid()}"
        worker = _live.start_worker(name, concurrency=2, env=env)
        _live.wait_http(base + "/accounts/login/", web)
        _live.wait_worker(name, worker)
        body = template(args.resources)
        warm, _ = submit_all(key, 2, template(1))  # connections, imports: out of the figures
        warm_ids = [r["stack_id"] for r in warm if "stack_id" in r]
        wait_terminal(warm_ids, time.perf_counter(), 120)
        from stacks.models import Stack

        Stack.objects.filter(pk__in=warm_ids).delete()  # not part of the load's event check

        results, t0 = submit_all(key, args.stacks, body)
        submitted_s = max(r["ms"] for r in results) / 1000
        ids = [r["stack_id"] for r in results if "stack_id" in r]
        api_errors = [r["error"] for r in results if "error" in r]
        all_done_s, statuses = wait_terminal(ids, t0, args.timeout)
        complete = statuses.get("CREATE_COMPLETE", 0)
        result = {
            "stacks": args.stacks, "resources_per_stack": args.resources, "worker_processes": 2,
            "database": connection.vendor, "api_errors": len(api_errors), "api_error_samples": api_errors[:5],
            "create_stack_api": _live.summary([r["ms"] for r in results if "stack_id" in r]),
            "all_submitted_s": round(submitted_s, 2),
            "all_complete_s": round(all_done_s, 2) if all_done_s is not None else None,
            "throughput_stacks_per_s": round(complete / all_done_s, 2) if all_done_s else None,
            "complete": complete, "statuses": dict(statuses),
            **check_events(ids, args.resources),
            "load_avg_1m": round(os.getloadavg()[0], 2),
        }
    finally:
        _live.stop(web)
        _live.stop(worker)
        embedded_redis.stop(redis_proc)
        if OWN_DATA_DIR:
            import shutil

            shutil.rmtree(OWN_DATA_DIR, ignore_errors=True)
    print(json.dumps(result, indent=2 if args.json else None))
    ok = (result["complete"] == args.stacks and result["events_lost"] == 0 and result["events_duplicated"] == 0
          and not api_errors)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
