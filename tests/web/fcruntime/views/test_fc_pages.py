"""FC console pages: services, functions, function tabs, invocations, buckets."""
from __future__ import annotations

from django.test import Client


def test_service_list_and_detail(alice_client, fn, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = alice_client.get("/fc/services/").content.decode()
    assert 'href="/fc/services/svc/"' in body and "demo service" in body
    partial = alice_client.get("/fc/services/?q=sv", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="service-table"')
    body = alice_client.get("/fc/services/svc/").content.decode()
    assert 'href="/fc/services/svc/functions/echo/"' in body and "python3.10" in body


def test_function_list(alice_client, fn):
    body = alice_client.get("/fc/functions/").content.decode()
    assert ">echo<" in body and ">svc<" in body
    assert "No functions match" in alice_client.get("/fc/functions/?q=zzz").content.decode()


def test_empty_states(alice_client, acme):
    assert "No services in this region yet" in alice_client.get("/fc/services/").content.decode()
    assert "No buckets yet" in alice_client.get("/fc/buckets/").content.decode()


def test_function_configuration(alice_client, fn):
    body = alice_client.get("/fc/services/svc/functions/echo/").content.decode()
    for text in ("Configuration", "index.handler", "GREETING", "acs:fc:cn-hangzhou:", ">Code<", ">Triggers<",
                 ">Test<", ">Invocations<"):
        assert text in body


def test_code_tab_tree_viewer_and_deploy(alice_client, bob_client, fn):
    body = alice_client.get("/fc/services/svc/functions/echo/code/").content.decode()
    assert "index.py" in body and "hello log" in body and ">Deploy<" in body
    partial = alice_client.get("/fc/services/svc/functions/echo/code/?file=index.py", HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<section class="card code-view" id="code-viewer"')
    assert ">Deploy<" not in bob_client.get("/fc/services/svc/functions/echo/code/").content.decode()
    assert bob_client.post("/fc/services/svc/functions/echo/code/", {"source_code": "x"}).status_code == 403
    response = alice_client.post("/fc/services/svc/functions/echo/code/",
                                 {"source_code": "def handler(e, c):\n    return 'v2'\n"})
    assert response.status_code == 302
    fn.refresh_from_db()
    assert "v2" in fn.source_code


def test_test_tab_invokes_through_the_service(alice_client, fn, make_invocation, monkeypatch):
    from fcruntime import services

    calls = []

    def fake_invoke(function, payload, **kwargs):
        calls.append((function.pk, payload, kwargs))
        return make_invocation(cold_start=True)

    monkeypatch.setattr(services, "invoke", fake_invoke)
    body = alice_client.get("/fc/services/svc/functions/echo/test/?sample=oss").content.decode()
    assert "ObjectCreated:PutObject" in body and "Timer trigger" in body
    response = alice_client.post("/fc/services/svc/functions/echo/test/", {"event": '{"a": 1}', "action": "invoke"},
                                 HTTP_HX_REQUEST="true", HTTP_HX_TARGET="invoke-result")
    body = response.content.decode()
    assert calls == [(fn.pk, '{"a": 1}', {"source": "console"})]
    assert body.lstrip().startswith('<div id="invoke-result"')
    assert "succeeded" in body and "12.50 ms" in body and "Cold start" in body and "hello log" in body
    assert "&quot;ok&quot;: true" in body


def test_saved_test_events(alice_client, fn):
    alice_client.post("/fc/services/svc/functions/echo/test/", {"event": "{\"x\": 9}", "action": "save",
                                                                "event_name": "nine"})
    body = alice_client.get("/fc/services/svc/functions/echo/test/?saved=nine").content.decode()
    assert "?saved=nine" in body and "&quot;x&quot;: 9" in body


def test_viewer_cannot_invoke(bob_client, fn):
    assert "Viewers cannot invoke" in bob_client.get("/fc/services/svc/functions/echo/test/").content.decode()
    assert bob_client.post("/fc/services/svc/functions/echo/test/", {"event": "{}"}).status_code == 403


def test_invocation_history_failed_filter_and_detail(alice_client, fn, make_invocation):
    ok = make_invocation()
    bad = make_invocation(status="failed", error_message="boom", result=b'{"errorMessage": "boom"}')
    body = alice_client.get("/fc/services/svc/functions/echo/invocations/").content.decode()
    assert ok.request_id in body and bad.request_id in body and 'hx-trigger="every 3s"' in body
    body = alice_client.get("/fc/services/svc/functions/echo/invocations/?failed=1").content.decode()
    assert ok.request_id not in body and bad.request_id in body
    response = alice_client.get(f"/fc/invocations/{bad.request_id}/")
    assert response.status_code == 200 and "boom" in response.content.decode() and "hello log" in response.content.decode()
    assert alice_client.get(f"/fc/invocations/{bad.request_id}/", HTTP_HX_REQUEST="true").status_code == 286


def test_triggers_tab_shows_http_url(alice_client, fn):
    from fcruntime.models import Trigger

    Trigger.objects.create(function=fn, name="web", trigger_type="http",
                           trigger_config={"authType": "anonymous", "methods": ["GET"]})
    body = alice_client.get("/fc/services/svc/functions/echo/triggers/").content.decode()
    assert "/2016-08-15/proxy/svc/echo/" in body and "anonymous" in body


def test_other_accounts_get_404(charlie_client, fn, make_invocation):
    inv = make_invocation()
    for url in ("/fc/services/svc/", "/fc/services/svc/functions/echo/", "/fc/services/svc/functions/echo/test/",
                f"/fc/invocations/{inv.request_id}/"):
        assert charlie_client.get(url).status_code == 404, url


def test_buckets_create_list_and_objects(alice_client, bob_client, acme):
    assert bob_client.post("/fc/buckets/", {"name": "my-bucket"}).status_code == 403
    assert alice_client.post("/fc/buckets/", {"name": "my-bucket"}).status_code == 302
    body = alice_client.get("/fc/buckets/").content.decode()
    assert 'href="/fc/buckets/my-bucket/"' in body
    assert "This bucket is empty" in alice_client.get("/fc/buckets/my-bucket/").content.decode()
    response = alice_client.post("/fc/buckets/", {"name": "Bad_Name"})
    assert response.status_code == 400 and "InvalidArgument" in response.content.decode()


def test_fc_post_needs_csrf(alice, fn):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/fc/services/svc/functions/echo/test/", {"event": "{}"}).status_code == 403


def test_timer_trigger_shows_next_fire_times_and_fire_now(alice_client, bob_client, fn, monkeypatch):
    from fcruntime import services
    from fcruntime.models import Trigger

    Trigger.objects.create(function=fn, name="tick", trigger_type="timer",
                           trigger_config={"cronExpression": "@every 5m", "enable": True})
    body = alice_client.get("/fc/services/svc/functions/echo/triggers/").content.decode()
    assert body.count("<time datetime=") >= 5 and "Fire now" in body and "Send test event" in body
    assert "Fire now" not in bob_client.get("/fc/services/svc/functions/echo/triggers/").content.decode()
    fired = []
    monkeypatch.setattr(services, "fire_trigger", lambda trigger: fired.append(trigger.name))
    response = alice_client.post("/fc/services/svc/functions/echo/triggers/", {"trigger": "tick", "action": "fire"})
    assert response.status_code == 302 and fired == ["tick"]
    assert bob_client.post("/fc/services/svc/functions/echo/triggers/",
                           {"trigger": "tick", "action": "fire"}).status_code == 403


def test_bucket_objects_upload_download_delete(alice_client, bob_client, acme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    alice_client.post("/fc/buckets/", {"name": "files-1"})
    upload = SimpleUploadedFile("hello.txt", b"hello oss", content_type="text/plain")
    response = alice_client.post("/fc/buckets/files-1/", {"action": "upload", "prefix": "incoming/", "file": upload})
    assert response.status_code == 302
    body = alice_client.get("/fc/buckets/files-1/").content.decode()
    assert "incoming/hello.txt" in body and ">Download<" in body and ">Delete<" in body
    assert ">Delete<" not in bob_client.get("/fc/buckets/files-1/").content.decode()
    download = alice_client.get("/fc/buckets/files-1/objects/incoming/hello.txt")
    assert download.content == b"hello oss" and "attachment" in download["Content-Disposition"]
    assert bob_client.post("/fc/buckets/files-1/", {"action": "delete", "key": "incoming/hello.txt"}).status_code == 403
    alice_client.post("/fc/buckets/files-1/", {"action": "delete", "key": "incoming/hello.txt"})
    assert "This bucket is empty" in alice_client.get("/fc/buckets/files-1/").content.decode()
