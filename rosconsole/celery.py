"""The Celery application. Tasks live in each app's tasks.py."""
from __future__ import annotations

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosconsole.settings")

app = Celery("rosconsole")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
