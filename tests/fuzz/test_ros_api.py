"""Fuzz the ROS API's parameter parsing (stacks/api/params.py) and its dispatch.

Passes when nothing but a coded ApiError escapes the parser, and every signed request answers a JSON
envelope with a Code — never a 500, never a traceback.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest
from alibabacloud_tea_openapi.utils import Utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stacks.api.actions import ACTIONS
from stacks.api.errors import STATUS, ApiError
from stacks.api.params import Params, merge

NAMES = ["StackName", "StackId", "TemplateBody", "TemplateURL", "TemplateId", "TemplateVersion", "RegionId",
         "TimeoutInMinutes", "DisableRollback", "ClientToken", "ChangeSetName", "ChangeSetId", "ChangeSetType",
         "PageNumber", "PageSize", "Status", "LogicalResourceId", "ResourceType", "StackPolicyBody",
         "RetainAllResources", "RetainResources", "DeletionProtection", "UsePreviousParameters", "Parallelism",
         "ShowNestedStack", "ParentStackId", "ResourceGroupId", "UniqueId", "Tags", "Tag", "Parameters",
         "StackIds", "ResourceTypes", "EntityType", "Provider", "ShowResourceProgress", "OutputOption",
         "ReplacementOption", "TemplateStage", "Mode", "Enabled", "NotificationURLs", "RamRoleName"]
SUFFIXES = ["", ".1", ".0", ".2", ".-1", ".99999999999999999999", ".1.Key", ".1.Value", ".1.ParameterKey",
            ".1.ParameterValue", ".x", ".1.1", "..", ".1.", ".Key"]
NASTY = st.sampled_from(["", " ", "true", "True", "false", "1", "-1", "0", "1e309", "NaN", "9" * 40, "null",
                         "[]", "{}", '{"ROSTemplateFormatVersion": "2015-09-01"}', "\x00", "😀", "a" * 5000,
                         "ROSTemplateFormatVersion: '2015-09-01'\nResources: {}", "%s%n", "../../etc/passwd",
                         "CREATE_COMPLETE", "Stack"])
VALUES = st.one_of(NASTY, st.text(max_size=40))
KEYS = st.one_of(st.builds(lambda n, s: n + s, st.sampled_from(NAMES), st.sampled_from(SUFFIXES)),
                 st.text(max_size=20))
PARAMS = st.dictionaries(KEYS, VALUES, max_size=12)


def _coded(exc: ApiError) -> None:
    assert exc.code in STATUS, exc.code
    assert exc.message


@settings(max_examples=400, deadline=None)
@given(PARAMS, st.sampled_from(NAMES))
def test_params_raise_only_coded_errors(values, name):
    p = Params(merge(values.items(), []))
    calls = [
        lambda: p.string(name, max_length=10),
        lambda: p.required(name),
        lambda: p.boolean(name),
        lambda: p.integer(name, min_value=1, max_value=100),
        lambda: p.enum(name, ["A", "B"]),
        lambda: p.items(name, max_items=5),
        lambda: p.struct_list(name, ["Key", "Value"], required_fields=["Key"]),
        lambda: p.mapping(name),
        lambda: p.parameters(),
        lambda: p.tags(),
        lambda: p.template_source(),
    ]
    for call in calls:
        try:
            call()
        except ApiError as exc:
            _coded(exc)


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def signed_v1(key, action: str, params: dict, method: str) -> dict:
    query = {"Action": action, "Version": "2019-09-10", "Format": "JSON", "AccessKeyId": key.access_key_id,
             "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
             "Timestamp": _stamp()}
    for k, v in params.items():
        query.setdefault(k, v)
    query["Signature"] = Utils.get_rpcsignature(query, method, key.secret)
    return query


def assert_envelope(resp, action: str | None = "x") -> None:
    assert resp.status_code != 500 and resp.status_code < 600, resp.content[:500]
    if not (action or "").strip() and not resp.get("Content-Type", "").startswith("application/json"):
        # a blank action is not an API call: `/` is the console, which redirects to the login page
        assert resp.status_code in (200, 302), resp.status_code
        return
    body = json.loads(resp.content)
    if resp.status_code >= 400:
        assert body.get("Code") in STATUS, body
        assert body.get("Message") and body.get("RequestId"), body


@pytest.fixture
def ros_key(db):
    from rosconsole.accounts.services import create_access_key, create_user

    create_user("fuzzer", account_name="fuzz", role="admin", password="password-123")
    return create_access_key("fuzzer", "fuzz")


# no worker runs here: writes that need one still answer synchronously (the task is only enqueued)
@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(action=st.one_of(st.sampled_from(sorted(ACTIONS)), st.text(max_size=20)), params=PARAMS,
       method=st.sampled_from(["GET", "POST"]))
def test_signed_requests_never_500(ros_key, client, action, params, method):
    query = signed_v1(ros_key, action, params, method)
    if method == "GET":
        resp = client.get("/", query)
    else:  # the SDK posts urlencoded forms
        resp = client.post("/", urlencode(query), content_type="application/x-www-form-urlencoded")
    assert_envelope(resp, action)


def test_multipart_post_is_a_coded_error(ros_key, client):
    resp = client.post("/", signed_v1(ros_key, "ListStacks", {}, "POST"))   # Django's default: multipart
    assert_envelope(resp)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(headers=st.dictionaries(st.sampled_from(["x-acs-action", "x-acs-version", "x-acs-date", "Authorization",
                                                "x-acs-signature-nonce", "x-acs-content-sha256"]),
                               st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
                               min_size=1),
       body=st.binary(max_size=200))
def test_unsigned_or_garbled_acs3_never_500(db, client, headers, body):
    headers.setdefault("x-acs-action", "ListStacks")
    resp = client.post("/", data=body, content_type="application/x-www-form-urlencoded",
                       headers=headers)
    assert_envelope(resp, headers.get("x-acs-action"))


def test_oversized_body_is_a_coded_error(db, client):
    resp = client.post("/?Action=ValidateTemplate", data="x=" + "a" * (5 * 1024 * 1024),
                       content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    assert resp.json()["Code"] == "InvalidParameter" and "larger than" in resp.json()["Message"]
