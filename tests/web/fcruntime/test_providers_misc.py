"""Version, Alias, CustomDomain, Bucket, Layer providers driven directly (no worker needed)."""
from __future__ import annotations

import pytest

from fcruntime.models import Alias, Bucket, CustomDomain, Layer, Version
from fcruntime.resources.alias import AliasProvider
from fcruntime.resources.bucket import BucketProvider
from fcruntime.resources.custom_domain import CustomDomainProvider
from fcruntime.resources.function import FunctionProvider
from fcruntime.resources.layer import LayerProvider
from fcruntime.resources.service import ServiceProvider
from fcruntime.resources.version import VersionProvider
from stacks.resources.base import ProviderRequest
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = pytest.mark.django_db


def req(acme, type_, props, physical_id=None, old=None):
    return ProviderRequest(stack_id="s", stack_name="s", account_id=acme.account_id, region="cn-hangzhou",
                           logical_id="R", resource_type=type_, physical_id=physical_id, properties=props,
                           old_properties=old)


def _svc(acme):
    ServiceProvider().create(req(acme, "ALIYUN::FC::Service", {"ServiceName": "svc"}))
    r = FunctionProvider().create(req(acme, "ALIYUN::FC::Function", {
        "ServiceName": "svc", "FunctionName": "f", "Runtime": "python3.9", "Handler": "index.handler",
        "Code": {"SourceCode": "def handler(e, c):\n    return 'v'\n"}}))
    assert r.status == "done", r.reason


def test_version_and_alias(acme):
    _svc(acme)
    v = VersionProvider().create(req(acme, "ALIYUN::FC::Version", {"ServiceName": "svc", "Description": "one"}))
    v2 = VersionProvider().create(req(acme, "ALIYUN::FC::Version", {"ServiceName": "svc"}))
    assert (v.physical_id, v2.physical_id) == ("1", "2")
    assert v.attributes == {"VersionId": "1", "ServiceName": "svc"}
    assert "f" in Version.objects.get(version_id="1").snapshot
    props = {"ServiceName": "svc", "AliasName": "prod", "VersionId": "1", "AdditionalVersion": "2", "AdditionalWeight": 20}
    a = AliasProvider().create(req(acme, "ALIYUN::FC::Alias", props))
    assert a.status == "done" and a.physical_id == "prod"
    assert a.attributes == {"AliasName": "prod", "ServiceName": "svc", "VersionId": "1"}
    assert Alias.objects.get().additional_weight == pytest.approx(0.2)
    u = AliasProvider().update(req(acme, "ALIYUN::FC::Alias", {**props, "VersionId": "2", "AdditionalVersion": None,
                                                               "AdditionalWeight": None}, "prod", old=props))
    assert u.attributes["VersionId"] == "2" and Alias.objects.get().additional_version is None
    busy = VersionProvider().delete(req(acme, "ALIYUN::FC::Version", {"ServiceName": "svc"}, "2"))
    assert busy.status == "failed" and "VersionInUse" in busy.reason
    bad = AliasProvider().create(req(acme, "ALIYUN::FC::Alias", {**props, "AliasName": "x", "VersionId": "7"}))
    assert bad.status == "failed" and "VersionNotFound" in bad.reason
    assert AliasProvider().delete(req(acme, "ALIYUN::FC::Alias", props, "prod")).status == "done"
    assert AliasProvider().delete(req(acme, "ALIYUN::FC::Alias", props, "prod")).status == "done"
    assert VersionProvider().delete(req(acme, "ALIYUN::FC::Version", {"ServiceName": "svc"}, "2")).status == "done"
    assert VersionProvider().delete(req(acme, "ALIYUN::FC::Version", {"ServiceName": "svc"}, "2")).status == "done"
    assert list(Version.objects.values_list("version_id", flat=True)) == ["1"]


