"""stacks.api.signing against the SDK's own signing helpers (tea-openapi 0.4.6) as the oracle."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode

import pytest
from alibabacloud_tea_openapi.utils import Utils

from stacks.api import signing
from stacks.api.errors import ApiError

SECRET = "s3cr3t-Key"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class _Req:
    def __init__(self, method, query, headers):
        self.method, self.pathname, self.query, self.headers = method, "/", query, headers


def acs3_request(query: dict, form: dict, secret: str = SECRET) -> signing.SignedRequest:
    body = urlencode(sorted(form.items())).encode() if form else b""
    headers = {"host": "127.0.0.1:8000", "x-acs-version": "2019-09-10", "x-acs-action": "CreateStack",
               "x-acs-date": "2026-01-02T03:04:05Z", "x-acs-signature-nonce": "n1", "accept": "application/json",
               "user-agent": "AlibabaCloud (Linux; x86_64) Python/3.11", "x-acs-content-sha256":
               hashlib.sha256(body).hexdigest()}
    if body:
        headers["content-type"] = "application/x-www-form-urlencoded"
    auth = Utils.get_authorization(_Req("POST", query, headers), "ACS3-HMAC-SHA256",
                                   headers["x-acs-content-sha256"], "AKID", secret)
    # what the server sees: the URL query re-parsed, lower-case headers, the raw body
    wire_query = parse_qsl(urlencode(query), keep_blank_values=True)
    return signing.SignedRequest("POST", "/", wire_query, parse_qsl(body.decode(), keep_blank_values=True),
                                 {**headers, "authorization": auth, "content-length": str(len(body))}, body)


QUERY = {"StackName": "my stack", "RegionId": "cn-hangzhou", "Parameters.1.ParameterKey": "A",
         "Parameters.1.ParameterValue": "x y+z/~*'()!", "Tags.1.Key": "rosconsole:simulate", "Tags.1.Value": "true",
         "DisableRollback": "True", "Empty": "", "Unicode": "抽奖"}
FORM = {"TemplateBody": '{"ROSTemplateFormatVersion": "2015-09-01", "Description": "a & b = c + d"}'}


def test_acs3_matches_sdk():
    req = acs3_request(QUERY, FORM)
    creds = signing.inspect(req)
    assert (creds.scheme, creds.access_key_id, creds.nonce) == (signing.ACS3, "AKID", "n1")
    signing.verify(req, SECRET)


def test_acs3_without_body():
    signing.verify(acs3_request({"RegionId": "cn-hangzhou"}, {}), SECRET)


def test_acs3_wrong_secret():
    with pytest.raises(ApiError) as info:
        signing.verify(acs3_request(QUERY, FORM), "other")
    assert info.value.code == "SignatureDoesNotMatch" and info.value.status == 400


def test_acs3_changed_query_or_body():
    req = acs3_request(QUERY, FORM)
    changed = signing.SignedRequest(req.method, req.path, list(req.query) + [("X", "1")], req.form, req.headers,
                                    req.body)
    with pytest.raises(ApiError):
        signing.verify(changed, SECRET)
    changed = signing.SignedRequest(req.method, req.path, req.query, req.form, req.headers, req.body + b"&X=1")
    with pytest.raises(ApiError) as info:
        signing.verify(changed, SECRET)
    assert "x-acs-content-sha256" in info.value.message


def test_acs3_must_sign_the_replay_headers():
    req = acs3_request(QUERY, {})
    auth = req.headers["authorization"].replace("x-acs-signature-nonce;", "")
    with pytest.raises(ApiError) as info:
        signing.inspect(signing.SignedRequest("POST", "/", req.query, (), {**req.headers, "authorization": auth}))
    assert info.value.code == "IncompleteSignature"


def test_acs3_other_algorithm():
    req = acs3_request(QUERY, {})
    auth = req.headers["authorization"].replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")
    with pytest.raises(ApiError) as info:
        signing.inspect(signing.SignedRequest("POST", "/", req.query, (), {**req.headers, "authorization": auth}))
    assert info.value.code == "UnsupportedSignatureMethod"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_v1_matches_sdk(method):
    params = {"Action": "CreateStack", "Version": "2019-09-10", "Format": "json", "AccessKeyId": "AKID",
              "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": "n2",
              "Timestamp": "2026-01-02T03:04:05Z", **QUERY}
    form = dict(FORM)
    signature = Utils.get_rpcsignature({**params, **form}, method, SECRET)
    query = parse_qsl(urlencode({**params, "Signature": signature}), keep_blank_values=True)
    req = signing.SignedRequest(method, "/", query, list(form.items()), {})
    creds = signing.inspect(req)
    assert (creds.scheme, creds.access_key_id, creds.nonce, creds.timestamp) == (
        signing.V1, "AKID", "n2", "2026-01-02T03:04:05Z")
    signing.verify(req, SECRET)
    with pytest.raises(ApiError) as info:
        signing.verify(req, "other")
    assert info.value.code == "SignatureDoesNotMatch"
    assert "server string to sign is:" in info.value.message


def test_v1_needs_its_parameters():
    with pytest.raises(ApiError) as info:
        signing.inspect(signing.SignedRequest("GET", "/", [("Signature", "x"), ("AccessKeyId", "a")]))
    assert info.value.code == "MissingParameter"


def test_no_signature_at_all():
    with pytest.raises(ApiError) as info:
        signing.inspect(signing.SignedRequest("GET", "/", [("Action", "GetStack")]))
    assert info.value.code == "IncompleteSignature"


def test_percent_encode_is_rfc3986():
    assert signing.percent_encode("a b*c~d/e+f") == "a%20b%2Ac~d%2Fe%2Bf"
    assert signing.percent_encode("抽") == "%E6%8A%BD"


def test_timestamp_window():
    assert signing.check_timestamp("2026-01-02T03:04:05Z", NOW) == NOW
    signing.check_timestamp("2026-01-02T02:50:05Z", NOW)  # 14 min early
    signing.check_timestamp("2026-01-02T03:19:05Z", NOW)  # 15 min late
    for value in ("2026-01-02T02:49:04Z", "2026-01-02T03:19:06Z"):
        with pytest.raises(ApiError) as info:
            signing.check_timestamp(value, NOW)
        assert info.value.code == "InvalidTimeStamp.Expired"
    with pytest.raises(ApiError) as info:
        signing.check_timestamp("2026-01-02 03:04:05", NOW)
    assert info.value.code == "InvalidTimeStamp.Format"
    assert signing.check_timestamp("2026-01-02T03:04:05.123Z", NOW + timedelta(seconds=1))
