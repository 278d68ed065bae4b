"""HTTP triggers end to end: ASGI app -> proxy view -> invocations queue -> REAL worker -> WSGI/Node handler."""
from __future__ import annotations

import json
import time

import fc2
import pytest

from tests.conftest import run_async
import requests
from django.test import AsyncClient

from fcruntime import services
from fcruntime.models import Invocation
from fcruntime.executor import sandbox
from rosconsole.accounts.services import create_access_key
from tests.integration.triggers_helpers import start_uvicorn, stop, wait_for
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = [pytest.mark.integration]

WSGI_APP = '''\
import json


def handler(environ, start_response):
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    doc = {"method": environ["REQUEST_METHOD"], "path": environ["PATH_INFO"], "query": environ["QUERY_STRING"],
           "body": body.decode(), "ctype": environ.get("CONTENT_TYPE"), "hdr": environ.get("HTTP_X_CUSTOM"),
           "fc_hdr": environ.get("HTTP_X_FC_SECRET"), "ip": environ.get("REMOTE_ADDR"),
           "uri": environ["fc.request_uri"], "rid": environ["fc.context"].request_id}
    start_response("201 Created", [("Content-Type", "application/json"), ("X-Answer", "42"),
                                   ("X-Fc-Forged", "no"), ("Set-Cookie", "a=1; Path=/"),
                                   ("Content-Disposition", "attachment; filename=x")])
    return [json.dumps(doc).encode()]
'''

NODE_APP = '''\
exports.handler = (req, resp, context) => {
  resp.setStatusCode(200);
  resp.setHeader('content-type', 'text/plain');
  resp.send('node ' + req.method + ' ' + req.path);
};
'''


@pytest.fixture
def acme(transactional_db, make_user):
    return make_user("alice", "acme", "admin").memberships.get().account


def _http_fn(acme, name: str, auth: str = "anonymous", methods=("GET", "POST"), source: str = WSGI_APP,
             runtime: str = "python3.9", filename: str = "index.py"):
    svc = (services.list_services(acme) or [services.create_service(acme, "web")])[0]
    fn = services.create_function(svc, name, runtime=runtime, handler="index.handler",
                                  code={"ZipFile": b64(make_zip({filename: source}))})
    trigger = services.create_trigger(fn, "http", "http", {"authType": auth, "methods": list(methods)})
    return fn, trigger


def test_get_and_post_through_asgi(celery_worker, acme, settings):
    fn, trigger = _http_fn(acme, "echo")
    assert services.http_url(trigger) == settings.PUBLIC_URL + "/2016-08-15/proxy/web/echo/"
    client = AsyncClient()
    import asyncio

    async def calls():
        get = await client.get("/2016-08-15/proxy/web/echo/a/b?x=1&y=2", headers={"X-Custom": "hi",
                                                                                "X-Fc-Secret": "drop"})
        post = await client.post("/2016-08-15/proxy/web/echo/submit", data=b"payload-bytes",
                                 content_type="text/plain")
        return get, post

    get, post = run_async(calls())
    assert get.status_code == 201, get.content
    doc = json.loads(get.content)
    assert doc["method"] == "GET" and doc["path"] == "/a/b" and doc["query"] == "x=1&y=2"
    assert doc["hdr"] == "hi" and doc["fc_hdr"] is None
    assert doc["uri"] == "/2016-08-15/proxy/web/echo/a/b?x=1&y=2"
    assert get["X-Answer"] == "42" and "X-Fc-Forged" not in get and "Content-Disposition" not in get
    assert get.cookies["a"].value == "1"
    assert get["X-Fc-Request-Id"] == doc["rid"]
    assert post.status_code == 201
    pdoc = json.loads(post.content)
    assert pdoc["method"] == "POST" and pdoc["body"] == "payload-bytes" and pdoc["ctype"] == "text/plain"
    inv = Invocation.objects.get(request_id=pdoc["rid"])
    assert inv.source == "trigger:http" and bytes(inv.event) == b"payload-bytes"
    assert inv.http["request"]["method"] == "POST" and inv.http["response"]["status"] == 201


def test_method_not_allowed_and_not_found(celery_worker, acme):
    _http_fn(acme, "getonly", methods=("GET",))
    client = AsyncClient()
    import asyncio

    async def calls():
        return (await client.post("/2016-08-15/proxy/web/getonly/", data=b"x", content_type="text/plain"),
                await client.get("/2016-08-15/proxy/web/missing/"),
                await client.get("/2016-08-15/proxy/web/getonly"))

    post, missing, noslash = run_async(calls())
    assert post.status_code == 405 and json.loads(post.content)["ErrorCode"] == "MethodNotAllowed"
    assert post["Allow"] == "GET"
    assert missing.status_code == 404 and json.loads(missing.content)["ErrorCode"] == "FunctionNotFound"
    assert noslash.status_code == 201 and json.loads(noslash.content)["path"] == "/"
    assert not Invocation.objects.filter(function__name="getonly", http__request__method="POST").exists()


