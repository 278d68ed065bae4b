"""Timer triggers fired by the beat tick, OSS triggers fired by object events; a REAL worker runs them."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fcruntime import services
from fcruntime.models import Invocation, Trigger
from fcruntime.services import oss
from fcruntime.triggers import tasks as trigger_tasks
from fcruntime.triggers import timer
from tests.integration.triggers_helpers import wait_for
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = [pytest.mark.integration]

ECHO = "import json\ndef handler(event, context):\n    return json.loads(event)\n"


@pytest.fixture
def acme(transactional_db, make_user):
    return make_user("alice", "acme", "admin").memberships.get().account


def _fn(acme, name: str, source: str = ECHO):
    svc = (services.list_services(acme) or [services.create_service(acme, "events")])[0]
    return services.create_function(svc, name, runtime="python3.9", handler="index.handler",
                                    code={"ZipFile": b64(make_zip({"index.py": source}))})


def _finished(qs):
    return wait_for(lambda: [i for i in qs.all() if i.is_terminal] or None, timeout=40)


def test_timer_fires_through_beat_tick(celery_worker, acme):
    fn = _fn(acme, "ticker")
    trig = services.create_trigger(fn, "every-second", "timer",
                                   {"cronExpression": "*/1 * * * * *", "payload": "awesome-fc", "enable": True})
    assert trig.next_fire_at is not None and trig.next_fire_at <= timezone.now() + timedelta(seconds=1)
    fired = wait_for(lambda: trigger_tasks.fire_timers(), timeout=5, interval=0.2)  # the beat task function
    assert fired == 1
    inv = _finished(Invocation.objects.filter(function=fn))[0]
    assert inv.ok, inv.error_message
    assert inv.invocation_type == "Async" and inv.source == "trigger:every-second"
    event = json.loads(bytes(inv.event))
    assert set(event) == {"triggerTime", "triggerName", "payload"}
    assert event["triggerName"] == "every-second" and event["payload"] == "awesome-fc"
    assert event["triggerTime"].endswith("Z") and len(event["triggerTime"]) == 20
    assert json.loads(bytes(inv.result)) == event
    trig.refresh_from_db()
    assert trig.last_fired_at is not None and trig.next_fire_at > trig.last_fired_at - timedelta(seconds=1)


def test_each_scheduled_time_fires_once_and_missed_times_are_not_replayed(celery_worker, acme):
    fn = _fn(acme, "catchup")
    trig = services.create_trigger(fn, "hourly", "timer", {"cronExpression": "0 0 * * * *"})
    long_ago = timezone.now() - timedelta(hours=5)
    Trigger.objects.filter(pk=trig.pk).update(next_fire_at=long_ago)
    now = timezone.now()
    assert timer.fire_due(now) == 1  # one catch-up, not five
    assert timer.fire_due(now) == 0  # already claimed
    trig.refresh_from_db()
    assert trig.next_fire_at > now and trig.next_fire_at.minute == 0 and trig.next_fire_at.second == 0
    inv = _finished(Invocation.objects.filter(function=fn))[0]
    assert json.loads(bytes(inv.event))["triggerTime"] == long_ago.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_disabled_timer_does_not_fire_and_fire_now_does(celery_worker, acme):
    fn = _fn(acme, "manual")
    trig = services.create_trigger(fn, "off", "timer", {"cronExpression": "*/1 * * * * *", "enable": False,
                                                        "payload": "p"})
    assert trig.enabled is False and trig.next_fire_at is None
    assert timer.fire_due(timezone.now() + timedelta(seconds=5)) == 0
    inv = services.fire_trigger(trig)
    assert inv.source == "trigger:off (fire now)"
    inv = _finished(Invocation.objects.filter(pk=inv.pk))[0]
    assert inv.ok and json.loads(bytes(inv.result))["payload"] == "p"
    trig = services.set_enabled(trig, True)
    assert trig.enabled and trig.next_fire_at is not None


OSS_HANDLER = '''\
import json
def handler(event, context):
    ev = json.loads(event)["events"][0]
    return {"name": ev["eventName"], "key": ev["oss"]["object"]["key"], "etag": ev["oss"]["object"]["eTag"],
            "size": ev["oss"]["object"]["size"], "bucket": ev["oss"]["bucket"]["name"]}
'''


def test_oss_put_and_delete_fire_matching_triggers(celery_worker, acme, tmp_path):
    fn = _fn(acme, "on-upload", OSS_HANDLER)
    bucket = services.create_bucket(acme, "uploads-bucket")
    arn = f"acs:oss:{bucket.region}:{acme.account_id}:{bucket.name}"
    services.create_trigger(fn, "created", "oss", {"events": ["oss:ObjectCreated:*"],
                                                   "filter": {"key": {"prefix": "in/", "suffix": ".txt"}}},
                            source_arn=arn, invocation_role="acs:ram::1:role/fc")
    services.create_trigger(fn, "removed", "oss", {"events": ["oss:ObjectRemoved:DeleteObject"]},
                            source_arn=arn, invocation_role="acs:ram::1:role/fc")
    obj = oss.put_object(bucket, "in/hello.txt", b"hello world", user_meta={"x-oss-meta-owner": "alice"})
    assert obj.etag == "5EB63BBBE01EEED093CB22BB8F5ACDC3" and obj.content_type == "text/plain"
    oss.put_object(bucket, "out/skip.txt", b"no trigger")  # prefix does not match
    oss.put_object(bucket, "in/skip.png", b"no trigger")  # suffix does not match
    created = _finished(Invocation.objects.filter(function=fn, source="trigger:created"))
    assert len(created) == 1 and created[0].ok, created[0].error_message
    assert json.loads(bytes(created[0].result)) == {"name": "ObjectCreated:PutObject", "key": "in/hello.txt",
                                                    "etag": obj.etag, "size": 11, "bucket": "uploads-bucket"}
    event = json.loads(bytes(created[0].event))["events"][0]
    assert event["oss"]["object"]["objectMeta"]["userMeta"] == {"x-oss-meta-owner": "alice"}
    assert oss.get_object(bucket, "in/hello.txt")[1] == b"hello world"
    assert [o.key for o in oss.list_objects(bucket, prefix="in/")] == ["in/hello.txt", "in/skip.png"]
    assert oss.delete_object(bucket, "in/hello.txt") is True
    removed = _finished(Invocation.objects.filter(function=fn, source="trigger:removed"))
    assert json.loads(bytes(removed[0].result))["name"] == "ObjectRemoved:DeleteObject"
    assert Invocation.objects.filter(function=fn).count() == 2


def test_fc_oss_cli_and_code_from_oss(celery_worker, acme, tmp_path, capsys):
    bucket = services.create_bucket(acme, "code-bucket")
    src = tmp_path / "code.zip"
    src.write_bytes(make_zip({"index.py": "def handler(event, context):\n    return b'from oss'\n"}))
    call_command("fc", "oss", "put", "code-bucket", "pkg/code.zip", str(src))
    call_command("fc", "oss", "ls", "code-bucket")
    out = capsys.readouterr().out
    assert "pkg/code.zip" in out
    dest = tmp_path / "back.zip"
    call_command("fc", "oss", "get", "code-bucket", "pkg/code.zip", str(dest))
    assert dest.read_bytes() == src.read_bytes()
    svc = services.create_service(acme, "from-oss")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"OssBucketName": "code-bucket", "OssObjectName": "pkg/code.zip"})
    assert bytes(services.invoke(fn, b"").result) == b"from oss"
    call_command("fc", "oss", "rm", "code-bucket", "pkg/code.zip")
    assert oss.list_objects(bucket) == []


SDK_PROBE = '''\
import json
def handler(event, context):
    import oss2
    import aliyunsdkcore
    from aliyunsdkcore.client import AcsClient
    from aliyunsdksts.request.v20150401 import AssumeRoleRequest
    auth = oss2.Auth("id", "secret")
    return json.dumps({"oss2": oss2.__version__, "core": aliyunsdkcore.__version__, "path": oss2.__file__})
'''


def test_preinstalled_sdks_are_importable(celery_worker, acme):
    from fcruntime.services import runtime_libs

    if not runtime_libs.layers_for("python3.9"):
        pytest.skip("FC runtime libraries are not installed (make installs requirements-fc-runtime.txt)")
    fn = _fn(acme, "sdk", SDK_PROBE)
    inv = services.invoke(fn, b"")
    assert inv.ok, inv.error_message + inv.logs
    doc = json.loads(bytes(inv.result))
    assert doc["oss2"] == "2.19.1" and doc["core"] == "2.16.1"
    assert doc["path"].startswith("/opt/python/") or "/layers/" in doc["path"]
