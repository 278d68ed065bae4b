"""Fuzz the FC API (2016-08-15) request handling with hypothesis through Django's test client.

Requests are signed with the fc2 SDK's own Auth (an independent oracle), so the fuzz reaches the
handlers, not just the signature check. Passes when no request answers 500 and every error is the FC
envelope {"ErrorCode", "ErrorMessage"}.
"""
from __future__ import annotations

import base64
import hashlib
import json
from email.utils import formatdate
from urllib.parse import quote

import pytest
from fc2.auth import Auth
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.fcruntime.helpers import make_zip

P = "/2016-08-15"
NAMES = st.one_of(st.sampled_from(["svc", "fn", "nope", "svc.LATEST", "svc.1", "svc.prod", "fn.x", "a" * 200,
                                   "", "..", "-", "_x", "测试"]),
                  st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters="/?#%"),
                          min_size=1, max_size=12))
TAILS = ["", "/code", "/triggers", "/triggers/t", "/provision-config", "/async-invoke-config",
         "/async-invoke-configs", "/invocations"]
PATHS = st.one_of(
    st.just(f"{P}/services"),
    st.builds(lambda s: f"{P}/services/{s}", NAMES),
    st.builds(lambda s, f, t: f"{P}/services/{s}/functions/{f}{t}", NAMES, NAMES, st.sampled_from(TAILS)),
    st.builds(lambda s, t, v: f"{P}/services/{s}/{t}{v}", NAMES, st.sampled_from(["versions", "aliases"]),
              st.sampled_from(["", "/1", "/prod", "/x"])),
    st.sampled_from([f"{P}/account-settings", f"{P}/provision-configs", f"{P}/custom-domains",
                     f"{P}/custom-domains/example.com", f"{P}/layers", f"{P}/tag", f"{P}/unknown", f"{P}/"]),
    st.builds(lambda t: f"{P}/{t}", st.text(alphabet="abcxyz/-._", max_size=30)),
)
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-2**40, 2**40), st.floats(allow_nan=False),
                      st.text(max_size=20), st.sampled_from(["python3.9", "python2.7", "nodejs14", "custom", "http",
                                                             "timer", "index.handler", "anonymous", "GET"]))
FIELDS = st.sampled_from(["serviceName", "functionName", "runtime", "handler", "code", "memorySize", "timeout",
                          "environmentVariables", "description", "initializer", "instanceConcurrency",
                          "triggerName", "triggerType", "triggerConfig", "aliasName", "versionId", "target",
                          "internetAccess", "logConfig", "role", "layers", "caPort", "customContainerConfig",
                          "destinationConfig", "maxAsyncRetryAttempts", "routeConfig", "domainName", "protocol"])
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.one_of(FIELDS, st.text(max_size=8)), inner, max_size=4)),
    max_leaves=12)
GOOD_ZIP = base64.b64encode(make_zip({"index.py": "def handler(e, c):\n    return e\n"})).decode()
BODIES = st.one_of(
    st.dictionaries(FIELDS, JSON_VALUE, max_size=6).map(lambda d: json.dumps(d).encode()),
    st.fixed_dictionaries({"functionName": NAMES, "runtime": JSON_LEAF, "handler": JSON_LEAF},
                          optional={"code": st.one_of(JSON_VALUE, st.just({"zipFile": GOOD_ZIP}),
                                                      st.just({"zipFile": "not base64!"}))})
    .map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=100),
    st.just(b""),
)


def signed(key, method: str, path: str, body: bytes, content_type: str, extra: dict) -> dict:
    headers = {"date": formatdate(usegmt=True), "content-type": content_type,
               "content-md5": base64.b64encode(hashlib.md5(body).digest()).decode() if body else "",
               "x-fc-account-id": key.account.account_id, **extra}
    headers = {k: v for k, v in headers.items() if v != ""}
    headers["authorization"] = Auth(key.access_key_id, key.secret).sign_request(method, path, headers)
    return headers


def assert_fc_envelope(resp) -> None:
    assert resp.status_code < 500, (resp.status_code, resp.content[:500])
    if resp.status_code >= 400 and resp.content:
        body = json.loads(resp.content)
        assert body.get("ErrorCode") and isinstance(body.get("ErrorMessage"), str), body


@pytest.fixture
def fc_key(db):
    from fcruntime import services
    from rosconsole.accounts.services import create_access_key, create_user

    user, _ = create_user("fcfuzz", account_name="fcfuzz", role="admin", password="password-123")
    account = user.memberships.get().account
    svc = services.create_service(account, "svc")
    services.create_function(svc, "fn", runtime="python3.9", handler="index.handler", code={"ZipFile": GOOD_ZIP})
    return create_access_key("fcfuzz", "fcfuzz")


def _no_sync_invoke_of_real_function(path: str, method: str) -> bool:
    # no worker runs here: a sync invoke of the one real function would wait out its timeout
    return not (method == "POST" and path.endswith("/invocations") and "/functions/fn" in path
                and "/services/svc" in path)


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]), path=PATHS, body=BODIES,
       content_type=st.sampled_from(["application/json", "application/octet-stream", "text/plain", ""]),
       extra=st.dictionaries(st.sampled_from(["x-fc-invocation-type", "x-fc-log-type", "if-match",
                                              "x-fc-stateful-async-invocation-id"]),
                             st.sampled_from(["Async", "Sync", "Tail", "None", "", "x", '"etag"']), max_size=2))
def test_signed_fc_requests_never_500(fc_key, client, method, path, body, content_type, extra):
    if not _no_sync_invoke_of_real_function(path, method):
        extra = {**extra, "x-fc-invocation-type": "Async"}
    headers = signed(fc_key, method, path, body, content_type, extra)
    fn = getattr(client, method.lower())
    kwargs = {"headers": {k: v for k, v in headers.items() if k != "content-type"}}
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        kwargs["data"] = body
        kwargs["content_type"] = content_type or "application/octet-stream"
    resp = fn(quote(path, safe="/.-_~"), **kwargs)
    assert_fc_envelope(resp)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=PATHS, headers=st.dictionaries(
    st.sampled_from(["authorization", "date", "content-md5", "x-fc-account-id", "x-fc-date"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60), max_size=5))
def test_garbled_auth_never_500(db, client, path, headers):
    resp = client.get(quote(path, safe="/.-_~"), headers=headers)
    assert_fc_envelope(resp)
