"""Console server time and query counts with 10,000 stacks and 1,000,000 events.

Rows are generated with bulk_create into a throwaway SQLite data dir (migrated fresh), then each page
is rendered through Django's test client in-process (server time = request in, response out; no
network), with the queries counted by CaptureQueriesContext. Best of 5 after one warm-up.
The biggest stack carries 10% of all events, the rest are spread evenly.

    .venv/bin/python bench/bench_console.py [--json] [--stacks 10000] [--events 1000000]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
DATA = tempfile.mkdtemp(prefix="rosconsole-bench-console-")
os.environ["ROSCONSOLE_DATA_DIR"] = DATA
os.environ["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

TEMPLATE = json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": {}})
STATUSES = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "CREATE_FAILED", "DELETE_FAILED", "ROLLBACK_COMPLETE"]


def generate(account, n_stacks: int, n_events: int) -> tuple[str, float]:
    from stacks.models import Stack, StackEvent

    t0 = time.perf_counter()
    now = timezone.now()
    big_share = n_events // 10
    rest = n_events - big_share
    per = rest // max(1, n_stacks - 1)
    ids = []
    with transaction.atomic():
        batch = []
        for i in range(n_stacks):
            sid = uuid.uuid4()
            ids.append(sid)
            batch.append(Stack(id=sid, account=account, region="cn-hangzhou", name=f"stack-{i:05d}",
                               status=STATUSES[i % len(STATUSES)], template_body=TEMPLATE,
                               created_at=now - timezone.timedelta(seconds=i)))
        Stack.objects.bulk_create(batch, batch_size=2000)
    counts = {sid: per for sid in ids[1:]}
    counts[ids[0]] = big_share + (rest - per * (n_stacks - 1))
    batch = []
    for sid, count in counts.items():
        for seq in range(1, count + 1):
            batch.append(StackEvent(stack_id=sid, sequence=seq, logical_id=f"R{seq % 50}", physical_id=f"p-{seq}",
                                    resource_type="ALIYUN::ROS::WaitConditionHandle",
                                    status="CREATE_COMPLETE" if seq % 2 else "CREATE_IN_PROGRESS",
                                    created_at=now))
            if len(batch) >= 20000:
                with transaction.atomic():
                    StackEvent.objects.bulk_create(batch)
                batch = []
    if batch:
        with transaction.atomic():
            StackEvent.objects.bulk_create(batch)
    Stack.objects.filter(pk__in=ids).update(event_sequence=per)
    Stack.objects.filter(pk=ids[0]).update(event_sequence=counts[ids[0]])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return str(ids[0]), time.perf_counter() - t0


def measure(client: Client, url: str, repeat: int = 5) -> dict:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    best, queries = float("inf"), None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            resp = client.get(url)
            ms = (time.perf_counter() - t) * 1000
        assert resp.status_code == 200
        best, queries = min(best, ms), len(ctx.captured_queries)
    return {"url": url, "ms": round(best, 1), "queries": queries, "bytes": len(resp.content)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stacks", type=int, default=10000)
    ap.add_argument("--events", type=int, default=1000000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    try:
        setup_test_environment()
        call_command("migrate", verbosity=0)
        from rosconsole.accounts.services import create_user

        user, _ = create_user("bench", account_name="bench", role="admin", password="bench-pass-1")
        account = user.memberships.get().account
        big, gen_s = generate(account, args.stacks, args.events)
        client = Client()
        client.force_login(user)
        result = {"database": connection.vendor, "stacks": args.stacks, "events": args.events,
                  "generate_s": round(gen_s, 1), "events_on_measured_stack": args.events // 10,
                  "login_page": measure(Client(), "/accounts/login/"),
                  "stack_list": measure(client, "/stacks/"),
                  "stack_page": measure(client, f"/stacks/{big}/"),
                  "stack_events_tab": measure(client, f"/stacks/{big}/events/")}
    finally:
        connection.close()
        shutil.rmtree(DATA, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k in ("login_page", "stack_list", "stack_page", "stack_events_tab"):
            print(f"{k:18} {result[k]['ms']:8.1f} ms  {result[k]['queries']:3d} queries  {result[k]['url']}")
        print(f"generated {result['stacks']} stacks / {result['events']} events in {result['generate_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
