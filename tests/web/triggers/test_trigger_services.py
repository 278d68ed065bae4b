"""Trigger services (no worker): validation, uniqueness, timer scheduling, attributes, proxy errors, ResponseURL."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fcruntime import custom_response, errors, services
from fcruntime.models import Invocation, Trigger
from fcruntime.services import triggers
from fcruntime.triggers import timer
from tests.web.fcruntime.helpers import b64, make_zip

CODE = {"ZipFile": b64(make_zip({"index.py": "def handler(e, c):\n    return e\n"}))}


@pytest.fixture
def fn(acme):
    svc = services.create_service(acme, "svc")
    return services.create_function(svc, "fn", runtime="python3.9", handler="index.handler", code=CODE)


def test_create_validates_per_type(fn):
    with pytest.raises(errors.InvalidArgument, match="not one of"):
        services.create_trigger(fn, "t", "sqs", {})
    with pytest.raises(errors.InvalidArgument, match="invocationRole is required"):
        services.create_trigger(fn, "t", "oss", {"events": ["oss:ObjectCreated:*"]}, source_arn="acs:oss:r:1:b")
    with pytest.raises(errors.InvalidArgument, match="sourceArn"):
        services.create_trigger(fn, "t", "oss", {"events": ["oss:ObjectCreated:*"]}, invocation_role="r")
    with pytest.raises(errors.InvalidArgument, match="TriggerName"):
        services.create_trigger(fn, "1bad", "http", {"authType": "anonymous", "methods": ["GET"]})
    with pytest.raises(errors.VersionNotFound):
        services.create_trigger(fn, "t", "http", {"authType": "anonymous", "methods": ["GET"]}, qualifier="7")
    assert not Trigger.objects.exists()


def test_names_unique_and_one_http_trigger_per_qualifier(fn):
    services.create_trigger(fn, "web", "http", {"authType": "anonymous", "methods": ["GET"]})
    with pytest.raises(triggers.TriggerAlreadyExists):
        services.create_trigger(fn, "web", "timer", {"cronExpression": "@every 5m"})
    with pytest.raises(errors.InvalidArgument, match="already has an HTTP trigger"):
        services.create_trigger(fn, "web2", "http", {"authType": "anonymous", "methods": ["GET"]})


def test_timer_schedule_on_create_update_and_disable(fn):
    t = services.create_trigger(fn, "tick", "timer", {"cronExpression": "0 0 4 * * *"})
    assert t.next_fire_at.hour == 4 and t.next_fire_at > timezone.now()
    t = services.update_trigger(t, config={"cronExpression": "@every 10m", "enable": True})
    assert abs((t.next_fire_at - (t.modified_at + timedelta(minutes=10))).total_seconds()) < 1
    t = services.set_enabled(t, False)
    assert t.enabled is False and t.next_fire_at is None
    assert timer.fire_due(timezone.now() + timedelta(days=1)) == 0
    with pytest.raises(errors.InvalidArgument, match="cannot be enabled"):
        services.set_enabled(services.create_trigger(fn, "w", "http", {"authType": "anonymous",
                                                                       "methods": ["GET"]}), True)


def test_timer_fire_due_queues_async_invocation(fn, django_capture_on_commit_callbacks):
    t = services.create_trigger(fn, "tick", "timer", {"cronExpression": "*/1 * * * * *", "payload": "hi"})
    scheduled = t.next_fire_at
    assert timer.fire_due(scheduled + timedelta(milliseconds=10)) == 1
    inv = Invocation.objects.get(function=fn)
    assert inv.invocation_type == "Async" and inv.source == "trigger:tick" and inv.status == "queued"
    assert json.loads(bytes(inv.event))["triggerTime"] == scheduled.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_http_url_and_fires_locally(fn, settings):
    settings.PUBLIC_URL = "http://fc.example:9000"
    t = services.create_trigger(fn, "web", "http", {"authType": "anonymous", "methods": ["GET"]})
    assert services.http_url(t) == "http://fc.example:9000/2016-08-15/proxy/svc/fn/"
    assert t.fires_locally and triggers.fires_locally(t)
    with pytest.raises(errors.InvalidArgument, match="HTTP requests"):
        services.send_test_event(t)


def test_proxy_errors_without_worker(fn, client: Client):
    services.create_trigger(fn, "web", "http", {"authType": "function", "methods": ["GET"]})
    r = client.get("/2016-08-15/proxy/svc/fn/x")
    assert r.status_code == 400 and r.json()["ErrorCode"] == "MissingRequiredHeader"
    r = client.get("/2016-08-15/proxy/svc/fn/x", {"x-fc-expires": "1", "x-fc-access-key-id": "LTAIx",
                                                  "x-fc-signature": "abc"})
    assert r.status_code == 403
    r = client.get("/2016-08-15/proxy/svc.prod/fn/")
    assert r.status_code == 404 and r.json()["ErrorCode"] == "TriggerNotFound"
    r = client.get("/2016-08-15/proxy/nosvc/fn/")
    assert r.status_code == 404 and r.json()["ErrorCode"] == "FunctionNotFound"
    assert r["X-Fc-Request-Id"]
    assert not Invocation.objects.exists()


def test_proxy_host_picks_the_account(fn, charlie, client: Client):
    other = charlie.memberships.get().account
    svc = services.create_service(other, "svc")
    fn2 = services.create_function(svc, "fn", runtime="python3.9", handler="index.handler", code=CODE)
    services.create_trigger(fn, "web", "http", {"authType": "anonymous", "methods": ["GET"]})
    services.create_trigger(fn2, "web", "http", {"authType": "anonymous", "methods": ["POST"]})
    r = client.get("/2016-08-15/proxy/svc/fn/")
    assert r.status_code == 400 and "several accounts" in r.json()["ErrorMessage"]
    r = client.get("/2016-08-15/proxy/svc/fn/", headers={"X-Fc-Account-Id": other.account_id})
    assert r.status_code == 405  # charlie's trigger takes POST only: the header chose his function


def test_response_url_view(settings):
    client = Client()
    token = custom_response.new_token()
    url = custom_response.ROUTE_PREFIX + token
    assert client.put(url, b"{}", content_type="application/json").status_code == 404
    custom_response.open_slot(token, 60, "test")
    assert client.get(url).status_code == 405
    assert client.put(url, b"[1]", content_type="application/json").status_code == 400
    assert client.put(url, json.dumps({"Status": "FAILED"}), content_type="application/json").status_code == 400
    assert client.put(url, b"x" * 5000, content_type="application/json").status_code == 400
    ok = {"Status": "SUCCESS", "PhysicalResourceId": "p", "Data": {"a": 1}}
    assert client.post(url, json.dumps(ok), content_type="application/json").status_code == 200
    assert client.put(url, json.dumps({**ok, "Data": {"a": 2}}), content_type="application/json").status_code == 200
    assert custom_response.read_response(token)["Data"] == {"a": 1}  # the first answer wins
    custom_response.close_slot(token)
    assert custom_response.read_response(token) is None
    assert custom_response.response_url(token) == settings.PUBLIC_URL + url


def test_console_fire_and_test_actions(fn, alice_client):
    t = services.create_trigger(fn, "tick", "timer", {"cronExpression": "@every 5m", "payload": "p"})
    url = f"/fc/services/svc/functions/fn/triggers/"
    assert alice_client.get(url).status_code == 200
    r = alice_client.post(url, {"action": "fire", "trigger": t.name})
    assert r.status_code == 302
    inv = Invocation.objects.get(function=fn)
    assert inv.source == "trigger:tick (fire now)" and inv.invocation_type == "Async"


def test_tick_schedules_timer_rows_written_without_a_schedule(fn):
    row = Trigger.objects.create(function=fn, name="raw", trigger_type="timer",
                                 trigger_config={"cronExpression": "0 0 4 * * *", "enable": True})
    assert row.next_fire_at is None
    assert timer.fire_due() == 0
    row.refresh_from_db()
    assert row.next_fire_at is not None and row.next_fire_at.hour == 4
