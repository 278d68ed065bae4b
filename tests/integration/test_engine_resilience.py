"""Resilience with a REAL worker and Redis: kill -9 of the worker mid-create, a Redis restart.

Beat is simulated by calling the sweeper from the test (the same function the beat task runs).
"""
from __future__ import annotations

import atexit
import json
import signal
import time
from collections import Counter

import pytest

from rosconsole import config, embedded_redis
from stacks import services
from stacks.models import StackResource
from stacks.resources import test_provider
from tests.integration.conftest import start_worker, stop_worker
from tests.integration.test_engine_support import wait_terminal

pytestmark = [pytest.mark.integration, pytest.mark.resilience]
T = test_provider.TYPE


@pytest.fixture(autouse=True)
def test_types(monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_TEST_RESOURCE_TYPES", "1")
    test_provider.register()


def body(resources: dict) -> str:
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources})


def assert_each_step_once(stack) -> None:
    counts = Counter((e.logical_id, e.status) for e in stack.events.all())
    for row in stack.resources.all():
        assert counts[(row.logical_id, "CREATE_IN_PROGRESS")] == 1, row.logical_id
        assert counts[(row.logical_id, "CREATE_COMPLETE")] == 1, row.logical_id
    sequences = sorted(stack.events.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))


def test_kill_9_of_worker_mid_create_is_resumed(transactional_db, alice):
    account = alice.memberships.first().account
    first = start_worker(concurrency=2, name="doomed")
    resources = {f"R{i}": {"Type": T, "Properties": {"delay_s": 2, "value": i}} for i in range(6)}
    resources["Last"] = {"Type": T, "Properties": {}, "DependsOn": list(resources)}
    stack = services.create_stack(alice, account, name="killed", template_body=body(resources))
    deadline = time.monotonic() + 30
    while not StackResource.objects.filter(stack=stack, step_state="RUNNING").exists():
        assert time.monotonic() < deadline, "no step started"
        time.sleep(0.05)
    stop_worker(first, signal.SIGKILL)
    second = start_worker(concurrency=2, name="rescuer")
    try:
        stack = wait_terminal(stack.pk, timeout=90, sweep=True)
    finally:
        stop_worker(second)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert_each_step_once(stack)


@pytest.mark.skipif(not config.uses_embedded_redis(), reason="restarts only the embedded Redis")
def test_redis_restart_loses_no_operation(transactional_db, alice):
    account = alice.memberships.first().account
    worker = start_worker(concurrency=2, name="steady")
    try:
        resources = {f"W{i}": {"Type": T, "Properties": {"wait_s": 3}} for i in range(4)}
        resources["After"] = {"Type": T, "Properties": {}, "DependsOn": list(resources)}
        stack = services.create_stack(alice, account, name="redisless", template_body=body(resources))
        time.sleep(1.0)
        _restart_redis()
        # kombu's redis+socket transport cannot reconnect (AttributeError on the socket URL's hostname)
        # and the worker exits; a supervisor restarts it, as we do here. The queue it had is gone.
        time.sleep(2.0)
        if worker.poll() is not None:
            worker = start_worker(concurrency=2, name="restarted")
        stack = wait_terminal(stack.pk, timeout=90, sweep=True)
    finally:
        stop_worker(worker)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert_each_step_once(stack)


def _restart_redis() -> None:
    """Shut the session's (non-persistent) Redis down and start a fresh, empty one on the same socket."""
    import redis

    from rosconsole.redis import get_redis

    try:
        get_redis().shutdown(nosave=True)
    except redis.exceptions.ConnectionError:
        pass  # SHUTDOWN closes the connection before answering
    sock = config.embedded_redis_socket()
    deadline = time.monotonic() + 10
    while embedded_redis.is_answering(sock) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    proc = embedded_redis.start(config.data_dir(), persist=False)
    atexit.register(embedded_redis.stop, proc)
    from kombu import pools

    from rosconsole.celery import app

    pools.reset()  # this process's pooled broker connections point at the dead server
    app._pool = None  # the next use builds fresh pools (what Celery does after a fork)
    app.amqp._producer_pool = None
