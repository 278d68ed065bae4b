"""Services and functions through the real `fc2` SDK against a live server."""
from __future__ import annotations

import base64
import io
import re
import zipfile

import fc2
import pytest
import requests

from fcruntime.executor.checksum import crc64
from tests.api.fc.conftest import error_of, write_code

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_service_lifecycle(fc):
    created = fc.create_service("svc-one", description="first", internetAccess=False,
                                logConfig={"project": "p", "logstore": "l"})
    doc = created.data
    assert doc["serviceName"] == "svc-one"
    assert doc["description"] == "first"
    assert doc["internetAccess"] is False
    assert doc["logConfig"]["project"] == "p" and doc["logConfig"]["logstore"] == "l"
    assert re.match(r"^[0-9a-f-]{36}$", doc["serviceId"])
    assert ISO_Z.match(doc["createdTime"]) and ISO_Z.match(doc["lastModifiedTime"])
    assert created.headers["etag"]
    assert created.headers["x-fc-request-id"]

    got = fc.get_service("svc-one")
    assert got.data["serviceId"] == doc["serviceId"]
    assert got.headers["etag"] == created.headers["etag"]
    assert fc.get_service("svc-one", qualifier="LATEST").data["serviceName"] == "svc-one"

    updated = fc.update_service("svc-one", description="changed", internetAccess=True)
    assert updated.data["description"] == "changed" and updated.data["internetAccess"] is True
    assert updated.data["logConfig"]["project"] == "p"  # untouched fields stay

    names = [s["serviceName"] for s in fc.list_services().data["services"]]
    assert names == ["svc-one"]

    fc.delete_service("svc-one")
    with pytest.raises(fc2.FcError) as err:
        fc.get_service("svc-one")
    assert err.value.status_code == 404 and err.value.err_code == "ServiceNotFound"
    assert error_of(err.value)["ErrorMessage"] == "service 'svc-one' does not exist"
    assert err.value.request_id not in ("", "unknown")


def test_duplicate_and_invalid_service(fc):
    fc.create_service("dup")
    with pytest.raises(fc2.FcError) as err:
        fc.create_service("dup")
    assert (err.value.status_code, err.value.err_code) == (409, "ServiceAlreadyExists")
    with pytest.raises(fc2.FcError) as err:
        fc.create_service("1-bad-name")
    assert (err.value.status_code, err.value.err_code) == (400, "InvalidArgument")


def test_function_lifecycle(fc, code_dir, tmp_path):
    fc.create_service("svc")
    created = fc.create_function("svc", "hello", "python3", "index.handler", codeDir=str(code_dir),
                                 description="says hello", environmentVariables={"GREETING": "hi"},
                                 instanceConcurrency=2)
    doc = created.data
    assert created.headers["etag"]
    for key in ("functionId", "functionName", "description", "runtime", "handler", "initializer", "timeout",
                "initializationTimeout", "memorySize", "instanceConcurrency", "instanceType", "codeSize",
                "codeChecksum", "environmentVariables", "customContainerConfig", "caPort", "layers",
                "createdTime", "lastModifiedTime"):
        assert key in doc, key
    assert doc["memorySize"] == 256 and doc["timeout"] == 60  # the SDK's own defaults
    assert doc["environmentVariables"] == {"GREETING": "hi"}
    assert doc["instanceConcurrency"] == 2
    assert ISO_Z.match(doc["lastModifiedTime"])

    got = fc.get_function("svc", "hello")
    assert got.data["codeChecksum"] == doc["codeChecksum"]
    assert [f["functionName"] for f in fc.list_functions("svc").data["functions"]] == ["hello"]

    code = fc.get_function_code("svc", "hello").data
    assert code["checksum"] == doc["codeChecksum"]
    downloaded = requests.get(code["url"], timeout=10)
    assert downloaded.status_code == 200
    assert str(crc64(downloaded.content)) == doc["codeChecksum"]
    assert len(downloaded.content) == doc["codeSize"]
    with zipfile.ZipFile(io.BytesIO(downloaded.content)) as zf:
        assert "index.py" in zf.namelist()
    tampered = requests.get(code["url"][:-3] + "xyz", timeout=10)
    assert tampered.status_code == 403 and tampered.json()["ErrorCode"] == "AccessDenied"

    new_dir = write_code(tmp_path / "v2", "def handler(event, context):\n    return 'v2'\n")
    updated = fc.update_function("svc", "hello", codeDir=str(new_dir), memorySize=512, description="v2")
    assert updated.data["codeChecksum"] != doc["codeChecksum"]
    assert updated.data["memorySize"] == 512 and updated.data["description"] == "v2"
    assert updated.data["handler"] == "index.handler"  # kept
    assert updated.headers["etag"] != created.headers["etag"]

    with pytest.raises(fc2.FcError) as err:
        fc.delete_service("svc")
    assert (err.value.status_code, err.value.err_code) == (409, "ServiceNotEmpty")
    fc.delete_function("svc", "hello")
    with pytest.raises(fc2.FcError) as err:
        fc.get_function("svc", "hello")
    assert (err.value.status_code, err.value.err_code) == (404, "FunctionNotFound")
    fc.delete_service("svc")


