"""The FC providers driven directly with ProviderRequest, with a real worker for the invocations."""
from __future__ import annotations

import time

import pytest

from fcruntime.models import Function, Invocation, Service
from fcruntime.resources.function import FunctionProvider
from fcruntime.resources.function_invoker import FunctionInvokerProvider
from fcruntime.resources.service import ServiceProvider
from stacks.resources.base import ProviderRequest, StepResult
from tests.web.fcruntime.helpers import b64, lottery_zip_b64, make_zip

pytestmark = [pytest.mark.integration]
PERSONS = ["张三", "李四", "王五"]


@pytest.fixture
def acme(transactional_db, make_user):
    return make_user("alice", "acme", "admin").memberships.get().account


def req(acme, type_: str, props: dict, physical_id=None, old=None, context=None, attributes=None) -> ProviderRequest:
    return ProviderRequest(stack_id="stack-1", stack_name="lottery", account_id=acme.account_id, region="cn-hangzhou",
                           logical_id=type_.rsplit("::", 1)[-1], resource_type=type_, physical_id=physical_id,
                           properties=props, old_properties=old, attributes=attributes or {}, context=context or {})


def drive(step, request: ProviderRequest, limit_s: float = 30) -> StepResult:
    """Call a provider step until it is not in_progress, as the engine would (with the delay)."""
    deadline = time.monotonic() + limit_s
    result = step(request)
    while result.status == "in_progress":
        assert time.monotonic() < deadline, "provider step did not finish"
        time.sleep(result.delay_s)
        request.context = result.context
        result = step(request)
    return result


SVC = {"ServiceName": "test-fc-service"}
FN = {"ServiceName": "test-fc-service", "FunctionName": "test-fc-function", "Handler": "main.lottery",
      "Runtime": "python2.7", "Timeout": 2, "Code": {"ZipFile": lottery_zip_b64()}}
INV = {"ServiceName": "test-fc-service", "FunctionName": "test-fc-function", "Async": False,
       "Event": ",".join(PERSONS), "ExecuteVersion": 0}


def _deploy(acme):
    s = ServiceProvider().create(req(acme, "ALIYUN::FC::Service", SVC))
    f = FunctionProvider().create(req(acme, "ALIYUN::FC::Function", FN))
    assert (s.status, f.status) == ("done", "done"), (s.reason, f.reason)
    return s, f


def test_service_and_function_lifecycle(acme):
    s, f = _deploy(acme)
    assert s.physical_id == "test-fc-service" and s.attributes["ServiceId"]
    assert s.attributes["InternetAccess"] is True
    assert f.physical_id == "test-fc-service|test-fc-function"
    assert f.attributes["ARN"] == f"acs:fc:cn-hangzhou:{acme.account_id}:services/test-fc-service/functions/test-fc-function"
    again = ServiceProvider().create(req(acme, "ALIYUN::FC::Service", SVC))
    assert again.status == "failed" and "ServiceAlreadyExists" in again.reason
    upd = FunctionProvider().update(req(acme, "ALIYUN::FC::Function", {**FN, "Timeout": 5, "MemorySize": 256},
                                        f.physical_id, old=FN))
    assert upd.status == "done"
    fn = Function.objects.get()
    assert (fn.timeout, fn.memory_size) == (5, 256)
    s2 = ServiceProvider().update(req(acme, "ALIYUN::FC::Service", {**SVC, "Description": "x", "InternetAccess": False},
                                      s.physical_id, old=SVC))
    assert s2.status == "done" and s2.attributes["InternetAccess"] is False
    blocked = ServiceProvider().delete(req(acme, "ALIYUN::FC::Service", SVC, s.physical_id))
    assert blocked.status == "failed" and "ServiceNotEmpty" in blocked.reason
    assert FunctionProvider().delete(req(acme, "ALIYUN::FC::Function", FN, f.physical_id)).status == "done"
    assert ServiceProvider().delete(req(acme, "ALIYUN::FC::Service", SVC, s.physical_id)).status == "done"
    assert not Service.objects.exists()
    # already gone is done
    assert FunctionProvider().delete(req(acme, "ALIYUN::FC::Function", FN, f.physical_id)).status == "done"
    assert ServiceProvider().delete(req(acme, "ALIYUN::FC::Service", SVC, s.physical_id)).status == "done"


