"""Services and functions through fcruntime.services: code sources, blob dedup, checks, isolation."""
from __future__ import annotations

import io
import zipfile

import pytest

from fcruntime import blobstore, errors, services
from fcruntime.executor.checksum import crc64
from fcruntime.models import Bucket, Function, Object, Service
from tests.web.fcruntime.helpers import b64, lottery_zip_b64, make_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def globex(charlie):
    return charlie.memberships.get().account


def test_create_service_and_function_from_zipfile(acme):
    svc = services.create_service(acme, "test-fc-service", description="d")
    assert svc.service_id and svc.internet_access is True and svc.region == "cn-hangzhou"
    fn = services.create_function(svc, "test-fc-function", runtime="python2.7", handler="main.lottery",
                                  code={"ZipFile": lottery_zip_b64()}, timeout=2)
    import base64
    data = base64.b64decode(lottery_zip_b64())
    assert fn.code_checksum == str(crc64(data))
    assert fn.code_size == len(data)
    assert blobstore.path_for(fn.code_blob).read_bytes() == data
    assert (fn.memory_size, fn.timeout, fn.initialization_timeout, fn.instance_concurrency) == (128, 2, 3, 1)


def test_source_code_becomes_index_py(acme):
    svc = services.create_service(acme, "s1")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return 'hi'\n"})
    with zipfile.ZipFile(io.BytesIO(blobstore.read(fn.code_blob))) as zf:
        assert zf.namelist() == ["index.py"]
    assert "return 'hi'" in fn.source_code
    node = services.create_function(svc, "n", runtime="nodejs16", handler="index.handler",
                                    code={"SourceCode": "exports.handler = (e, c, cb) => cb(null, 'x')"})
    with zipfile.ZipFile(io.BytesIO(blobstore.read(node.code_blob))) as zf:
        assert zf.namelist() == ["index.js"]


def test_zipfile_wins_over_source_code(acme):
    svc = services.create_service(acme, "s1")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="main.lottery",
                                  code={"ZipFile": lottery_zip_b64(), "SourceCode": "x = 1"})
    assert fn.source_code == ""


def test_same_code_is_stored_once(acme):
    svc = services.create_service(acme, "s1")
    a = services.create_function(svc, "a", runtime="python3.9", handler="main.lottery", code={"ZipFile": lottery_zip_b64()})
    b = services.create_function(svc, "b", runtime="python3.9", handler="main.lottery", code={"ZipFile": lottery_zip_b64()})
    assert a.code_blob == b.code_blob
    assert len(list(blobstore.blob_dir().glob(f"{a.code_checksum}*.zip"))) == 1


def test_bad_zip_and_zip_slip_are_invalid_argument(acme):
    svc = services.create_service(acme, "s1")
    with pytest.raises(errors.InvalidArgument, match="not a valid zip"):
        services.create_function(svc, "f", runtime="python3.9", handler="index.handler", code={"ZipFile": b64(b"nope")})
    with pytest.raises(errors.InvalidArgument, match=r"\.\."):
        services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                 code={"ZipFile": b64(make_zip({"../evil.py": "x"}))})
    with pytest.raises(errors.InvalidArgument, match="base64"):
        services.create_function(svc, "f", runtime="python3.9", handler="index.handler", code={"ZipFile": "%%%"})
    assert not Function.objects.exists()


def test_unsupported_runtime_is_named(acme):
    svc = services.create_service(acme, "s1")
    with pytest.raises(errors.InvalidArgument, match="java8") as exc:
        services.create_function(svc, "f", runtime="java8", handler="a.b", code={"ZipFile": lottery_zip_b64()})
    assert exc.value.code == "InvalidArgument" and exc.value.status == 400


def test_limits_and_names_are_checked(acme):
    svc = services.create_service(acme, "s1")
    zipped = {"ZipFile": lottery_zip_b64()}
    with pytest.raises(errors.InvalidArgument, match="MemorySize"):
        services.create_function(svc, "f", runtime="python3.9", handler="a.b", code=zipped, memory_size=100)
    with pytest.raises(errors.InvalidArgument, match="Timeout"):
        services.create_function(svc, "f", runtime="python3.9", handler="a.b", code=zipped, timeout=0)
    with pytest.raises(errors.InvalidArgument, match="reserved"):
        services.create_function(svc, "f", runtime="python3.9", handler="a.b", code=zipped,
                                 environment_variables={"FC_X": "1"})
    with pytest.raises(errors.InvalidArgument, match="FunctionName"):
        services.create_function(svc, "9bad", runtime="python3.9", handler="a.b", code=zipped)
    with pytest.raises(errors.InvalidArgument, match="ServiceName"):
        services.create_service(acme, "bad name")


