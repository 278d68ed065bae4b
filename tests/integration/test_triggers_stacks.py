"""The sample stacks with triggers, through the stacks engine and a REAL worker: HTTP, timer, custom resource."""
from __future__ import annotations

import pytest
import requests

from fcruntime.models import Invocation, Trigger
from stacks import services
from tests.conftest import repo_root
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.test_engine_support import wait_terminal
from tests.integration.triggers_helpers import start_uvicorn, stop

pytestmark = [pytest.mark.integration]
SAMPLES = repo_root() / "stacks" / "samples"


@pytest.fixture
def stack_env(transactional_db, monkeypatch, settings):
    """uvicorn first (its URL is the PUBLIC_URL), then a worker that knows it."""
    proc, url = start_uvicorn()
    monkeypatch.setenv("ROSCONSOLE_PUBLIC_URL", url)
    settings.PUBLIC_URL = url
    worker = start_worker()
    yield url
    stop_worker(worker)
    stop(proc)


def _create(alice, name: str, sample: str, params: dict | None = None):
    account = alice.memberships.first().account
    stack = services.create_stack(alice, account, name=name, template_body=(SAMPLES / sample).read_text(),
                                  parameters=params or {})
    stack = wait_terminal(stack.pk, timeout=120)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    return account, stack


def test_http_sample_stack_serves_requests(stack_env, alice):
    account, stack = _create(alice, "web", "http-function.yaml")
    url = {o["OutputKey"]: o["OutputValue"] for o in stack.outputs}["Url"]
    assert url == stack_env + "/2016-08-15/proxy/http-demo/hello-http/"
    r = requests.get(url + "path?x=1", timeout=60)
    assert r.status_code == 200, r.text
    services.delete_stack(alice, account, stack)
    assert wait_terminal(stack.pk, timeout=120).status == "DELETE_COMPLETE"
    assert not Trigger.objects.exists()


def test_custom_resource_sample_stack(stack_env, alice):
    account, stack = _create(alice, "greet", "custom-resource.yaml", {"Name": "ROS"})
    assert {o["OutputKey"]: o["OutputValue"] for o in stack.outputs}["Message"] == "Hello, ROS!"
    res = stack.resources.get(logical_id="Greeting")
    assert res.physical_id.startswith("greeting-") and res.attributes["Outputs"] == {"Message": "Hello, ROS!"}
    services.delete_stack(alice, account, stack)
    assert wait_terminal(stack.pk, timeout=120).status == "DELETE_COMPLETE"
    kinds = [__import__("json").loads(bytes(i.event))["RequestType"]
             for i in Invocation.objects.filter(source="custom-resource").order_by("created_at")]
    assert kinds == ["Create", "Delete"]
