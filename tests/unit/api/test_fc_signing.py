"""fcruntime.api.signing reproduces the official SDK's FC signatures (fc2.auth.Auth) byte for byte."""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta, timezone
from email.utils import formatdate

import pytest
from fc2.auth import Auth

from fcruntime.api import signing

AK, SK = "LTAItestkey0000000000001", "secret-0123456789"
DATE = "Mon, 06 Jan 2025 10:00:00 GMT"


def sdk_headers(**extra: str) -> dict[str, str]:
    headers = {"host": "127.0.0.1:8000", "date": DATE, "content-type": "application/json",
               "content-length": "0", "user-agent": "aliyun-fc-sdk-v2.5.2.python"}
    headers.update(extra)
    return headers


@pytest.mark.parametrize("method,path,extra", [
    ("GET", "/2016-08-15/services", {}),
    ("GET", "/2016-08-15/services/svc.LATEST", {}),
    ("POST", "/2016-08-15/services/svc.prod/functions/fn/invocations",
     {"x-fc-invocation-type": "Sync", "x-fc-log-type": "Tail"}),
    ("PUT", "/2016-08-15/services/svc/functions/fn", {"X-Fc-Code-Checksum": "123", "content-md5": "abc"}),
    ("DELETE", "/2016-08-15/services/svc/aliases/a b", {"x-fc-trace-id": "t-1"}),
])
def test_api_signature_matches_sdk(method, path, extra):
    headers = sdk_headers(**extra)
    expected = Auth(AK, SK).sign_request(method, path, headers)
    assert signing.authorization_header(AK, SK, method, headers, path) == expected


@pytest.mark.parametrize("queries", [
    {},
    {"a": "1"},
    {"b": "2", "a": "1", "c": ["3", "1"]},
    {"flag": [], "x": "y z"},
])
def test_proxy_signature_matches_sdk(queries):
    headers = sdk_headers()
    path = "/2016-08-15/proxy/svc/fn/some/path"
    expected = Auth(AK, SK).sign_request("GET", path, headers, queries)
    assert signing.authorization_header(AK, SK, "GET", headers, path, queries) == expected


def test_proxy_resource_sorts_pairs_and_keeps_bare_keys():
    assert signing.canonical_resource("/p", {"b": "2", "a": ["3", "1"], "k": []}) == "/p\na=1\na=3\nb=2\nk"
    assert signing.canonical_resource("/p", {}) == "/p\n"
    assert signing.canonical_resource("/p", [("z", ["1"]), ("a", [])]) == "/p\na\nz=1"
    assert signing.canonical_resource("/p") == "/p"


def test_canonical_headers_lowercases_sorts_and_filters():
    text = signing.canonical_headers({"X-Fc-B": "2", "x-fc-a": "1", "Content-Type": "x", "x-fcz": "no"})
    assert text == "x-fc-a:1\nx-fc-b:2\n"
    assert signing.canonical_headers({"date": "d"}) == ""


def test_string_to_sign_layout_and_case_insensitive_lookup():
    text = signing.string_to_sign("post", {"Content-MD5": "m", "Content-Type": "t", "Date": "d", "X-Fc-A": "1"}, "/r")
    assert text == "POST\nm\nt\nd\nx-fc-a:1\n/r"
    assert signing.string_to_sign("GET", {}, "/r") == "GET\n\n\n\n/r"


def test_signature_verification_against_sdk_client_headers():
    """What fc2.Client._build_common_headers sends verifies, and a different secret does not."""
    import fc2

    client = fc2.Client(endpoint="http://127.0.0.1:8000", accessKeyID=AK, accessKeySecret=SK)
    path = "/2016-08-15/services/svc/functions"
    headers = client._build_common_headers("GET", path, {"x-fc-trace-id": "abc"})
    parsed = signing.parse_authorization(headers["authorization"])
    assert parsed is not None and parsed.access_key_id == AK
    text = signing.string_to_sign("GET", headers, signing.canonical_resource(path))
    assert signing.signatures_match(SK, text, parsed.signature)
    assert not signing.signatures_match(SK + "x", text, parsed.signature)


def test_security_token_header_is_signed_like_the_sdk():
    headers = sdk_headers(**{"x-fc-security-token": "tok"})
    expected = Auth(AK, SK, "tok").sign_request("GET", "/2016-08-15/services", headers)
    assert signing.authorization_header(AK, SK, "GET", headers, "/2016-08-15/services") == expected


@pytest.mark.parametrize("value", ["", "FC", "FC abc", "Bearer x:y", "FC a:b c", "FCa:b"])
def test_parse_authorization_rejects_other_shapes(value):
    assert signing.parse_authorization(value) is None


def test_parse_authorization_accepts_sdk_shape():
    parsed = signing.parse_authorization("FC LTAIabc:c2lnbmF0dXJl+/=")
    assert parsed == signing.Authorization("LTAIabc", "c2lnbmF0dXJl+/=")


def test_dates_and_skew():
    now = datetime(2025, 1, 6, 10, 0, tzinfo=timezone.utc)
    parsed = signing.parse_http_date(DATE)
    assert parsed == now
    assert signing.date_within_skew(parsed, now + timedelta(minutes=14, seconds=59))
    assert not signing.date_within_skew(parsed, now + timedelta(minutes=15, seconds=1))
    assert not signing.date_within_skew(parsed, now - timedelta(minutes=16))
    assert signing.parse_http_date(formatdate(usegmt=True)) is not None
    for bad in ("", None, "yesterday", "Mon, 99 Foo 2025 99:99:99 GMT"):
        assert signing.parse_http_date(bad) is None


def test_content_md5_hex_and_base64():
    body = b'{"serviceName": "svc"}'
    digest = hashlib.md5(body).digest()
    assert signing.content_md5_matches(digest.hex(), body)
    assert signing.content_md5_matches(digest.hex().upper(), body)
    assert signing.content_md5_matches(base64.b64encode(digest).decode(), body)
    assert not signing.content_md5_matches(hashlib.md5(b"other").hexdigest(), body)
    assert not signing.content_md5_matches("not base64!", body)
    assert not signing.content_md5_matches(base64.b64encode(b"short").decode(), body)


def test_signing_module_is_pure():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(signing))
    imported = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "django" not in imported and "fcruntime" not in imported