def test_limits_and_async(celery_worker, acme):
    _http_fn(acme, "limits")
    big = "x" * 9000
    r = AsyncClient()
    import asyncio

    async def calls():
        return (await r.get("/2016-08-15/proxy/web/limits/", headers={"X-Big": big}),
                await r.post("/2016-08-15/proxy/web/limits/", data=b"a" * (128 * 1024 + 1),
                             content_type="text/plain", headers={"X-Fc-Invocation-Type": "Async"}),
                await r.post("/2016-08-15/proxy/web/limits/", data=b"later", content_type="text/plain",
                             headers={"X-Fc-Invocation-Type": "Async"}))

    headers, too_big, accepted = run_async(calls())
    assert headers.status_code == 400 and "8192" in json.loads(headers.content)["ErrorMessage"]
    assert too_big.status_code == 400
    assert accepted.status_code == 202 and accepted.content == b""
    inv = Invocation.objects.get(request_id=accepted["X-Fc-Request-Id"])
    assert inv.invocation_type == "Async"
    wait_for(lambda: Invocation.objects.get(pk=inv.pk).is_terminal)
    inv.refresh_from_db()
    assert inv.ok and json.loads(bytes(inv.result))["body"] == "later"


def test_function_auth_signed_and_unsigned(celery_worker, acme):
    fn, trigger = _http_fn(acme, "private", auth="function")
    ak = create_access_key("alice")
    key_id, key_secret = ak.access_key_id, ak.secret
    proc, url = start_uvicorn()
    try:
        unsigned = requests.get(url + "/2016-08-15/proxy/web/private/hello", timeout=30)
        assert unsigned.status_code == 400 and unsigned.json()["ErrorCode"] == "MissingRequiredHeader"
        client = fc2.Client(endpoint=url, accessKeyID=key_id, accessKeySecret=key_secret, Timeout=60)
        signed = client.do_http_request("GET", "web", "private", "/hello", params={"b": "2", "a": "1"})
        assert signed.status_code == 201, signed.text
        assert signed.json()["path"] == "/hello" and signed.json()["query"] in ("b=2&a=1", "a=1&b=2")
        bad = fc2.Client(endpoint=url, accessKeyID=key_id, accessKeySecret="wrong", Timeout=60)
        forged = bad.do_http_request("GET", "web", "private", "/hello")
        assert forged.status_code == 403 and forged.json()["ErrorCode"] == "SignatureNotMatch"
        # signed URL (x-fc-expires / x-fc-access-key-id / x-fc-signature)
        from fcruntime.api import signing
        expires = str(int(time.time()) + 300)
        path = "/2016-08-15/proxy/web/private/u"
        queries = [("x-fc-expires", expires), ("x-fc-access-key-id", key_id)]
        sig = signing.signature(key_secret, signing.string_to_sign(
            "GET", {"date": expires}, signing.canonical_resource(path, queries)))
        ok = requests.get(url + path, params=dict(queries, **{"x-fc-signature": sig}), timeout=30)
        assert ok.status_code == 201, ok.text
        expired = requests.get(url + path, params={"x-fc-expires": "1000", "x-fc-access-key-id": key_id,
                                                   "x-fc-signature": sig}, timeout=30)
        assert expired.status_code == 403
    finally:
        stop(proc)


@pytest.mark.skipif(not sandbox.node_available(), reason="node is not installed")
def test_node_http_handler(celery_worker, acme):
    _http_fn(acme, "nodeweb", source=NODE_APP, runtime="nodejs18", filename="index.js")
    import asyncio

    response = run_async(AsyncClient().get("/2016-08-15/proxy/web/nodeweb/p/q"))
    assert response.status_code == 200, response.content
    assert response.content == b"node GET /p/q"


def test_failing_http_function_sends_the_error_kind(celery_worker, acme):
    _http_fn(acme, "broken", source="def handler(environ, start_response):\n    raise ValueError('bad')\n")
    response = run_async(AsyncClient().get("/2016-08-15/proxy/web/broken/"))
    assert response.status_code == 502
    assert response["X-Fc-Error-Type"] == "UnhandledInvocationError"  # the kind, not the errorType ValueError
    assert json.loads(response.content)["errorType"] == "ValueError"
    inv = Invocation.objects.get(request_id=response["X-Fc-Request-Id"])
    assert (inv.error_type, inv.error_kind) == ("ValueError", "UnhandledInvocationError")