def test_custom_domain(acme):
    props = {"DomainName": "fc.example.com", "Protocol": "HTTP",
             "RouteConfig": {"Routes": [{"Path": "/login/*", "ServiceName": "svc", "FunctionName": "f"}]}}
    r = CustomDomainProvider().create(req(acme, "ALIYUN::FC::CustomDomain", props))
    assert r.status == "done" and r.attributes == {"DomainName": "fc.example.com", "Domain": "http://fc.example.com"}
    from fcruntime import services
    assert services.route_for(CustomDomain.objects.get(), "/login/x")["FunctionName"] == "f"
    assert services.route_for(CustomDomain.objects.get(), "/other") is None
    bad = CustomDomainProvider().create(req(acme, "ALIYUN::FC::CustomDomain", {**props, "DomainName": "b.example.com",
                                        "RouteConfig": {"Routes": [{"Path": "nope", "ServiceName": "s", "FunctionName": "f"}]}}))
    assert bad.status == "failed" and "Path" in bad.reason
    https = CustomDomainProvider().update(req(acme, "ALIYUN::FC::CustomDomain", {**props, "Protocol": "HTTP,HTTPS"},
                                              "fc.example.com", old=props))
    assert https.status == "failed" and "CertConfig" in https.reason
    assert CustomDomainProvider().delete(req(acme, "ALIYUN::FC::CustomDomain", props, "fc.example.com")).status == "done"
    assert CustomDomainProvider().delete(req(acme, "ALIYUN::FC::CustomDomain", props, "fc.example.com")).status == "done"


def test_bucket(acme, charlie):
    r = BucketProvider().create(req(acme, "ALIYUN::OSS::Bucket", {"BucketName": "my-bucket"}))
    assert r.status == "done" and r.physical_id == "my-bucket"
    assert r.attributes == {"Name": "my-bucket", "Arn": f"acs:oss:*:{acme.account_id}:my-bucket",
                            "DomainName": "my-bucket.oss-cn-hangzhou.aliyuncs.com",
                            "InternalDomainName": "my-bucket.oss-cn-hangzhou-internal.aliyuncs.com"}
    globex = charlie.memberships.get().account
    taken = BucketProvider().create(req(globex, "ALIYUN::OSS::Bucket", {"BucketName": "my-bucket"}))
    assert taken.status == "failed" and "BucketAlreadyExists" in taken.reason
    bad = BucketProvider().create(req(acme, "ALIYUN::OSS::Bucket", {"BucketName": "Bad_Name"}))
    assert bad.status == "failed" and "InvalidArgument" in bad.reason
    # another account cannot delete it; its own delete works and is idempotent
    assert BucketProvider().delete(req(globex, "ALIYUN::OSS::Bucket", {}, "my-bucket")).status == "done"
    assert Bucket.objects.count() == 1
    assert BucketProvider().delete(req(acme, "ALIYUN::OSS::Bucket", {}, "my-bucket")).status == "done"
    assert BucketProvider().delete(req(acme, "ALIYUN::OSS::Bucket", {}, "my-bucket")).status == "done"
    assert not Bucket.objects.exists()


def test_layer(acme):
    code = {"ZipFile": b64(make_zip({"python/greet.py": "def hi():\n    return 'hi from layer'\n"}))}
    props = {"LayerName": "greet", "CompatibleRuntime": ["python3.9"], "Code": code}
    a = LayerProvider().create(req(acme, "ALIYUN::FC::Layer", props))
    b = LayerProvider().create(req(acme, "ALIYUN::FC::Layer", props))
    assert a.attributes["Version"] == 1 and b.attributes["Version"] == 2
    assert a.physical_id == f"acs:fc:cn-hangzhou:{acme.account_id}:layers/greet/versions/1" == a.attributes["Arn"]
    bad = LayerProvider().create(req(acme, "ALIYUN::FC::Layer", {**props, "CompatibleRuntime": ["go1"]}))
    assert bad.status == "failed" and "go1" in bad.reason
    assert LayerProvider().delete(req(acme, "ALIYUN::FC::Layer", props, a.physical_id)).status == "done"
    assert LayerProvider().delete(req(acme, "ALIYUN::FC::Layer", props, a.physical_id)).status == "done"
    assert list(Layer.objects.values_list("version", flat=True)) == [2]


def test_schemas_follow_the_spec():
    from stacks.resources.registry import get_provider

    assert FunctionProvider.replacement_properties() == {"ServiceName", "FunctionName"}
    assert ServiceProvider.replacement_properties() == {"ServiceName"}
    invoker = get_provider("ALIYUN::FC::FunctionInvoker")
    assert type(invoker).replacement_properties() == {"CheckError", "ServiceRegionId", "CheckAsyncInvocation"}
    for name in ("ALIYUN::FC::Version", "ALIYUN::FC::Alias", "ALIYUN::FC::ProvisionConfig", "ALIYUN::FC::Layer",
                 "ALIYUN::FC::CustomDomain", "ALIYUN::OSS::Bucket", "ALIYUN::FC::Service", "ALIYUN::FC::Function"):
        assert get_provider(name).TYPE == name
