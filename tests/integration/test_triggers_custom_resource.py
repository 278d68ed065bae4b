"""Custom resources and ALIYUN::FC::Trigger driven like the engine drives providers, with a REAL worker
running the handler in the sandbox and a REAL uvicorn serving the ResponseURL the handler PUTs to."""
from __future__ import annotations

import json
import time

import pytest
import requests

from fcruntime import services
from fcruntime.models import Invocation, Trigger
from fcruntime.resources.custom_resource import CustomResourceProvider
from fcruntime.resources.trigger import TriggerProvider
from stacks.resources.base import ProviderRequest, StepResult
from tests.integration.triggers_helpers import start_uvicorn, stop
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = [pytest.mark.integration]

HANDLER = '''\
import json
import urllib.request


def handler(event, context):
    req = json.loads(event)
    props = req["ResourceProperties"]
    if props.get("Silent"):
        return "not answering"
    body = {"Status": "SUCCESS", "StackId": req["StackId"], "RequestId": req["RequestId"],
            "LogicalResourceId": req["LogicalResourceId"],
            "PhysicalResourceId": req.get("PhysicalResourceId") or "sum-" + req["RequestId"][:8],
            "Data": {"Sum": props.get("A", 0) + props.get("B", 0), "RequestType": req["RequestType"],
                     "Old": req.get("OldResourceProperties"), "Keys": sorted(req)}}
    if props.get("Fail"):
        body = {"Status": "FAILED", "Reason": "asked to fail", "StackId": req["StackId"],
                "RequestId": req["RequestId"], "LogicalResourceId": req["LogicalResourceId"]}
    data = json.dumps(body).encode()
    r = urllib.request.Request(req["ResponseURL"], data=data, method="PUT",
                               headers={"Content-Type": "application/json"})
    urllib.request.urlopen(r, timeout=20).read()
    return "answered"
'''


@pytest.fixture
def acme(transactional_db, make_user):
    return make_user("alice", "acme", "admin").memberships.get().account


@pytest.fixture
def server(transactional_db, settings):
    proc, url = start_uvicorn()
    settings.PUBLIC_URL = url
    yield url
    stop(proc)


@pytest.fixture
def token(acme):
    svc = services.create_service(acme, "cr", internet_access=True)
    fn = services.create_function(svc, "handler", runtime="python3.9", handler="index.handler", timeout=30,
                                  code={"ZipFile": b64(make_zip({"index.py": HANDLER}))})
    return services.function_arn(svc.region, acme.account_id, svc.name, fn.name)


def req(acme, props: dict, physical_id=None, old=None, type_="Custom::Adder") -> ProviderRequest:
    return ProviderRequest(stack_id="stack-123", stack_name="demo", account_id=acme.account_id, region="cn-hangzhou",
                           logical_id="Adder", resource_type=type_, physical_id=physical_id, properties=props,
                           old_properties=old)


def drive(step, request: ProviderRequest, limit_s: float = 60) -> StepResult:
    deadline = time.monotonic() + limit_s
    result = step(request)
    while result.status == "in_progress":
        assert time.monotonic() < deadline, "provider step did not finish"
        time.sleep(result.delay_s)
        request.context = result.context
        result = step(request)
    return result


