"""A 100-resource fan-out over two worker processes runs in parallel (real Celery, real Redis)."""
from __future__ import annotations

import json
import time

import pytest

from stacks import services
from stacks.resources import test_provider
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.test_engine_support import wait_terminal

pytestmark = [pytest.mark.integration]
T = test_provider.TYPE
DELAY = 0.2
COUNT = 100


@pytest.fixture(autouse=True)
def test_types(monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_TEST_RESOURCE_TYPES", "1")
    test_provider.register()


def test_fan_out_runs_in_parallel_on_two_workers(transactional_db, alice):
    account = alice.memberships.first().account
    workers = [start_worker(concurrency=1, name=f"fan{i}") for i in range(2)]
    try:
        resources = {f"R{i}": {"Type": T, "Properties": {"delay_s": DELAY, "value": i}} for i in range(COUNT)}
        body = json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources})
        started = time.monotonic()
        stack = services.create_stack(alice, account, name="fan", template_body=body)
        stack = wait_terminal(stack.pk, timeout=120)
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            stop_worker(worker)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    serial = COUNT * DELAY
    assert elapsed < 0.75 * serial, f"{elapsed:.1f}s is not well under the serial {serial:.0f}s"
    assert stack.events.count() == 2 * COUNT + 2
