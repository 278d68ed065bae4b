"""Thin Celery tasks: ids in, call services, done. `fcruntime.invoke_*` run on the `invocations` queue."""
from __future__ import annotations

import os

from celery import shared_task
from celery.signals import task_postrun, task_prerun, worker_process_init


@worker_process_init.connect
def keep_db_connections(**_kwargs) -> None:
    """Let each prefork worker process keep its database connection between tasks.

    Celery's Django fixup closes every connection before and after each task; opening one costs
    ~2 ms on SQLite (pragmas + Django's SQL functions) -- as much as the whole Celery round trip, on
    every warm invoke. In worker processes we give connections CONN_MAX_AGE seconds
    (ROSCONSOLE_WORKER_CONN_MAX_AGE, default 60; 0 keeps Celery's per-task connections) with health
    checks, and close them around tasks by Django's request rules (close_old_connections: when
    obsolete or unusable after an error) instead of always.
    """
    age = float(os.environ.get("ROSCONSOLE_WORKER_CONN_MAX_AGE", "60"))
    if age <= 0:
        return
    from django.db import connections

    from rosconsole.celery import app

    for alias in connections:
        connections[alias].settings_dict["CONN_MAX_AGE"] = age
        connections[alias].settings_dict["CONN_HEALTH_CHECKS"] = True
    for fixup in getattr(app, "_fixups", []):
        worker_fixup = getattr(fixup, "_worker_fixup", None)
        if worker_fixup is not None and hasattr(worker_fixup, "db_reuse_max"):
            worker_fixup.db_reuse_max = 10**9  # the fixup's unconditional close, out of the way
    task_prerun.connect(_close_old_connections, weak=False)
    task_postrun.connect(_close_old_connections, weak=False)


def _close_old_connections(**_kwargs) -> None:
    from django.db import close_old_connections

    close_old_connections()


@shared_task(name="fcruntime.invoke_function", bind=True, acks_late=True, ignore_result=True)
def invoke_function(self, invocation_id: int) -> str:
    from fcruntime.services.runner import run_invocation

    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return run_invocation(int(invocation_id), redelivered=redelivered)


@shared_task(name="fcruntime.invoke_prewarm", acks_late=True, ignore_result=True)
def invoke_prewarm(function_id: str, qualifier: str) -> int:
    from fcruntime.services.provision import prewarm

    return prewarm(function_id, qualifier)


@shared_task(name="fcruntime.reap_idle_instances", ignore_result=True)
def reap_idle_instances() -> int:
    from fcruntime.services.runner import reap_idle_instances as reap

    return reap()


from fcruntime.triggers.tasks import fire_timers  # noqa: E402,F401  (the timer beat tick, see settings)
