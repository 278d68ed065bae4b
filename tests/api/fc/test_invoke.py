"""InvokeFunction through the SDK, run by a real Celery worker (integration)."""
from __future__ import annotations

import base64
import json
import shutil
import time

import fc2
import pytest

from tests.api.fc.conftest import raw_request, write_code

pytestmark = [pytest.mark.integration]


def _wait_terminal(request_id: str, timeout: float = 60):
    from fcruntime.models import Invocation

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inv = Invocation.objects.filter(request_id=request_id).first()
        if inv is not None and inv.is_terminal:
            return inv
        time.sleep(0.2)
    raise AssertionError(f"invocation {request_id} did not finish")


def test_sync_invoke_headers_and_log_tail(celery_worker, fc, service_with_function):
    svc, fn = service_with_function
    checksum = fc.get_function(svc, fn).data["codeChecksum"]
    r = fc.invoke_function(svc, fn, payload=b"rosconsole", headers={"x-fc-log-type": "Tail"})
    assert r.data == b"hello rosconsole"
    h = r.headers
    assert h["x-fc-request-id"]
    assert h["x-fc-code-checksum"] == checksum
    assert int(h["x-fc-invocation-duration"]) >= 0
    assert float(h["x-fc-max-memory-usage"]) >= 0
    assert h["x-fc-instance-id"]
    assert h["x-fc-invocation-service-version"] == "LATEST"
    assert "x-fc-error-type" not in h
    log = base64.b64decode(h["x-fc-log-result"]).decode()
    assert f"FC Invoke Start RequestId: {h['x-fc-request-id']}" in log
    assert "got 10 bytes" in log

    plain = fc.invoke_function(svc, fn, payload=b"", qualifier="LATEST")
    assert plain.data == b"hello world"
    assert "x-fc-log-result" not in plain.headers
    assert plain.headers["x-fc-request-id"] != h["x-fc-request-id"]


def test_function_error_is_200_with_error_type(celery_worker, fc, endpoint, alice_key, service_with_function):
    svc, fn = service_with_function
    with pytest.raises(fc2.FcError) as err:
        fc.invoke_function(svc, fn, payload=b"boom")
    # fc2 raises FcError for X-Fc-Error-Type even though the HTTP status is 200; the function's
    # error JSON has no ErrorCode, so err_code is empty.
    assert err.value.status_code == 200
    assert err.value.err_code == ""
    body = json.loads(err.value.message)
    assert body["errorMessage"] == "boom requested" and body["errorType"] == "ValueError"
    assert err.value.request_id not in ("", "unknown")

    r = raw_request(endpoint, alice_key, "POST", f"/2016-08-15/services/{svc}/functions/{fn}/invocations",
                    body=b"boom")
    assert r.status_code == 200
    assert r.headers["X-Fc-Error-Type"] == "UnhandledInvocationError"
    assert r.json()["errorType"] == "ValueError"


NODE_CALLBACK_ERROR = """\
exports.handler = (event, context, callback) => {
  if (event.toString() === 'throw') throw new TypeError('thrown');
  callback(new Error('x'));
};
"""


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_node_callback_error_is_handled(celery_worker, fc, endpoint, alice_key, tmp_path):
    from fcruntime.models import Invocation

    code = tmp_path / "node"
    code.mkdir()
    (code / "index.js").write_text(NODE_CALLBACK_ERROR)
    fc.create_service("nodesvc")
    fc.create_function("nodesvc", "cb", "nodejs18", "index.handler", codeDir=str(code), timeout=10)
    path = "/2016-08-15/services/nodesvc/functions/cb/invocations"
    handled = raw_request(endpoint, alice_key, "POST", path, body=b"call")
    assert handled.status_code == 200
    assert handled.headers["X-Fc-Error-Type"] == "HandledInvocationError"
    assert handled.json()["errorMessage"] == "x"
    inv = Invocation.objects.get(request_id=handled.headers["X-Fc-Request-Id"])
    assert (inv.status, inv.error_kind, inv.error_message) == ("failed", "HandledInvocationError", "x")
    thrown = raw_request(endpoint, alice_key, "POST", path, body=b"throw")
    assert thrown.headers["X-Fc-Error-Type"] == "UnhandledInvocationError"
    assert thrown.json()["errorMessage"] == "thrown"
    with pytest.raises(fc2.FcError) as err:
        fc.invoke_function("nodesvc", "cb", payload=b"call")
    assert json.loads(err.value.message)["errorMessage"] == "x"


def test_async_invoke_is_202_and_runs(celery_worker, fc, endpoint, alice_key, service_with_function):
    svc, fn = service_with_function
    r = fc.invoke_function(svc, fn, payload=b"later", headers={"x-fc-invocation-type": "Async"})
    request_id = r.headers["x-fc-request-id"]
    assert r.data == b""
    raw = raw_request(endpoint, alice_key, "POST", f"/2016-08-15/services/{svc}/functions/{fn}/invocations",
                      headers={"x-fc-invocation-type": "Async"}, body=b"raw")
    assert raw.status_code == 202 and raw.content == b""
    inv = _wait_terminal(request_id)
    assert inv.status == "succeeded" and inv.invocation_type == "Async" and inv.source == "api"
    assert bytes(inv.result) == b"hello later"


def test_invoke_versions_and_aliases(celery_worker, fc, service_with_function, tmp_path):
    svc, fn = service_with_function
    fc.publish_version(svc, description="v1")
    fc.update_function(svc, fn, codeDir=str(write_code(tmp_path / "v2", "def handler(e, c):\n    return 'v2'\n")))
    fc.create_alias(svc, "prod", "1")
    assert fc.invoke_function(svc, fn, payload=b"x", qualifier="1").data == b"hello x"
    prod = fc.invoke_function(svc, fn, payload=b"x", qualifier="prod")
    assert prod.data == b"hello x" and prod.headers["x-fc-invocation-service-version"] == "1"
    assert fc.invoke_function(svc, fn, payload=b"x").data == b"v2"
    with pytest.raises(fc2.FcError) as err:
        fc.invoke_function(svc, fn, payload=b"x", qualifier="7")
    assert (err.value.status_code, err.value.err_code) == (404, "VersionNotFound")
