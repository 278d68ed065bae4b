"""Orchestration cost per resource through the real Celery path, beside moto's CloudFormation.

Scenarios: 100 and 500 independent no-op test resources, and a chain of 50. rosconsole runs against a
temp data dir (SQLite + embedded Redis) with one real worker process, full persistence and events;
the time is from CreateStack until the stack is CREATE_COMPLETE in the database. moto runs the
equivalent template (AWS::SSM::Parameter, moto keeps it in memory) in-process, in the same run.
Celery floor: the same worker runs tasks that only INCR a Redis key (bench/_celery_floor_tasks.py),
as many as the scenario has resources, fanned out or chained: Celery's own cost per task, the floor
under one task per resource step whatever the engine does.

Lottery: the seed template (tests/fixtures/templates/lottery.json: FC Service, Function, FunctionInvoker
that runs the python2.7 function) through stacks.services.create_stack, --lottery-runs times (one
unmeasured warm-up first), each with its own stack, ServiceName and FunctionName; time from the call to
CREATE_COMPLETE in the database (polled every 10 ms); p50 reported. The worker serves the `stacks` and
`invocations` queues with --concurrency processes.

    .venv/bin/python bench/bench_orchestration.py [--json] [--concurrency N] [--lottery-runs 10]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = (("independent-100", 100, False), ("independent-500", 500, False), ("chain-50", 50, True))
LOTTERY = ROOT / "tests" / "fixtures" / "templates" / "lottery.json"


def setup_environment() -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="rosconsole-bench-"))
    os.environ.update({"ROSCONSOLE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "rosconsole.settings",
                       "ROSCONSOLE_TEST_RESOURCE_TYPES": "1", "LOG_LEVEL": "WARNING"})
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    return data_dir


def start_worker(concurrency: int, pool: str = "prefork") -> subprocess.Popen:
    from rosconsole.celery import app

    cmd = [sys.executable, "-m", "celery", "-A", "rosconsole", "worker", "-Q", "stacks,invocations", "--concurrency",
           str(concurrency), "--loglevel", "WARNING", "-n", f"bench-{os.getpid()}@%h", "--without-gossip",
           "--without-mingle", "--without-heartbeat", "--pool", pool, "-I", "bench._celery_floor_tasks"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), start_new_session=True,
                            stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if any(f"bench-{os.getpid()}@" in n for r in (app.control.ping(timeout=0.5) or []) for n in r):
            return proc
    raise RuntimeError("the benchmark worker did not start")


def ros_template(count: int, chain: bool) -> str:
    resources = {}
    for i in range(count):
        resources[f"R{i}"] = {"Type": "ROSCONSOLE::Test::Resource", "Properties": {"value": i}}
        if chain and i:
            resources[f"R{i}"]["DependsOn"] = f"R{i - 1}"
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources})


def run_rosconsole(user, account, name: str, count: int, chain: bool) -> float:
    return run_stack(user, account, name, ros_template(count, chain))


def run_stack(user, account, name: str, body: str, parameters: dict | None = None, limit_s: float = 600) -> float:
    from stacks import services
    from stacks.engine import states
    from stacks.models import Stack

    started = time.perf_counter()
    stack = services.create_stack(user, account, name=name, template_body=body, parameters=parameters)
    while True:
        status = Stack.objects.filter(pk=stack.pk).values_list("status", flat=True).get()
        if states.is_terminal(status):
            break
        if time.perf_counter() - started > limit_s:
            raise RuntimeError(f"{name} still {status} after {limit_s} s")
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    if status != "CREATE_COMPLETE":
        raise RuntimeError(f"{name} ended {status}")
    return elapsed


def run_lottery(user, account, runs: int) -> dict:
    body = LOTTERY.read_text()
    samples = []
    for i in range(runs + 1):  # run 0 is the warm-up
        params = {"Persons": "alice,bob,carol", "ServiceName": f"lottery-svc-{i}", "FunctionName": f"lottery-fn-{i}",
                  "ExecuteVersion": "1"}
        elapsed = run_stack(user, account, f"lottery-{i}", body, params, limit_s=180)
        if i:
            samples.append(elapsed * 1000)
    s = sorted(samples)
    return {"runs": runs, "latency_ms": round(s[len(s) // 2], 1), "min_ms": round(s[0], 1),
            "max_ms": round(s[-1], 1), "samples_ms": [round(x, 1) for x in samples]}


def run_celery_floor(count: int, chain: bool, name: str) -> float:
    """Seconds for `count` no-op tasks on the benchmark worker: sent together, or each sending the next."""
    from bench import _celery_floor_tasks as floor
    from rosconsole.redis import get_redis

    client, key = get_redis(), f"bench-floor:{name}:{time.monotonic_ns()}"
    started = time.perf_counter()
    if chain:
        floor.hop.apply_async(args=(key, count))
    else:
        for _ in range(count):
            floor.count.apply_async(args=(key,))
    while int(client.get(key) or 0) < count:
        if time.perf_counter() - started > 600:
            raise RuntimeError(f"celery floor {name}: only {client.get(key)} of {count} tasks ran")
        time.sleep(0.001)
    return time.perf_counter() - started


def run_moto(count: int, chain: bool, name: str) -> float:
    import boto3
    from moto import mock_aws

    resources = {}
    for i in range(count):
        resources[f"R{i}"] = {"Type": "AWS::SSM::Parameter",
                              "Properties": {"Name": f"/{name}/p{i}", "Type": "String", "Value": str(i)}}
        if chain and i:
            resources[f"R{i}"]["DependsOn"] = f"R{i - 1}"
    body = json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})
    with mock_aws():
        client = boto3.client("cloudformation", region_name="us-east-1")
        client.create_stack(StackName="warmup", TemplateBody=json.dumps({"Resources": {"W": {
            "Type": "AWS::SSM::Parameter", "Properties": {"Name": "/warm", "Type": "String", "Value": "w"}}}}))
        started = time.perf_counter()
        client.create_stack(StackName=name, TemplateBody=body)
        status = client.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
        elapsed = time.perf_counter() - started
    if status != "CREATE_COMPLETE":
        raise RuntimeError(f"moto {name} ended {status}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork", help="the worker's pool (prefork, solo, threads)")
    parser.add_argument("--lottery-runs", type=int, default=10, help="lottery stacks measured (0: skip)")
    parser.add_argument("--skip-scenarios", action="store_true", help="only the lottery")
    args = parser.parse_args()
    data_dir = setup_environment()
    import django

    django.setup()
    from django.core.management import call_command

    from rosconsole import config, embedded_redis
    from rosconsole.accounts.services import create_user
    from stacks.resources import test_provider

    test_provider.register()

    redis_proc = embedded_redis.start(config.data_dir(), persist=False)
    worker = None
    try:
        call_command("migrate", verbosity=0)
        user, _ = create_user("bench", account_name="bench", role="admin", password="bench-pass-1")
        account = user.memberships.first().account
        worker = start_worker(args.concurrency, args.pool)
        run_rosconsole(user, account, "warmup", 5, False)
        rows = []
        for name, count, chain in () if args.skip_scenarios else SCENARIOS:
            ours = run_rosconsole(user, account, name, count, chain)
            floor = run_celery_floor(count, chain, name)
            moto = run_moto(count, chain, name)
            rows.append({"scenario": name, "resources": count, "rosconsole_ms_per_resource": ours * 1000 / count,
                         "celery_floor_ms_per_task": floor * 1000 / count,
                         "moto_ms_per_resource": moto * 1000 / count, "rosconsole_total_s": ours,
                         "moto_total_s": moto})
        lottery = run_lottery(user, account, args.lottery_runs) if args.lottery_runs > 0 else None
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        embedded_redis.stop(redis_proc)
        shutil.rmtree(data_dir, ignore_errors=True)
    report(rows, lottery, args)
    return 0


def report(rows: list[dict], lottery: dict | None, args) -> None:
    if args.json:
        print(json.dumps({"worker_concurrency": args.concurrency, "worker_pool": args.pool, "results": rows,
                          "lottery": lottery}, indent=2))
        return
    print(f"orchestration cost per resource (worker pool {args.pool}, concurrency {args.concurrency}; "
          f"full persistence + events)")
    print(f"{'scenario':<18} {'rosconsole ms/res':>18} {'celery no-op ms/task':>21} {'moto ms/res':>12} "
          f"{'rosconsole total s':>19}")
    for row in rows:
        print(f"{row['scenario']:<18} {row['rosconsole_ms_per_resource']:>18.2f} "
              f"{row['celery_floor_ms_per_task']:>21.2f} {row['moto_ms_per_resource']:>12.2f}"
              f" {row['rosconsole_total_s']:>19.2f}")
    if lottery:
        print(f"lottery submit -> CREATE_COMPLETE: p50 {lottery['latency_ms']:.1f} ms (min {lottery['min_ms']:.1f}, "
              f"max {lottery['max_ms']:.1f}, {lottery['runs']} runs)")


if __name__ == "__main__":
    sys.exit(main())
