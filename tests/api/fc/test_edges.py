"""Edge cases: payload limits, If-Match, OSS code sources, code link expiry, server-bug status."""
from __future__ import annotations

import fc2
import pytest
import requests

from tests.api.fc.conftest import raw_request


def _err(call):
    with pytest.raises(fc2.FcError) as err:
        call()
    return err.value


def test_async_payload_over_128k_is_entity_too_large(fc, service_with_function):
    svc, fn = service_with_function
    err = _err(lambda: fc.invoke_function(svc, fn, payload=b"x" * (128 * 1024 + 1),
                                          headers={"x-fc-invocation-type": "Async"}))
    assert (err.status_code, err.err_code) == (400, "EntityTooLarge")
    assert "131072 bytes" in err.message


def test_bad_invocation_headers(fc, service_with_function):
    svc, fn = service_with_function
    assert _err(lambda: fc.invoke_function(svc, fn, headers={"x-fc-invocation-type": "Later"})).status_code == 400
    assert _err(lambda: fc.invoke_function(svc, fn, headers={"x-fc-log-type": "All"})).status_code == 400
    assert _err(lambda: fc.invoke_function(svc, "missing")).err_code == "FunctionNotFound"


def test_if_match(fc, service_with_function):
    svc, fn = service_with_function
    etag = fc.get_service(svc).headers["etag"]
    err = _err(lambda: fc.update_service(svc, description="x", headers={"if-match": "stale"}))
    assert (err.status_code, err.err_code) == (412, "PreconditionFailed")
    fc.update_service(svc, description="x", headers={"if-match": etag})
    fn_etag = fc.get_function(svc, fn).headers["etag"]
    assert _err(lambda: fc.delete_function(svc, fn, headers={"if-match": etag})).status_code == 412
    fc.delete_function(svc, fn, headers={"if-match": fn_etag})


def test_code_from_missing_oss_bucket(fc):
    fc.create_service("svc")
    err = _err(lambda: fc.create_function("svc", "f", "python3", "index.handler",
                                          codeOSSBucket="no-such-bucket", codeOSSObject="code.zip"))
    assert (err.status_code, err.err_code) == (404, "NoSuchBucket")


def test_code_link_expires(fc, service_with_function, monkeypatch):
    from fcruntime.api.views import functions

    svc, fn = service_with_function
    url = fc.get_function_code(svc, fn).data["url"]
    assert requests.get(url, timeout=10).status_code == 200
    monkeypatch.setattr(functions, "CODE_LINK_SECONDS", -1)
    expired = requests.get(url, timeout=10)
    assert expired.status_code == 403 and "expired" in expired.json()["ErrorMessage"]


def test_server_bug_on_get_is_structured_and_not_retried(fc, endpoint, alice_key, monkeypatch):
    """An unexpected exception answers JSON InternalServerError; on GET with a status the SDK does not retry."""
    from fcruntime.api.views import services as views

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(views.fc_services, "list_services", broken)
    r = raw_request(endpoint, alice_key, "GET", "/2016-08-15/services")
    assert r.status_code == 503 and r.json()["ErrorCode"] == "InternalServerError"
    assert r.headers["X-Fc-Request-Id"]
    err = _err(fc.list_services)  # no 30 s retry loop: the SDK raises at once
    assert err.err_code == "InternalServerError"


def test_http_trigger_url_names_its_qualifier(fc, service_with_function):
    svc, fn = service_with_function
    fc.publish_version(svc)
    fc.create_alias(svc, "prod", "1")
    doc = fc.create_trigger(svc, fn, "web", "http", {"authType": "function", "methods": ["GET"]}, None, None,
                            qualifier="prod").data
    assert doc["qualifier"] == "prod"
    assert doc["urlInternet"].endswith(f"/2016-08-15/proxy/{svc}.prod/{fn}/")


def test_async_invoke_config(fc, service_with_function):
    svc, fn = service_with_function
    assert _err(lambda: fc.get_function_async_invoke_config(svc, "LATEST", fn)).err_code == "AsyncConfigNotExists"
    cfg = {"destinationConfig": {"onFailure": {"destination": f"acs:fc:cn-hangzhou:1:services/{svc}/functions/{fn}"}},
           "maxAsyncRetryAttempts": 1, "maxAsyncEventAgeInSeconds": 300}
    doc = fc.put_function_async_invoke_config(svc, "LATEST", fn, cfg).data
    assert doc["maxAsyncRetryAttempts"] == 1 and doc["maxAsyncEventAgeInSeconds"] == 300
    assert doc["destinationConfig"]["onFailure"]["destination"].endswith(f"/functions/{fn}")
    assert doc["destinationConfig"]["onSuccess"] is None
    assert fc.get_function_async_invoke_config(svc, "LATEST", fn).data == doc
    assert len(fc.list_function_async_invoke_configs(svc, fn).data["configs"]) == 1
    bad = dict(cfg, maxAsyncRetryAttempts=9)
    assert _err(lambda: fc.put_function_async_invoke_config(svc, "LATEST", fn, bad)).status_code == 400
    assert _err(lambda: fc.put_function_async_invoke_config(svc, "prod", fn, cfg)).status_code == 400
    fc.delete_function_async_invoke_config(svc, "LATEST", fn)
    assert fc.list_function_async_invoke_configs(svc, fn).data["configs"] == []