def test_duplicates_and_not_found_and_not_empty(acme):
    svc = services.create_service(acme, "s1")
    with pytest.raises(errors.ServiceAlreadyExists) as exc:
        services.create_service(acme, "s1")
    assert exc.value.status == 409 and exc.value.body() == {"ErrorCode": "ServiceAlreadyExists",
                                                            "ErrorMessage": "service 's1' already exists"}
    services.create_function(svc, "f", runtime="python3.9", handler="a.b", code={"ZipFile": lottery_zip_b64()})
    with pytest.raises(errors.FunctionAlreadyExists):
        services.create_function(svc, "f", runtime="python3.9", handler="a.b", code={"ZipFile": lottery_zip_b64()})
    with pytest.raises(errors.ServiceNotEmpty):
        services.delete_service(svc)
    with pytest.raises(errors.FunctionNotFound, match="function 'g' does not exist in service 's1'"):
        services.find_function(acme, "s1", "g")
    with pytest.raises(errors.ServiceNotFound):
        services.get_service(acme, "nope")
    services.delete_function(services.get_function(svc, "f"))
    services.delete_service(svc)
    assert not Service.objects.exists()


def test_same_service_name_in_other_region_and_account(acme, globex):
    services.create_service(acme, "s1")
    services.create_service(acme, "s1", region="cn-shanghai")
    services.create_service(globex, "s1")
    assert Service.objects.count() == 3


def test_account_isolation(acme, globex):
    svc = services.create_service(acme, "private-svc")
    services.create_function(svc, "f", runtime="python3.9", handler="a.b", code={"ZipFile": lottery_zip_b64()})
    with pytest.raises(errors.ServiceNotFound):
        services.get_service(globex, "private-svc")
    assert services.list_services(globex) == []
    assert [s.name for s in services.list_services(acme)] == ["private-svc"]
    with pytest.raises(errors.ServiceNotFound):
        services.find_function(globex.account_id, "private-svc", "f")


def test_code_from_oss_object(acme, globex, tmp_path):
    svc = services.create_service(acme, "s1")
    code = {"OssBucketName": "code-bucket", "OssObjectName": "pkg/main.zip"}
    with pytest.raises(errors.NoSuchBucket, match="bucket not found"):
        services.create_function(svc, "f", runtime="python2.7", handler="main.lottery", code=code)
    bucket = services.create_bucket(acme, "code-bucket")
    with pytest.raises(errors.NoSuchKey):
        services.create_function(svc, "f", runtime="python2.7", handler="main.lottery", code=code)
    import base64
    path = tmp_path / "obj"
    path.write_bytes(base64.b64decode(lottery_zip_b64()))
    Object.objects.create(bucket=bucket, key="pkg/main.zip", size=path.stat().st_size, blob_path=str(path))
    fn = services.create_function(svc, "f", runtime="python2.7", handler="main.lottery", code=code)
    assert fn.code_size == path.stat().st_size
    # another account cannot read acme's bucket
    other = services.create_service(globex, "s1")
    with pytest.raises(errors.NoSuchBucket):
        services.create_function(other, "f", runtime="python2.7", handler="main.lottery", code=code)
    assert Bucket.objects.count() == 1


def test_update_function_code_and_config(acme):
    svc = services.create_service(acme, "s1")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return 1\n"})
    old = fn.code_checksum
    fn = services.update_function(fn, code={"SourceCode": "def handler(e, c):\n    return 2\n"}, memory_size=256,
                                  environment_variables={"A": "b"})
    assert fn.code_checksum != old and fn.memory_size == 256 and fn.environment_variables == {"A": "b"}
    fn = services.update_function(fn, timeout=10)
    assert fn.timeout == 10 and "return 2" in fn.source_code


def test_versions_and_aliases(acme):
    svc = services.create_service(acme, "s1")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return 1\n"})
    v1 = services.publish_version(svc, "first")
    services.update_function(fn, code={"SourceCode": "def handler(e, c):\n    return 2\n"})
    v2 = services.publish_version(svc)
    assert (v1.version_id, v2.version_id) == ("1", "2")
    fn.refresh_from_db()
    assert services.resolve(fn, "1").code_checksum != services.resolve(fn, "LATEST").code_checksum
    assert services.resolve(fn, "2").code_checksum == fn.code_checksum
    alias = services.create_alias(svc, "prod", "1", additional_version="2", additional_weight=0.0)
    assert services.resolve(fn, "prod").version_id == "1"
    services.update_alias(alias, "1", additional_version="2", additional_weight=1.0)
    assert services.resolve(fn, "prod").version_id == "2"
    with pytest.raises(errors.AdditionalVersionContainsMajorVersion):
        services.update_alias(alias, "1", additional_version="1", additional_weight=0.5)
    with pytest.raises(errors.VersionNotFound):
        services.resolve(fn, "9")
    with pytest.raises(errors.AliasNotFound):
        services.resolve(fn, "staging")
    with pytest.raises(errors.VersionInUse):
        services.delete_version(v1)


def test_credentials_only_with_role(acme, alice):
    from fcruntime.services.credentials import credentials_for

    svc = services.create_service(acme, "s1")
    assert credentials_for(svc) is None
    svc = services.update_service(svc, role="acs:ram::123:role/fc")
    creds = credentials_for(svc)
    assert set(creds) == {"AccessKeyId", "AccessKeySecret", "SecurityToken"}
    assert credentials_for(svc) == creds  # reused while fresh
    from rosconsole.accounts.models import AccessKey
    key = AccessKey.objects.get(access_key_id=creds["AccessKeyId"])
    assert key.scope == f"fc:service:{svc.service_id}" and key.expires_at is not None
