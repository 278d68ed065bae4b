"""The seed's lottery scenario end to end through `manage.py stack ...` and `manage.py fc ...` (real worker)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fcruntime.models import Function, Invocation, Service
from tests.conftest import repo_root
from tests.integration.conftest import _worker_env

pytestmark = [pytest.mark.integration]
PERSONS = ["张三", "李四", "王五"]
TEMPLATE = "tests/fixtures/templates/lottery.json"


def manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=repo_root(), env=_worker_env(),
                          capture_output=True, text=True, timeout=180)


def outputs() -> dict:
    shown = manage("stack", "show", "lottery", "--json")
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    return {"Status": body["Status"], **{o["OutputKey"]: o["OutputValue"] for o in body["Outputs"]}}


def test_lottery_stack_lifecycle(celery_worker, make_user):
    make_user("root", "acme", "admin")
    created = manage("stack", "create", "lottery", TEMPLATE, "-p", "Persons=" + ",".join(PERSONS), "--wait")
    assert created.returncode == 0, created.stdout + created.stderr
    first = outputs()
    assert first["Status"] == "CREATE_COMPLETE"
    assert first["Result"] in {f"恭喜{p}中奖" for p in PERSONS}
    fn = Function.objects.select_related("service").get()
    assert (fn.service.name, fn.name, fn.runtime, fn.handler, fn.timeout) == (
        "test-fc-service", "test-fc-function", "python2.7", "main.lottery", 2)
    assert Invocation.objects.filter(function=fn, source="invoker").count() == 1

    # the function is a real local function: the fc CLI can call it too
    direct = manage("fc", "invoke", "test-fc-service", "test-fc-function", "--event", "赵六")
    assert direct.returncode == 0 and direct.stdout.strip() == "赵六"

    # ExecuteVersion changes: the invoker runs the function again
    bumped = manage("stack", "update", "lottery", "-p", "ExecuteVersion=1", "--wait")
    assert bumped.returncode == 0, bumped.stdout + bumped.stderr
    second = outputs()
    assert second["Status"] == "UPDATE_COMPLETE"
    assert second["Result"] in {f"恭喜{p}中奖" for p in PERSONS}
    assert Invocation.objects.filter(function=fn, source="invoker").count() == 2

    # another parameter changes without ExecuteVersion: no new invocation, the old Result stays
    persons = manage("stack", "update", "lottery", "-p", "Persons=小明", "--wait")
    assert persons.returncode == 0, persons.stdout + persons.stderr
    assert Invocation.objects.filter(function=fn, source="invoker").count() == 2
    assert outputs()["Result"] == second["Result"]

    deleted = manage("stack", "delete", "lottery", "--wait")
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    assert not Service.objects.exists() and not Function.objects.exists()
    # the invocation history outlives the function
    assert Invocation.objects.filter(service_name="test-fc-service", function__isnull=True).count() == 3
