"""Live events: latency from stacks.engine.events.record() to an SSE client, against a real uvicorn.

One run, private data dir (SQLite + embedded Redis), 127.0.0.1 only:
- a stack row in CREATE_IN_PROGRESS (no worker: the stream stays open) and a logged-in session
  (Django's test Client.force_login, whose session cookie the HTTP client sends);
- an aiohttp client reads `GET /stacks/<StackId>/events/stream` (SSE) from `rosconsole.asgi:application`
  under uvicorn;
- a publisher thread writes N events through `events.record()` (the only writer: INSERT, commit, then
  PUBLISH on `stack:<StackId>`), one every --interval-ms, with time.time() taken just before record()
  inside StatusReason; latency = time the client has the whole SSE message - that timestamp. So it
  includes the INSERT + commit, the Redis hop, the view's per-message work and the HTTP chunk;
- lost / duplicated: the Sequence numbers the client received against those written;
- reference, same run, same shape: Redis pub/sub alone (a redis.asyncio subscriber in this process, the
  same publisher thread calling PUBLISH with the timestamp inside).

    .venv/bin/python bench/bench_events.py [--json] [-n 1000] [--interval-ms 5]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
OWN_DATA_DIR = None
if not os.environ.get("ROSCONSOLE_DATA_DIR"):
    OWN_DATA_DIR = os.environ["ROSCONSOLE_DATA_DIR"] = tempfile.mkdtemp(prefix="rosconsole-bench-events-")
os.environ["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"
sys.path.insert(0, os.path.join(ROOT, "bench"))
import _live  # noqa: E402

PORT = _live.free_port()
os.environ["ROSCONSOLE_PUBLIC_URL"] = f"http://127.0.0.1:{PORT}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from rosconsole import config, embedded_redis  # noqa: E402

WARMUP = 20
EVENT_TYPE = "ROSCONSOLE::Bench::Event"


def make_stack_and_cookie() -> tuple[object, dict]:
    from django.conf import settings
    from django.test import Client

    from rosconsole.accounts.services import create_user
    from stacks.models import Stack

    user, _ = create_user("bench", account_name="bench", role="admin", password="bench-pass-1")
    account = user.memberships.get().account
    stack = Stack.objects.create(account=account, region=settings.ROSCONSOLE_DEFAULT_REGION, name="bench-events",
                                 template_body="{}", status="CREATE_IN_PROGRESS")
    client = Client()
    client.force_login(user)
    return stack, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def publisher(write, n: int, interval: float, start_at: int, errors: list) -> threading.Thread:
    """write(i, t) for i in start_at..start_at+n-1, paced; in a thread (its own DB connection)."""

    def run():
        from django.db import connection

        try:
            for i in range(start_at, start_at + n):
                write(i, time.time())
                time.sleep(interval)
        except Exception as exc:  # noqa: BLE001 - reported, never hidden
            errors.append(repr(exc))
        finally:
            connection.close()

    return threading.Thread(target=run, name="publisher", daemon=True)


async def read_sse(resp, on_message, until: float) -> None:
    """Parse `text/event-stream` until on_message returns True or the deadline passes."""
    data: list[str] = []
    while time.monotonic() < until:
        try:
            raw = await asyncio.wait_for(resp.content.readline(), max(0.1, until - time.monotonic()))
        except asyncio.TimeoutError:
            return
        if not raw:
            return  # the server ended the stream
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
        elif line == "" and data:
            received = time.time()
            payload = json.loads("\n".join(data))
            data = []
            if on_message(payload, received):
                return


async def sse_run(base: str, stack, cookies: dict, n: int, interval: float, seconds: float) -> dict:
    import aiohttp

    from stacks.engine import events

    def write(i: int, t: float) -> None:
        events.record(stack, None, f"E{i}", EVENT_TYPE, "CREATE_IN_PROGRESS", json.dumps({"i": i, "t": t}))

    got: dict[int, int] = {}
    order: list[int] = []
    lat: list[float] = []
    errors: list[str] = []
    last_seq = WARMUP + n
    url = f"{base}/stacks/{stack.pk}/events/stream"
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with aiohttp.ClientSession(cookies=cookies, timeout=timeout) as session:
        async with session.get(url, headers={"Accept": "text/event-stream"}, allow_redirects=False) as resp:
            if resp.status != 200 or not resp.headers.get("Content-Type", "").startswith("text/event-stream"):
                raise SystemExit(f"stream answered {resp.status} {resp.headers.get('Content-Type')}")

            def on_message(payload: dict, received: float) -> bool:
                seq = payload["Sequence"]
                got[seq] = got.get(seq, 0) + 1
                order.append(seq)
                if seq > WARMUP:
                    reason = json.loads(payload["StatusReason"])
                    lat.append((received - reason["t"]) * 1000)
                return seq >= last_seq

            # warm-up: until the view has subscribed and backfilled, a few events (not in the samples)
            warm = publisher(write, WARMUP, interval, 1, errors)
            warm.start()
            await read_sse(resp, lambda p, r: on_message(p, r) or p["Sequence"] >= WARMUP, time.monotonic() + 30)
            await asyncio.to_thread(warm.join, 30)
            if not all(s in got for s in range(1, WARMUP + 1)):
                raise SystemExit(f"warm-up events not received: {sorted(got)}")
            main = publisher(write, n, interval, WARMUP + 1, errors)
            t0 = time.perf_counter()
            main.start()
            await read_sse(resp, on_message, time.monotonic() + seconds)
            elapsed = time.perf_counter() - t0
            await asyncio.to_thread(main.join, 30)
    expected = range(WARMUP + 1, last_seq + 1)
    lost = sum(1 for s in expected if s not in got)
    duplicated = sum(c - 1 for c in got.values() if c > 1)
    out_of_order = sum(1 for a, b in zip(order, order[1:]) if b < a)
    return {**_live.summary(lat), "mean_ms": round(sum(lat) / len(lat), 3) if lat else None,
            "events": n, "lost": lost, "duplicated": duplicated, "out_of_order": out_of_order,
            "publisher_errors": errors, "seconds": round(elapsed, 2)}


async def redis_run(n: int, interval: float, seconds: float) -> dict:
    import redis.asyncio as aioredis
    from django.conf import settings

    from rosconsole.redis import get_redis

    channel = f"bench-floor-{os.getpid()}"
    sync = get_redis()
    sub = aioredis.Redis.from_url(settings.REDIS_URL)
    pubsub = sub.pubsub()
    await pubsub.subscribe(channel)
    lat: list[float] = []
    seen: set[int] = set()
    errors: list[str] = []

    def write(i: int, t: float) -> None:
        sync.publish(channel, json.dumps({"i": i, "t": t}))

    async def drain(count: int, until: float, record: bool) -> None:
        while len(seen) < count and time.monotonic() < until:
            msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
            if msg and msg["type"] == "message":
                received = time.time()
                body = json.loads(msg["data"])
                seen.add(body["i"])
                if record:
                    lat.append((received - body["t"]) * 1000)

    warm = publisher(write, WARMUP, interval, 0, errors)
    warm.start()
    await drain(WARMUP, time.monotonic() + 30, False)
    await asyncio.to_thread(warm.join, 30)
    main = publisher(write, n, interval, WARMUP, errors)
    main.start()
    await drain(WARMUP + n, time.monotonic() + seconds, True)
    await asyncio.to_thread(main.join, 30)
    await pubsub.unsubscribe()
    await pubsub.aclose()
    await sub.aclose()
    return {**_live.summary(lat), "events": n, "lost": WARMUP + n - len(seen), "publisher_errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--interval-ms", type=float, default=5.0, help="pause between two events")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    interval = args.interval_ms / 1000
    bound = 60 + args.n * (interval + 0.05)  # generous, but bounded
    redis_proc = embedded_redis.start(config.data_dir(), persist=False) if config.uses_embedded_redis() else None
    web = None
    try:
        call_command("migrate", verbosity=0)
        from django.db import connection

        stack, cookies = make_stack_and_cookie()
        base = f"http://127.0.0.1:{PORT}"
        web = _live.start_uvicorn(PORT)
        _live.wait_http(base + "/accounts/login/", web)
        floor = asyncio.run(redis_run(args.n, interval, bound))
        sse = asyncio.run(sse_run(base, stack, cookies, args.n, interval, bound))
        result = {"database": connection.vendor, "interval_ms": args.interval_ms, "sse": sse, "redis": floor,
                  "load_avg_1m": round(os.getloadavg()[0], 2)}
    finally:
        _live.stop(web)
        embedded_redis.stop(redis_proc)
        if OWN_DATA_DIR:
            import shutil

            shutil.rmtree(OWN_DATA_DIR, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k in ("sse", "redis"):
            s = result[k]
            print(f"{k:6} p50 {s['p50_ms']:8.2f} ms  p90 {s['p90_ms']:8.2f}  p99 {s['p99_ms']:8.2f}  "
                  f"max {s['max_ms']:8.2f}  (n={s['n']}, lost {s['lost']})")
        print(f"sse duplicated {sse['duplicated']}")
    ok = sse["lost"] == 0 and sse["duplicated"] == 0 and not sse["publisher_errors"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