def test_function_provider_refuses_bad_code_and_runtime(acme):
    ServiceProvider().create(req(acme, "ALIYUN::FC::Service", SVC))
    bad = FunctionProvider().create(req(acme, "ALIYUN::FC::Function", {**FN, "Code": {"ZipFile": b64(b"junk")}}))
    assert bad.status == "failed" and bad.reason.startswith("InvalidArgument:")
    java = FunctionProvider().create(req(acme, "ALIYUN::FC::Function", {**FN, "Runtime": "java8"}))
    assert java.status == "failed" and "java8" in java.reason


def test_invoker_runs_on_create_and_only_when_execute_version_changes(celery_worker, acme):
    _deploy(acme)
    provider = FunctionInvokerProvider()
    first = provider.create(req(acme, "ALIYUN::FC::FunctionInvoker", INV))
    assert first.status == "in_progress" and first.delay_s <= 0.5 and first.context["invocation"]
    r = drive(provider.create, req(acme, "ALIYUN::FC::FunctionInvoker", INV, context=first.context))
    assert r.status == "done", r.reason
    assert r.attributes["ResultType"] == "Success" and r.attributes["Result"] in PERSONS
    pid = r.physical_id
    assert Invocation.objects.filter(source="invoker").count() == 1

    # another property changes: no invocation, attributes kept
    other = {**INV, "Event": "张三"}
    same = drive(provider.update, req(acme, "ALIYUN::FC::FunctionInvoker", other, pid, old=INV, attributes=r.attributes))
    assert same.status == "done" and same.attributes == r.attributes and same.physical_id == pid
    assert Invocation.objects.filter(source="invoker").count() == 1

    # ExecuteVersion changes: invoked again with the new event
    bumped = {**other, "ExecuteVersion": 1}
    again = drive(provider.update, req(acme, "ALIYUN::FC::FunctionInvoker", bumped, pid, old=other, attributes=r.attributes))
    assert again.status == "done" and again.attributes == {"ResultType": "Success", "Result": "张三",
                                                          "InvocationRequestId": again.attributes["InvocationRequestId"]}
    assert Invocation.objects.filter(request_id=again.attributes["InvocationRequestId"], source="invoker").exists()
    assert again.physical_id == pid
    assert Invocation.objects.filter(source="invoker").count() == 2
    assert provider.delete(req(acme, "ALIYUN::FC::FunctionInvoker", bumped, pid)).status == "done"
    assert Invocation.objects.filter(source="invoker").count() == 2


def test_invoker_without_execute_version_and_async(celery_worker, acme):
    _deploy(acme)
    provider = FunctionInvokerProvider()
    props = {k: v for k, v in INV.items() if k != "ExecuteVersion"}
    r = provider.create(req(acme, "ALIYUN::FC::FunctionInvoker", props))
    assert r.status == "done" and r.attributes == {"ResultType": "NoResult", "Result": None}
    assert not Invocation.objects.exists()
    a = provider.create(req(acme, "ALIYUN::FC::FunctionInvoker", {**INV, "Async": True}))
    assert a.status == "done" and a.attributes["ResultType"] == "NoResult"
    inv = Invocation.objects.get()
    assert inv.invocation_type == "Async" and inv.event == ",".join(PERSONS).encode()


def test_invoker_check_error(celery_worker, acme):
    ServiceProvider().create(req(acme, "ALIYUN::FC::Service", SVC))
    src = "def handler(event, context):\n    raise Exception('no winner today')\n"
    FunctionProvider().create(req(acme, "ALIYUN::FC::Function", {**FN, "Handler": "index.handler", "Runtime": "python3.9",
                                                                 "Code": {"SourceCode": src}}))
    provider = FunctionInvokerProvider()
    soft = drive(provider.create, req(acme, "ALIYUN::FC::FunctionInvoker", INV))
    assert soft.status == "done" and {k: soft.attributes[k] for k in ("ResultType", "Result")} == \
        {"ResultType": "Failure", "Result": "no winner today"}
    assert soft.attributes["InvocationRequestId"]
    hard = drive(provider.create, req(acme, "ALIYUN::FC::FunctionInvoker", {**INV, "CheckError": True}))
    assert hard.status == "failed" and hard.reason == "no winner today"
    missing = drive(provider.create, req(acme, "ALIYUN::FC::FunctionInvoker",
                                         {**INV, "FunctionName": "nope", "CheckError": True}))
    assert missing.status == "failed" and "FunctionNotFound" in missing.reason
