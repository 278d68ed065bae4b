"""Functions over HTTP, and the HTTP-trigger load test — against a real uvicorn + a real Celery worker.

Measured in one run (private data dir: SQLite + embedded Redis; 127.0.0.1 only):
- floors: GET /healthz (checks the database, Redis and pings the workers) and GET /accounts/login/
  (the ASGI server + Django + a template, no queue, no write);
- warm invoke through the FC API (fc2 SDK, signed, POST .../invocations);
- warm invoke through an anonymous HTTP trigger (GET /2016-08-15/proxy/<svc>/<fn>/);
- load: C concurrent aiohttp clients on the HTTP trigger for S seconds (every loop bounded by a deadline):
  requests, errors (any non-200 or exception), p50/p99, requests/s.

The worker runs 2 processes (`--concurrency 2`), as in `make run`.

    .venv/bin/python bench/bench_web.py [--json] [-n 300] [--seconds 30] [--clients 200]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
if not os.environ.get("ROSCONSOLE_DATA_DIR"):
    os.environ["ROSCONSOLE_DATA_DIR"] = tempfile.mkdtemp(prefix="rosconsole-bench-web-")
os.environ["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"
PORT = None


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _live import free_port, stop, summary  # noqa: E402  (shared with the other live benchmarks)

PORT = free_port()
os.environ["ROSCONSOLE_PUBLIC_URL"] = f"http://127.0.0.1:{PORT}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from rosconsole import config, embedded_redis  # noqa: E402

ECHO = "def handler(event, context):\n    return event\n"
WSGI = ("def handler(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'pong']\n")


def zip_b64(source: str) -> str:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.py", source)
    return base64.b64encode(buf.getvalue()).decode()


def env() -> dict:
    return dict(os.environ, PYTHONPATH=ROOT, ROSCONSOLE_TEST_DB=str(connection.settings_dict["NAME"]))


def start(cmd: list[str]) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_http(url: str, proc, seconds: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[:4]} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def wait_worker(name: str, proc) -> None:
    from rosconsole.celery import app

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"worker exited with {proc.returncode}")
        if any(name in n for r in (app.control.ping(timeout=0.5) or []) for n in r):
            return
    raise SystemExit("worker did not answer a ping within 30 s")


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


async def load(url: str, clients: int, seconds: float) -> dict:
    import aiohttp

    lat: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.monotonic() + seconds

    async def client(session) -> None:
        while time.monotonic() < deadline:
            t = time.perf_counter()
            try:
                async with session.get(url) as resp:
                    body = await resp.read()
                    if resp.status != 200 or body != b"pong":
                        errors[f"HTTP {resp.status}"] = errors.get(f"HTTP {resp.status}", 0) + 1
                        continue
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            lat.append((time.perf_counter() - t) * 1000)

    conn = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=60)
    t0 = time.perf_counter()
    async with aiohttp.ClientSession(connector=conn, timeout=timeout) as session:
        await asyncio.wait_for(asyncio.gather(*(client(session) for _ in range(clients))), seconds + 90)
    elapsed = time.perf_counter() - t0
    n_err = sum(errors.values())
    total = len(lat) + n_err
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": total, "ok": len(lat), "errors": n_err,
            "error_kinds": errors, "error_rate": round(n_err / total, 4) if total else None,
            "per_second": round(len(lat) / elapsed, 1), **{k: v for k, v in summary(lat).items() if k != "n"}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    redis_proc = embedded_redis.start(config.data_dir(), persist=False) if config.uses_embedded_redis() else None
    web = worker = None
    try:
        call_command("migrate", verbosity=0)
        import fc2
        import requests

        from fcruntime import services
        from rosconsole.accounts.services import create_access_key, create_user

        user, _ = create_user("bench", account_name="bench", role="admin", password="bench-pass-1")
        account = user.memberships.get().account
        key = create_access_key("bench", "bench")
        svc = services.create_service(account, "web")
        services.create_function(svc, "echo", runtime="python3.9", handler="index.handler",
                                 code={"ZipFile": zip_b64(ECHO)})
        fn = services.create_function(svc, "pong", runtime="python3.9", handler="index.handler",
                                      code={"ZipFile": zip_b64(WSGI)})
        services.create_trigger(fn, "http", "http", {"authType": "anonymous", "methods": ["GET"]})
        base = f"http://127.0.0.1:{PORT}"
        web = start([sys.executable, "-m", "uvicorn", "rosconsole.asgi:application", "--host", "127.0.0.1",
                     "--port", str(PORT), "--lifespan", "off", "--no-access-log", "--log-level", "warning"])
        name = f"benchweb-{os.getpid()}"
        worker = start([sys.executable, "-m", "celery", "-A", "rosconsole", "worker", "-Q", "invocations,stacks",
                        "--concurrency", "2", "--loglevel", "WARNING", "-n", f"{name}@%h", "--without-gossip",
                        "--without-mingle", "--without-heartbeat"])
        wait_http(base + "/healthz", web)
        wait_worker(name, worker)
        session = requests.Session()
        fc = fc2.Client(endpoint=base, accessKeyID=key.access_key_id, accessKeySecret=key.secret, Timeout=30)
        trigger_url = base + "/2016-08-15/proxy/web/pong/"

        def healthz():
            assert session.get(base + "/healthz", timeout=10).status_code == 200

        def api():
            assert fc.invoke_function("web", "echo", payload=b"ping").data == b"ping"

        def trigger():
            r = session.get(trigger_url, timeout=30)
            assert r.status_code == 200 and r.content == b"pong", (r.status_code, r.content[:200])

        def login_page():
            assert session.get(base + "/accounts/login/", timeout=10).status_code == 200

        for f in (healthz, login_page, api, trigger):   # cold starts + connection set-up out of the samples
            timed(f, 20)
        h, lg, a, t = [], [], [], []
        for _ in range(args.n):             # interleaved: all see the same machine state
            h += timed(healthz, 1)
            lg += timed(login_page, 1)
            a += timed(api, 1)
            t += timed(trigger, 1)
        # /healthz pings the Celery workers (control ping waits out its timeout), so it is not a request
        # floor; the login page (Django + template, no queue, no write) is reported beside it.
        result = {"worker_processes": 2, "database": connection.vendor, "healthz": summary(h),
                  "login_page": summary(lg),
                  "fc_api": summary(a), "http_trigger": summary(t),
                  "load": asyncio.run(load(trigger_url, args.clients, args.seconds))}
    finally:
        stop(web)
        stop(worker)
        embedded_redis.stop(redis_proc)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k in ("healthz", "login_page", "fc_api", "http_trigger"):
            s = result[k]
            print(f"{k:14} p50 {s['p50_ms']:8.2f} ms  p90 {s['p90_ms']:8.2f}  p99 {s['p99_ms']:8.2f}  (n={s['n']})")
        print("load:", json.dumps(result["load"]))
    return 0 if result["load"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