def test_function_from_zip_file_and_checksum_header(fc, tmp_path):
    fc.create_service("svc")
    path = tmp_path / "code.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.py", "def handler(event, context):\n    return 'zip'\n")
    data = path.read_bytes()
    created = fc.create_function("svc", "z", "python3.9", "index.handler", codeZipFile=str(path))
    assert created.data["codeChecksum"] == str(crc64(data))
    assert created.data["codeSize"] == len(data)
    with pytest.raises(fc2.FcError) as err:
        fc.update_function("svc", "z", codeZipFile=str(path), headers={"X-Fc-Code-Checksum": "1"})
    assert (err.value.status_code, err.value.err_code) == (400, "InvalidArgument")
    ok = fc.update_function("svc", "z", codeZipFile=str(path), headers={"X-Fc-Code-Checksum": str(crc64(data))})
    assert ok.data["codeChecksum"] == str(crc64(data))


def test_function_client_mistakes_are_4xx(fc, service_with_function, code_dir):
    svc, fn = service_with_function
    cases = [
        lambda: fc.update_function(svc, fn, memorySize=100),
        lambda: fc.update_function(svc, fn, runtime="cobol"),
        lambda: fc.create_function(svc, "bad", "python3", "index.handler", codeDir=str(code_dir), memorySize=130),
        lambda: fc.create_function(svc, "nope", "cobol85", "index.handler", codeDir=str(code_dir)),
        lambda: fc.get_function(svc, fn, qualifier="99"),
        lambda: fc.get_function(svc, fn, qualifier="no-such-alias"),
        lambda: fc.list_functions(svc, limit=1000),
        lambda: fc.get_function("missing", fn),
    ]
    for case in cases:
        with pytest.raises(fc2.FcError) as err:
            case()
        assert 400 <= err.value.status_code < 500, err.value.message
        assert err.value.err_code


def test_duplicate_function(fc, service_with_function, code_dir):
    with pytest.raises(fc2.FcError) as err:
        fc.create_function("svc", "hello", "python3", "index.handler", codeDir=str(code_dir))
    assert (err.value.status_code, err.value.err_code) == (409, "FunctionAlreadyExists")


def test_bad_zip_is_refused(fc, endpoint, alice_key):
    fc.create_service("svc")
    from tests.api.fc.conftest import raw_request

    body = ('{"functionName": "f", "runtime": "python3", "handler": "index.handler", "code": {"zipFile": "%s"}}'
            % base64.b64encode(b"not a zip").decode()).encode()
    r = raw_request(endpoint, alice_key, "POST", "/2016-08-15/services/svc/functions", body=body)
    assert r.status_code == 400 and r.json()["ErrorCode"] == "InvalidArgument"
    r = raw_request(endpoint, alice_key, "POST", "/2016-08-15/services/svc/functions", body=b"{not json")
    assert r.status_code == 400 and r.json()["ErrorCode"] == "InvalidArgument"


def test_account_settings(fc):
    doc = fc.get_account_settings().data
    assert doc["availableAZs"]
