"""`manage.py fc ...` as a real process against the test database and a real worker."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fcruntime import services
from tests.conftest import repo_root
from tests.integration.conftest import _worker_env
from tests.web.fcruntime.helpers import b64, lottery_zip_b64, make_zip

pytestmark = [pytest.mark.integration]
PERSONS = ["张三", "李四", "王五"]


def fc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", "fc", *args], cwd=repo_root(), env=_worker_env(),
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def deployed(transactional_db, make_user):
    account = make_user("alice", "acme", "admin").memberships.get().account
    make_user("bob", "acme", "viewer")
    svc = services.create_service(account, "test-fc-service")
    services.create_function(svc, "test-fc-function", runtime="python2.7", handler="main.lottery",
                             code={"ZipFile": lottery_zip_b64()}, timeout=2)
    services.create_function(svc, "boom", runtime="python3.9", handler="index.handler",
                             code={"ZipFile": b64(make_zip({"index.py": "def handler(e, c):\n    raise KeyError('k')\n"}))})
    return account


def test_cli_invoke_lottery_logs_and_lists(celery_worker, deployed):
    out = fc("invoke", "test-fc-service", "test-fc-function", "--event", ",".join(PERSONS))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() in PERSONS
    logs = fc("logs", "test-fc-service", "test-fc-function", "--tail", "5")
    assert logs.returncode == 0 and "FC Invoke Start RequestId:" in logs.stdout and "succeeded" in logs.stdout
    listed = fc("services")
    assert "test-fc-service" in listed.stdout and "2 functions" in listed.stdout
    fns = fc("functions", "test-fc-service")
    assert "test-fc-function\tpython2.7\tmain.lottery" in fns.stdout


def test_cli_function_error_prints_error_json_and_exits_1(celery_worker, deployed):
    out = fc("invoke", "test-fc-service", "boom")
    assert out.returncode == 1
    body = json.loads(out.stdout)
    assert body["errorType"] == "KeyError" and body["errorMessage"] == "'k'"
    assert body["stackTrace"]


def test_cli_errors(celery_worker, deployed):
    out = fc("invoke", "test-fc-service", "nope")
    assert out.returncode == 1 and "FunctionNotFound: function 'nope' does not exist" in out.stderr
    viewer = fc("invoke", "test-fc-service", "boom", "--user", "bob")
    assert viewer.returncode == 1 and "operator role" in viewer.stderr
    assert fc("functions", "test-fc-service", "--user", "bob").returncode == 0
    queued = fc("invoke", "test-fc-service", "test-fc-function", "--event", "x", "--async")
    assert queued.returncode == 0 and queued.stdout.startswith("RequestId: ")
