"""kill -9 of the worker during every phase (create, update, delete, rollback), in random order, for 20
rounds; and the database unavailable for 5 s in the middle of an operation.

Each round: bring a small stack of test resources (small delays) to the phase, wait until one of its
steps is RUNNING, SIGKILL the whole worker (every prefork process), start a fresh worker and let the
sweeper (called here exactly as beat calls it) resume. Then the stack must be in the phase's terminal
state, with consistent resources and events: sequence numbers 1..N without a gap, and no event twice
(same operation, resource and status).

ROSCONSOLE_RESILIENCE_SEED=<n> replays an order; the seed is printed.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from stacks import services
from stacks.engine import sweeper
from stacks.models import Stack, StackResource
from stacks.resources import test_provider
from tests.integration.conftest import start_worker, stop_worker

pytestmark = [pytest.mark.integration, pytest.mark.resilience]
T = test_provider.TYPE
ROUNDS = int(os.environ.get("ROSCONSOLE_RESILIENCE_ROUNDS", "20"))
TERMINAL = {"create": "CREATE_COMPLETE", "update": "UPDATE_COMPLETE", "delete": "DELETE_COMPLETE",
            "rollback": "CREATE_ROLLBACK_COMPLETE"}


@pytest.fixture(autouse=True)
def test_types(monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_TEST_RESOURCE_TYPES", "1")
    test_provider.register()


@pytest.fixture
def actor(transactional_db, make_user):
    user = make_user("kate", "killers", "admin")
    return user, user.memberships.get().account


def body(n: int, delay: float, value: int = 0, fail: str | None = None) -> str:
    res = {f"R{i}": {"Type": T, "Properties": {"delay_s": delay, "value": value + i}} for i in range(n)}
    last = {"delay_s": delay, "value": value}
    if fail:
        last.update(fail=fail)
    res["Last"] = {"Type": T, "Properties": last, "DependsOn": [f"R{i}" for i in range(n)]}
    return json.dumps({"ROSTemplateFormatVersion": "2015-09-01", "Resources": res})


def wait_for(pred, timeout: float, what: str, sweep: bool = False):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        if sweep:
            sweeper.sweep()
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def terminal(stack_id) -> Stack:
    from stacks.engine import states

    return wait_for(lambda: (lambda s: s if states.is_terminal(s.status) else None)(Stack.objects.get(pk=stack_id)),
                    120, f"stack {stack_id} to reach a terminal state", sweep=True)


def running_step(stack, status_prefix: str):
    def pred():
        s = Stack.objects.get(pk=stack.pk)
        return (s.status.startswith(status_prefix)
                and StackResource.objects.filter(stack=s, step_state="RUNNING").exists())
    wait_for(pred, 60, f"a RUNNING step while {status_prefix}")


def assert_consistent(stack: Stack) -> None:
    events = list(stack.events.order_by("sequence").values_list("sequence", "operation_id", "logical_id", "status"))
    seqs = [e[0] for e in events]
    assert seqs == list(range(1, len(seqs) + 1)), f"sequence numbers not contiguous: {seqs}"
    dups = [k for k, c in Counter(e[1:] for e in events).items() if c > 1]
    assert not dups, f"duplicate events: {dups}"
    assert not StackResource.objects.filter(stack=stack, step_state="RUNNING").exists()
    if stack.status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        bad = StackResource.objects.filter(stack=stack).exclude(status__in=["CREATE_COMPLETE", "UPDATE_COMPLETE"])
        assert not bad.exists(), list(bad.values_list("logical_id", "status"))
    if stack.status == "CREATE_ROLLBACK_COMPLETE":
        live = StackResource.objects.filter(stack=stack, status__in=["CREATE_COMPLETE", "UPDATE_COMPLETE"])
        assert not live.exists(), list(live.values_list("logical_id", "status"))


class Worker:
    def __init__(self):
        self.proc = start_worker(concurrency=2, name="victim")

    def kill9(self):
        stop_worker(self.proc, signal.SIGKILL)
        self.proc = start_worker(concurrency=2, name="victim")

    def stop(self):
        stop_worker(self.proc)


def test_kill_9_in_every_phase_random_order(actor):
    user, account = actor
    seed = int(os.environ.get("ROSCONSOLE_RESILIENCE_SEED", random.randrange(1 << 30)))
    phases = (["create", "update", "delete", "rollback"] * ((ROUNDS + 3) // 4))[:ROUNDS]
    random.Random(seed).shuffle(phases)
    print(f"seed {seed}: {phases}")
    worker = Worker()
    outcomes = []
    try:
        for i, phase in enumerate(phases):
            t0 = time.monotonic()
            name = f"k{i}-{phase}"
            if phase == "create":
                stack = services.create_stack(user, account, name=name, template_body=body(3, 1.0))
                running_step(stack, "CREATE_IN_PROGRESS")
            elif phase == "rollback":
                stack = services.create_stack(user, account, name=name, template_body=body(3, 0.8, fail="create"))
                running_step(stack, "CREATE_ROLLBACK_IN_PROGRESS")
            else:
                stack = services.create_stack(user, account, name=name, template_body=body(3, 0.0))
                assert terminal(stack.pk).status == "CREATE_COMPLETE"
                stack = Stack.objects.get(pk=stack.pk)
                if phase == "update":
                    services.update_stack(user, account, stack, template_body=body(3, 1.0, value=100))
                    running_step(stack, "UPDATE_IN_PROGRESS")
                else:
                    stack = Stack.objects.get(pk=stack.pk)
                    # make the delete steps slow enough to be caught RUNNING
                    services.update_stack(user, account, stack, template_body=body(3, 1.0, value=7))
                    assert terminal(stack.pk).status == "UPDATE_COMPLETE"
                    services.delete_stack(user, account, Stack.objects.get(pk=stack.pk))
                    running_step(stack, "DELETE_IN_PROGRESS")
            worker.kill9()
            final = terminal(stack.pk)
            outcomes.append((phase, final.status, round(time.monotonic() - t0, 1)))
            assert final.status == TERMINAL[phase], (seed, i, phase, final.status, final.status_reason)
            assert_consistent(final)
    finally:
        print("rounds:", outcomes)
        worker.stop()
    assert len(outcomes) == ROUNDS


def _hold_database(seconds: float, started: threading.Event) -> None:
    """Make the database unavailable for `seconds`.

    SQLite: an EXCLUSIVE transaction from a separate connection. In WAL mode that stops every writer
    (readers still see the last commit), which is what a stalled database server looks like to the
    engine: each write waits on SQLite's busy timeout (20 s) and then proceeds.
    PostgreSQL (DATABASE_URL): `ALTER DATABASE ... ALLOW_CONNECTIONS false` plus pg_terminate_backend of
    every other session, for `seconds`, then allow again: workers lose their connections and cannot get
    new ones, as in a real outage; Django reconnects on the next request/task.
    """
    if connection.vendor == "sqlite":
        db = sqlite3.connect(connection.settings_dict["NAME"], timeout=30, isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")
        started.set()
        time.sleep(seconds)
        db.execute("COMMIT")
        db.close()
        return
    import psycopg

    params = connection.get_connection_params()
    name = connection.settings_dict["NAME"]
    admin = psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)
    try:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND pid <> pg_backend_pid()", [name])
        started.set()
        time.sleep(seconds)
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()


def test_database_unavailable_for_5_seconds_mid_operation(actor):
    user, account = actor
    worker = start_worker(concurrency=2, name="dbstop")
    try:
        stack = services.create_stack(user, account, name="dbstop", template_body=body(4, 0.5))
        running_step(stack, "CREATE_IN_PROGRESS")
        started = threading.Event()
        holder = threading.Thread(target=_hold_database, args=(5.0, started))
        t0 = time.monotonic()
        holder.start()
        started.wait(10)
        if connection.vendor != "sqlite":
            connection.close()   # our own session was terminated too
        holder.join(30)
        held = time.monotonic() - t0
        assert held >= 5.0
        final = terminal(stack.pk)
        assert final.status == "CREATE_COMPLETE", final.status_reason
        assert_consistent(final)
        assert worker.poll() is None, "the worker died while the database was unavailable"
    finally:
        stop_worker(worker)
