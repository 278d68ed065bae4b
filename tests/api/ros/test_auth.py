"""Signatures, replayed nonces, timestamps and key states, with raw requests (both schemes)."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException
from django.utils import timezone

from tests.api.ros import rawsign
from tests.api.ros.conftest import sdk_client


@pytest.fixture
def key(access_key):
    return access_key("alice", "acme")


def envelope(resp) -> dict:
    body = resp.json()
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}, body
    assert resp.headers["x-acs-request-id"] == body["RequestId"]
    return body


def test_raw_requests_work(endpoint, key):
    ok = rawsign.acs3(endpoint, key.access_key_id, key.secret, "DescribeRegions")
    assert ok.status_code == 200 and ok.json()["Regions"]
    ok = rawsign.acs3(endpoint, key.access_key_id, key.secret, "ValidateTemplate",
                      form={"TemplateBody": '{"ROSTemplateFormatVersion": "2015-09-01", "Description": "a b+c"}'})
    assert ok.status_code == 200 and ok.json()["Description"] == "a b+c"
    for method in ("GET", "POST"):
        ok = rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions", {"AcceptLanguage": "en-US"},
                        method=method)
        assert ok.status_code == 200, ok.text


@pytest.mark.parametrize("tamper", ["query", "body"])
def test_acs3_tampered_request(endpoint, key, tamper):
    resp = rawsign.acs3(endpoint, key.access_key_id, key.secret, "ValidateTemplate", {"RegionId": "cn-hangzhou"},
                        {"TemplateBody": '{"ROSTemplateFormatVersion": "2015-09-01"}'}, tamper=tamper)
    assert resp.status_code == 400
    assert envelope(resp)["Code"] == "SignatureDoesNotMatch"


def test_wrong_secret(endpoint, key):
    for resp in (rawsign.acs3(endpoint, key.access_key_id, "wrong", "DescribeRegions"),
                 rawsign.v1(endpoint, key.access_key_id, "wrong", "DescribeRegions")):
        assert resp.status_code == 400
        assert envelope(resp)["Code"] == "SignatureDoesNotMatch"


def test_v1_tampered(endpoint, key):
    resp = rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions", tamper=True)
    assert (resp.status_code, envelope(resp)["Code"]) == (400, "SignatureDoesNotMatch")


def test_unknown_access_key(endpoint):
    for resp in (rawsign.acs3(endpoint, "LTAInothere", "x", "DescribeRegions"),
                 rawsign.v1(endpoint, "LTAInothere", "x", "DescribeRegions")):
        assert (resp.status_code, envelope(resp)["Code"]) == (404, "InvalidAccessKeyId.NotFound")


def test_replayed_nonce(endpoint, key):
    nonce = uuid.uuid4().hex
    first = rawsign.acs3(endpoint, key.access_key_id, key.secret, "DescribeRegions", nonce=nonce)
    again = rawsign.acs3(endpoint, key.access_key_id, key.secret, "DescribeRegions", nonce=nonce)
    assert first.status_code == 200
    assert (again.status_code, envelope(again)["Code"]) == (400, "SignatureNonceUsed")
    nonce = uuid.uuid4().hex
    first = rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions", nonce=nonce)
    again = rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions", nonce=nonce)
    assert first.status_code == 200
    assert (again.status_code, envelope(again)["Code"]) == (400, "SignatureNonceUsed")


def test_bad_signature_does_not_burn_the_nonce(endpoint, key):
    nonce = uuid.uuid4().hex
    bad = rawsign.acs3(endpoint, key.access_key_id, "wrong", "DescribeRegions", nonce=nonce)
    good = rawsign.acs3(endpoint, key.access_key_id, key.secret, "DescribeRegions", nonce=nonce)
    assert bad.status_code == 400 and good.status_code == 200


@pytest.mark.parametrize("offset", [timedelta(minutes=-16), timedelta(minutes=16)])
def test_expired_timestamp(endpoint, key, offset):
    for resp in (rawsign.acs3(endpoint, key.access_key_id, key.secret, "DescribeRegions",
                              date=rawsign.stamp(offset)),
                 rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions",
                            timestamp=rawsign.stamp(offset))):
        assert (resp.status_code, envelope(resp)["Code"]) == (400, "InvalidTimeStamp.Expired")


def test_timestamp_inside_window(endpoint, key):
    resp = rawsign.acs3(endpoint, key.access_key_id, key.secret, "DescribeRegions",
                        date=rawsign.stamp(timedelta(minutes=-14)))
    assert resp.status_code == 200


def test_malformed_timestamp(endpoint, key):
    resp = rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions", timestamp="yesterday")
    assert (resp.status_code, envelope(resp)["Code"]) == (400, "InvalidTimeStamp.Format")


def test_unsigned_request(endpoint):
    import requests

    resp = requests.post(f"http://{endpoint}/", headers={"x-acs-action": "DescribeRegions",
                                                         "x-acs-version": "2019-09-10"}, timeout=30)
    assert (resp.status_code, envelope(resp)["Code"]) == (400, "IncompleteSignature")


def test_unknown_action(endpoint, key):
    resp = rawsign.acs3(endpoint, key.access_key_id, key.secret, "LaunchRockets")
    body = envelope(resp)
    assert (resp.status_code, body["Code"]) == (404, "InvalidAction.NotFound")
    assert body["Message"] == "Specified api is not found, please check your url and method."


def test_wrong_version(endpoint, key):
    resp = rawsign.v1(endpoint, key.access_key_id, key.secret, "DescribeRegions", {"Version": "2015-09-01"})
    assert (resp.status_code, envelope(resp)["Code"]) == (400, "InvalidVersion")


@pytest.mark.parametrize("scheme", ["acs3", "v1"])
def test_key_states_refused_at_once(endpoint, key, scheme):
    client = sdk_client(endpoint, key, scheme)
    client.describe_regions(ros_models.DescribeRegionsRequest())
    key.user.is_active = False
    key.user.save()
    with pytest.raises(ClientException) as info:
        client.describe_regions(ros_models.DescribeRegionsRequest())
    assert info.value.code == "InvalidAccessKeyId.Inactive"
    key.user.is_active = True
    key.user.save()
    key.is_active = False
    key.save()
    with pytest.raises(ClientException) as info:
        client.describe_regions(ros_models.DescribeRegionsRequest())
    assert info.value.code == "InvalidAccessKeyId.Inactive"
    key.is_active = True
    key.expires_at = timezone.now() - timedelta(seconds=1)
    key.save()
    with pytest.raises(ClientException) as info:
        client.describe_regions(ros_models.DescribeRegionsRequest())
    assert info.value.code == "InvalidAccessKeyId.Inactive"
    key.expires_at = None
    key.save()
    client.describe_regions(ros_models.DescribeRegionsRequest())
