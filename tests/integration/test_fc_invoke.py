"""Function execution through services.invoke and a REAL Celery worker (queue `invocations`)."""
from __future__ import annotations

import json
import time

import pytest

from fcruntime import services
from fcruntime.models import Invocation
from tests.web.fcruntime.helpers import b64, lottery_zip_b64, make_zip

pytestmark = [pytest.mark.integration]

PERSONS = ["张三", "李四", "王五"]


@pytest.fixture
def acme(transactional_db, make_user):
    user = make_user("alice", "acme", "admin")
    return user.memberships.get().account


@pytest.fixture
def lottery(acme):
    svc = services.create_service(acme, "test-fc-service")
    return services.create_function(svc, "test-fc-function", runtime="python2.7", handler="main.lottery",
                                    code={"ZipFile": lottery_zip_b64()}, timeout=2)


def _fn(acme, name: str, source: str, **kw):
    svc = services.list_services(acme)[0] if services.list_services(acme) else services.create_service(acme, "svc")
    return services.create_function(svc, name, runtime=kw.pop("runtime", "python3.9"), handler="index.handler",
                                    code={"ZipFile": b64(make_zip({"index.py": source}))}, **kw)


def test_sync_invoke_lottery(celery_worker, lottery):
    inv = services.invoke(lottery, ",".join(PERSONS).encode())
    assert inv.status == "succeeded", inv.error_message
    assert bytes(inv.result).decode() in PERSONS
    assert inv.source == "api" and inv.invocation_type == "Sync"
    assert "FC Invoke Start RequestId: " + inv.request_id in inv.logs
    assert inv.duration_ms > 0 and inv.instance_id
    again = services.invoke(lottery, "张三", log_type="Tail")
    assert bytes(again.result).decode() == "张三"
    assert again.cold_start is False and again.instance_id == inv.instance_id
    assert again.log_result
    assert Invocation.objects.filter(function=lottery).count() == 2


def test_handler_error_is_recorded(celery_worker, acme):
    fn = _fn(acme, "boom", "def handler(event, context):\n    raise ValueError('bad ' + event.decode())\n")
    inv = services.invoke(fn, b"input")
    assert inv.status == "failed"
    assert inv.error_type == "ValueError" and inv.error_message == "bad input"
    body = json.loads(bytes(inv.result))
    assert body["errorMessage"] == "bad input" and body["errorType"] == "ValueError"
    assert inv.stack_trace


def test_timeout_is_recorded(celery_worker, acme):
    fn = _fn(acme, "slow", "import time\ndef handler(event, context):\n    time.sleep(10)\n", timeout=1)
    t0 = time.monotonic()
    inv = services.invoke(fn, b"")
    assert time.monotonic() - t0 < 8
    assert inv.status == "timed_out"
    assert inv.error_message.startswith("Function timed out after 1 seconds")


def test_async_retries_then_on_failure_destination(celery_worker, acme):
    sink = _fn(acme, "sink", "def handler(event, context):\n    return event\n")
    arn = services.function_arn(sink.service.region, acme.account_id, sink.service.name, "sink", "LATEST")
    fn = _fn(acme, "flaky", "def handler(event, context):\n    raise RuntimeError('always')\n",
             async_configuration={"MaxAsyncRetryAttempts": 2, "Destination": {"OnFailure": arn}})
    inv = services.invoke(fn, b"payload", async_=True)
    assert inv.status == "queued" and inv.invocation_type == "Async"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        inv.refresh_from_db()
        if inv.is_terminal and inv.destination_request_id:
            break
        time.sleep(0.2)
    assert inv.status == "failed"
    assert inv.attempt == 3 and [a["attempt"] for a in inv.attempts] == [1, 2, 3]
    assert all(a["status"] == "failed" for a in inv.attempts)
    assert inv.destination == arn
    dest = Invocation.objects.get(request_id=inv.destination_request_id)
    while time.monotonic() < deadline and not dest.is_terminal:
        time.sleep(0.2)
        dest.refresh_from_db()
    assert dest.status == "succeeded" and dest.function_id == sink.pk
    record = json.loads(bytes(dest.result))
    assert record["requestContext"]["requestId"] == inv.request_id
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestPayload"] == "payload"
    assert record["responseContext"]["functionError"] == "always"


def test_async_success_runs_once(celery_worker, acme):
    fn = _fn(acme, "ok", "def handler(event, context):\n    return 'fine'\n")
    inv = services.invoke(fn, b"", async_=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not inv.is_terminal:
        time.sleep(0.1)
        inv.refresh_from_db()
    assert inv.status == "succeeded" and inv.attempt == 1 and bytes(inv.result) == b"fine"


def test_credentials_reach_the_function_only_with_a_role(celery_worker, acme):
    src = ("import json\ndef handler(event, context):\n    c = context.credentials\n"
           "    return json.dumps([c.access_key_id, c.access_key_secret])\n")
    fn = _fn(acme, "creds", src)
    assert json.loads(bytes(services.invoke(fn, b"").result)) in ([None, None], ["", ""])
    services.update_service(fn.service, role="acs:ram::1:role/fc")
    fn.refresh_from_db()
    key_id, secret = json.loads(bytes(services.invoke(fn, b"").result))
    from rosconsole.accounts.models import AccessKey
    key = AccessKey.objects.get(access_key_id=key_id)
    assert key.secret == secret and key.scope == f"fc:service:{fn.service.service_id}"
