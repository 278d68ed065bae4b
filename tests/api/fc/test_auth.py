"""Signature, Date, Content-MD5, key state, roles, account isolation and the JSON error envelope."""
from __future__ import annotations

import base64
import hashlib
import json
from email.utils import formatdate
from time import time

import fc2
import pytest
import requests

from tests.api.fc.conftest import client_for, raw_request


def _err(call):
    with pytest.raises(fc2.FcError) as err:
        call()
    return err.value


def test_wrong_secret(endpoint, alice_key):
    bad = fc2.Client(endpoint=endpoint, accessKeyID=alice_key.access_key_id, accessKeySecret="wrong-secret")
    err = _err(bad.list_services)
    assert (err.status_code, err.err_code) == (403, "SignatureNotMatch")


def test_unknown_key(endpoint, transactional_db):
    bad = fc2.Client(endpoint=endpoint, accessKeyID="LTAInobody", accessKeySecret="x")
    err = _err(bad.list_services)
    assert (err.status_code, err.err_code) == (403, "InvalidAccessKeyID")
    assert "LTAInobody" in json.loads(err.message)["ErrorMessage"]


def test_deactivated_user_and_revoked_key(endpoint, alice, alice_key, fc):
    fc.list_services()
    alice.is_active = False
    alice.save()
    err = _err(fc.list_services)
    assert (err.status_code, err.err_code) == (403, "InvalidAccessKeyID")
    alice.is_active = True
    alice.save()
    fc.list_services()
    alice_key.is_active = False
    alice_key.save()
    assert _err(fc.list_services).err_code == "InvalidAccessKeyID"


def test_stale_and_future_date(fc):
    stale = formatdate(time() - 16 * 60, usegmt=True)
    err = _err(lambda: fc.list_services(headers={"date": stale}))
    assert err.status_code == 403 and err.err_code == "RequestTimeTooSkewed"
    future = formatdate(time() + 16 * 60, usegmt=True)
    assert _err(lambda: fc.list_services(headers={"date": future})).status_code == 403
    fc.list_services(headers={"date": formatdate(time() - 10 * 60, usegmt=True)})  # within 15 min


def test_content_md5(fc):
    err = _err(lambda: fc.create_service("md5svc", headers={"content-md5": "0" * 32}))
    assert (err.status_code, err.err_code) == (400, "InvalidDigest")
    body = json.dumps({"serviceName": "md5svc", "description": None}).encode()
    hex_md5 = hashlib.md5(body).hexdigest()
    fc.create_service("md5svc", headers={"content-md5": hex_md5})
    b64 = base64.b64encode(hashlib.md5(json.dumps({"serviceName": "md5b", "description": None}).encode()).digest())
    fc.create_service("md5b", headers={"content-md5": b64.decode()})


def test_missing_headers_and_malformed_authorization(endpoint, alice_key):
    r = requests.get(endpoint + "/2016-08-15/services", timeout=10)
    assert r.status_code == 400 and r.json()["ErrorCode"] == "MissingRequiredHeader"
    assert "Authorization" in r.json()["ErrorMessage"] and r.headers["X-Fc-Request-Id"]
    r = requests.get(endpoint + "/2016-08-15/services", headers={"Authorization": "FC a:b"}, timeout=10)
    assert r.status_code == 400 and "Date" in r.json()["ErrorMessage"]
    r = requests.get(endpoint + "/2016-08-15/services", timeout=10,
                     headers={"Authorization": "Basic abc", "Date": formatdate(usegmt=True)})
    assert r.status_code == 403 and r.json()["ErrorCode"] == "SignatureNotMatch"
    r = requests.get(endpoint + "/2016-08-15/services", timeout=10,
                     headers={"Authorization": "FC a:b", "Date": "yesterday"})
    assert r.status_code == 400 and r.json()["ErrorCode"] == "InvalidHeader"


def test_signed_path_must_match(endpoint, alice_key):
    """A signature for one path does not open another (the path is the signed resource)."""
    client = fc2.Client(endpoint=endpoint, accessKeyID=alice_key.access_key_id, accessKeySecret=alice_key.secret)
    headers = client._build_common_headers("GET", "/2016-08-15/services")
    r = requests.get(endpoint + "/2016-08-15/account-settings", headers=headers, timeout=10)
    assert r.status_code == 403 and r.json()["ErrorCode"] == "SignatureNotMatch"
    r = requests.get(endpoint + "/2016-08-15/services", headers=headers, params={"limit": "5"}, timeout=10)
    assert r.status_code == 200  # queries are not signed for API calls


def test_viewer_reads_but_cannot_write(fc, fc_viewer):
    fc.create_service("shared")
    assert [s["serviceName"] for s in fc_viewer.list_services().data["services"]] == ["shared"]
    err = _err(lambda: fc_viewer.create_service("mine"))
    assert (err.status_code, err.err_code) == (403, "AccessDenied")
    assert _err(lambda: fc_viewer.delete_service("shared")).status_code == 403


def test_other_account_sees_nothing(fc, fc_other, service_with_function):
    svc, fn = service_with_function
    assert fc_other.list_services().data["services"] == []
    err = _err(lambda: fc_other.get_service(svc))
    assert (err.status_code, err.err_code) == (404, "ServiceNotFound")
    assert _err(lambda: fc_other.get_function(svc, fn)).err_code == "ServiceNotFound"
    assert _err(lambda: fc_other.invoke_function(svc, fn, payload=b"x")).err_code == "ServiceNotFound"
    assert _err(lambda: fc_other.delete_service(svc)).err_code == "ServiceNotFound"
    assert _err(lambda: fc_other.update_function(svc, fn, memorySize=256)).err_code == "ServiceNotFound"
    # the same name is free in the other account
    fc_other.create_service(svc)
    assert fc.get_service(svc).data["serviceId"] != fc_other.get_service(svc).data["serviceId"]


def test_unknown_path_and_method_answer_json(endpoint, alice_key):
    r = raw_request(endpoint, alice_key, "GET", "/2016-08-15/no-such-thing")
    assert r.status_code == 400 and r.json()["ErrorCode"] == "PathNotSupported"
    assert "/2016-08-15/no-such-thing" in r.json()["ErrorMessage"]
    r = raw_request(endpoint, alice_key, "PATCH", "/2016-08-15/services")
    assert r.status_code == 400 and r.json()["ErrorCode"] == "PathNotSupported"
    r = raw_request(endpoint, alice_key, "GET", "/2016-08-15/on-demand-configs")
    assert r.status_code == 400 and r.json()["ErrorCode"] == "PathNotSupported"


def test_scoped_function_credentials_reach_only_their_service(endpoint, fc, alice):
    """Keys minted as context.credentials (scope fc:service:<id>) see only that service."""
    from datetime import timedelta

    from django.utils import timezone

    from rosconsole.accounts.models import AccessKey

    a = fc.create_service("a").data
    fc.create_service("b")
    key = AccessKey.objects.create(user=alice, account=alice.memberships.first().account,
                                   scope=f"fc:service:{a['serviceId']}", expires_at=timezone.now() + timedelta(hours=1))
    scoped = client_for(endpoint, key)
    assert [s["serviceName"] for s in scoped.list_services().data["services"]] == ["a"]
    assert _err(lambda: scoped.get_service("b")).err_code == "ServiceNotFound"
    key.expires_at = timezone.now() - timedelta(seconds=1)
    key.save()
    assert _err(lambda: scoped.get_service("a")).err_code == "InvalidAccessKeyID"
