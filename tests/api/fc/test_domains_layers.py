"""Custom domains (SDK) and layers (signed raw requests: fc2 2.5.2 has no layer calls)."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import fc2
import pytest
import requests

from tests.api.fc.conftest import raw_request


def _err(call):
    with pytest.raises(fc2.FcError) as err:
        call()
    return err.value


def test_custom_domain_crud(fc, fc_other, service_with_function):
    svc, fn = service_with_function
    routes = {"routes": [{"path": "/api/*", "serviceName": svc, "functionName": fn, "qualifier": "LATEST"}]}
    doc = fc.create_custom_domain("Demo.Example.com", protocol="HTTP", routeConfig=routes).data
    assert doc["domainName"] == "demo.example.com" and doc["protocol"] == "HTTP"
    assert doc["routeConfig"]["routes"][0]["path"] == "/api/*"
    assert fc.get_custom_domain("demo.example.com").data["routeConfig"] == doc["routeConfig"]
    updated = fc.update_custom_domain("demo.example.com", routeConfig={"routes": [
        {"path": "/", "serviceName": svc, "functionName": fn}]}).data
    assert [r["path"] for r in updated["routeConfig"]["routes"]] == ["/"] and updated["protocol"] == "HTTP"
    assert [d["domainName"] for d in fc.list_custom_domains().data["customDomains"]] == ["demo.example.com"]
    assert fc_other.list_custom_domains().data["customDomains"] == []
    assert _err(lambda: fc_other.get_custom_domain("demo.example.com")).err_code == "DomainNameNotFound"
    assert _err(lambda: fc.create_custom_domain("demo.example.com")).err_code == "DomainNameAlreadyExists"
    assert _err(lambda: fc.create_custom_domain("bad_domain")).status_code == 400
    assert _err(lambda: fc.create_custom_domain("s.example.com", protocol="HTTP,HTTPS")).status_code == 400
    fc.delete_custom_domain("demo.example.com")
    assert _err(lambda: fc.get_custom_domain("demo.example.com")).status_code == 404


def _zip_b64() -> str:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("python/helper.py", "VALUE = 42\n")
    return base64.b64encode(buf.getvalue()).decode()


def test_layers(endpoint, alice_key, charlie_key, fc, code_dir):
    body = json.dumps({"code": {"zipFile": _zip_b64()}, "compatibleRuntime": ["python3"],
                       "description": "helpers"}).encode()
    r = raw_request(endpoint, alice_key, "POST", "/2016-08-15/layers/helpers/versions", body=body)
    assert r.status_code == 200, r.text
    v1 = r.json()
    assert v1["layerName"] == "helpers" and v1["version"] == 1 and v1["arn"].endswith(":layers/helpers/versions/1")
    assert requests.get(v1["code"]["location"], timeout=10).status_code == 200
    v2 = raw_request(endpoint, alice_key, "POST", "/2016-08-15/layers/helpers/versions", body=body).json()
    assert v2["version"] == 2

    listed = raw_request(endpoint, alice_key, "GET", "/2016-08-15/layers").json()["layers"]
    assert [(x["layerName"], x["version"]) for x in listed] == [("helpers", 2)]
    versions = raw_request(endpoint, alice_key, "GET", "/2016-08-15/layers/helpers/versions").json()["layers"]
    assert [x["version"] for x in versions] == [1, 2]
    got = raw_request(endpoint, alice_key, "GET", "/2016-08-15/layers/helpers/versions/1").json()
    assert got["codeChecksum"] == v1["codeChecksum"]
    by_arn = raw_request(endpoint, alice_key, "GET", f"/2016-08-15/layerarn/{v1['arn']}")
    assert by_arn.status_code == 200 and by_arn.json()["version"] == 1

    other = raw_request(endpoint, charlie_key, "GET", "/2016-08-15/layers/helpers/versions/1")
    assert other.status_code == 404 and other.json()["ErrorCode"] == "LayerNotFound"

    fc.create_service("svc")
    fn = fc.create_function("svc", "f", "python3", "index.handler", codeDir=str(code_dir)).data
    assert fn["layers"] == []
    upd = raw_request(endpoint, alice_key, "PUT", "/2016-08-15/services/svc/functions/f",
                      body=json.dumps({"layers": [v1["arn"]]}).encode())
    assert upd.status_code == 200 and upd.json()["layers"] == [v1["arn"]]
    bad = raw_request(endpoint, alice_key, "PUT", "/2016-08-15/services/svc/functions/f",
                      body=json.dumps({"layers": ["acs:fc:cn-hangzhou:1:layers/nope/versions/1"]}).encode())
    assert bad.status_code == 404 and bad.json()["ErrorCode"] == "LayerNotFound"

    assert raw_request(endpoint, alice_key, "DELETE", "/2016-08-15/layers/helpers/versions/2").status_code == 204
    gone = raw_request(endpoint, alice_key, "GET", "/2016-08-15/layers/helpers/versions/2")
    assert gone.status_code == 404
    assert raw_request(endpoint, alice_key, "GET", "/2016-08-15/layers/helpers/versions/x").status_code == 400