def test_create_update_delete(celery_worker, acme, server, token):
    provider = CustomResourceProvider()
    props = {"ServiceToken": token, "Timeout": 60, "Parameters": {"A": 1, "B": 2}}
    created = drive(provider.create, req(acme, props))
    assert created.status == "done", created.reason
    assert created.physical_id.startswith("sum-")
    assert created.attributes["Sum"] == 3 and created.attributes["RequestType"] == "Create"
    assert created.attributes["Outputs"]["Sum"] == 3
    assert set(created.attributes["Keys"]) >= {
        "RequestType", "RequestId", "ResponseURL", "IntranetResponseURL", "StackId", "StackName",
        "ResourceOwnerId", "CallerId", "RegionId", "ResourceType", "LogicalResourceId", "ResourceProperties"}
    inv = Invocation.objects.filter(source="custom-resource").first()
    event = json.loads(bytes(inv.event))
    assert inv.invocation_type == "Async" and event["ResourceType"] == "Custom::Adder"
    assert event["ResponseURL"].startswith(server + "/fc/custom-resource-response/")
    assert event["ResourceOwnerId"] == acme.account_id and event["RegionId"] == "cn-hangzhou"
    # the URL is single-use per request: once answered it is closed
    assert requests.put(event["ResponseURL"], json={"Status": "SUCCESS"}, timeout=10).status_code == 404

    new = {"ServiceToken": token, "Timeout": 60, "Parameters": {"A": 10, "B": 5}}
    updated = drive(provider.update, req(acme, new, physical_id=created.physical_id, old=props))
    assert updated.status == "done", updated.reason
    assert updated.physical_id == created.physical_id
    assert updated.attributes["Sum"] == 15 and updated.attributes["Old"] == {"A": 1, "B": 2}

    deleted = drive(provider.delete, req(acme, new, physical_id=created.physical_id))
    assert deleted.status == "done"
    last = json.loads(bytes(Invocation.objects.filter(source="custom-resource").order_by("-created_at")[0].event))
    assert last["RequestType"] == "Delete" and last["PhysicalResourceId"] == created.physical_id


def test_failed_response_and_timeout(celery_worker, acme, server, token):
    provider = CustomResourceProvider()
    failed = drive(provider.create, req(acme, {"ServiceToken": token, "Timeout": 60,
                                               "Parameters": {"Fail": True}}))
    assert failed.status == "failed" and "asked to fail" in failed.reason
    t0 = time.monotonic()
    silent = drive(provider.create, req(acme, {"ServiceToken": token, "Timeout": 3,
                                               "Parameters": {"Silent": True}}))
    assert silent.status == "failed"
    assert silent.reason == "custom resource Adder did not respond within 3 seconds"
    assert time.monotonic() - t0 < 15
    # a Delete whose handler fails lets ROS proceed
    gone = drive(provider.delete, req(acme, {"ServiceToken": token, "Timeout": 60, "Parameters": {"Fail": True}},
                                      physical_id="sum-x"))
    assert gone.status == "done"


def test_unsupported_service_tokens(acme):
    provider = CustomResourceProvider()
    for token, kind in [("acs:mns:cn-hangzhou:123:queues/q", "MNS queue"),
                        ("acs:mns:cn-hangzhou:123:/topics/t", "MNS topic"),
                        ("web[sync,idempotent]:https://example.com/hook", "HTTP(S) web endpoint")]:
        result = provider.create(req(acme, {"ServiceToken": token, "Timeout": 10}))
        assert result.status == "failed" and "NotSupported" in result.reason and kind in result.reason
    missing = provider.create(req(acme, {"ServiceToken": "acs:fc:cn-hangzhou:%s:services/x/functions/y"
                                                         % acme.account_id, "Timeout": 10}))
    assert missing.status == "failed" and "ServiceNotFound" in missing.reason


def test_trigger_provider(celery_worker, acme, settings):
    svc = services.create_service(acme, "svc")
    services.create_function(svc, "fn", runtime="python3.9", handler="index.handler",
                             code={"ZipFile": b64(make_zip({"index.py": "def handler(e, c):\n    return e\n"}))})
    provider = TriggerProvider()
    base = {"ServiceName": "svc", "FunctionName": "fn"}
    http = provider.create(req(acme, {**base, "TriggerName": "web", "TriggerType": "http",
                                      "TriggerConfig": {"AuthType": "anonymous", "Methods": ["GET", "POST"]}},
                               type_="ALIYUN::FC::Trigger"))
    assert http.status == "done", http.reason
    assert http.physical_id == "svc|fn|web"
    assert http.attributes["UrlInternet"] == settings.PUBLIC_URL + "/2016-08-15/proxy/svc/fn/"
    assert http.attributes["UrlIntranet"] == http.attributes["UrlInternet"]
    assert set(http.attributes) == set(TriggerProvider.ATTRIBUTES) and http.attributes["TriggerId"]

    props = {**base, "TriggerName": "tick", "TriggerType": "timer",
             "TriggerConfig": {"CronExpression": "@every 5m", "Enable": True, "Payload": "x"}}
    tick = provider.create(req(acme, props, type_="ALIYUN::FC::Trigger"))
    assert tick.status == "done", tick.reason
    row = Trigger.objects.get(name="tick")
    assert row.trigger_config == {"cronExpression": "@every 5m", "payload": "x", "enable": True}
    assert row.next_fire_at is not None and tick.attributes["UrlInternet"] == ""
    new = {**props, "TriggerConfig": {"CronExpression": "0 0 4 * * *", "Enabled": False}}
    upd = provider.update(req(acme, new, physical_id=tick.physical_id, old=props, type_="ALIYUN::FC::Trigger"))
    assert upd.status == "done" and upd.attributes["TriggerId"] == tick.attributes["TriggerId"]
    row.refresh_from_db()
    assert row.enabled is False and row.next_fire_at is None and row.trigger_config["cronExpression"] == "0 0 4 * * *"
    assert TriggerProvider.replacement_properties() == {"ServiceName", "FunctionName", "TriggerName", "TriggerType",
                                                        "SourceArn"}

    bucket = services.create_bucket(acme, "prov-bucket")
    oss = provider.create(req(acme, {**base, "TriggerName": "up", "TriggerType": "oss",
                                     "InvocationRole": "acs:ram::1:role/fc",
                                     "TriggerConfig": {"BucketName": bucket.name, "Events": ["oss:ObjectCreated:*"],
                                                       "Filter": {"Key": {"Prefix": "a/", "Suffix": ""}}}},
                              type_="ALIYUN::FC::Trigger"))
    assert oss.status == "done", oss.reason
    assert Trigger.objects.get(name="up").source_arn == f"acs:oss:cn-hangzhou:{acme.account_id}:prov-bucket"
    bad = provider.create(req(acme, {**base, "TriggerName": "bad", "TriggerType": "timer",
                                     "TriggerConfig": {"CronExpression": "every day"}}, type_="ALIYUN::FC::Trigger"))
    assert bad.status == "failed" and "InvalidArgument" in bad.reason and "cronExpression" in bad.reason

    for physical in ("svc|fn|web", "svc|fn|tick", "svc|fn|up", "svc|fn|up"):
        assert provider.delete(req(acme, {}, physical_id=physical, type_="ALIYUN::FC::Trigger")).status == "done"
    assert not Trigger.objects.exists()


@pytest.mark.parametrize("ttype, config, role", [
    ("log", {"sourceConfig": {"logstore": "src"}, "jobConfig": {"maxRetryTime": 1, "triggerInterval": 60},
             "functionParameter": {"k": "v"}, "logConfig": {"project": "p", "logstore": "fc"}, "enable": True}, "r"),
    ("mns_topic", {"notifyStrategy": "BACKOFF_RETRY", "notifyContentFormat": "JSON"}, "r"),
    ("cdn_events", {"eventName": "LogFileCreated", "eventVersion": "1.0.0", "notes": "n",
                    "filter": {"domain": ["a.com"]}}, "r"),
    ("tablestore", {}, "r"),
    ("eventbridge", {"eventSourceConfig": {"eventSourceType": "Default"}}, ""),
])
def test_other_types_store_and_take_test_events(celery_worker, acme, ttype, config, role):
    svc = services.create_service(acme, "other")
    fn = services.create_function(svc, "sink", runtime="python3.9", handler="index.handler",
                                  code={"ZipFile": b64(make_zip({"index.py": "def handler(e, c):\n    return e\n"}))})
    arns = {"log": "acs:log:cn-hangzhou:1:project/proj", "mns_topic": "acs:mns:cn-hangzhou:1:/topics/t",
            "cdn_events": "acs:cdn:*:1", "tablestore": "acs:ots:cn-hangzhou:1:instance/i/table/t"}
    trig = services.create_trigger(fn, "t", ttype, config, source_arn=arns.get(ttype, ""), invocation_role=role)
    assert trig.fires_locally is False
    inv = services.send_test_event(trig)
    assert inv.invocation_type == "Async"
    deadline = time.monotonic() + 30
    while not inv.is_terminal:
        assert time.monotonic() < deadline
        time.sleep(0.2)
        inv.refresh_from_db()
    assert inv.ok and bytes(inv.result) == bytes(inv.event)
    if ttype != "mns_topic":
        json.loads(bytes(inv.event))
