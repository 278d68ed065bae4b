"""Provisioned instances: keep `target` warm instances of (function, qualifier) in the worker pool.

The pool lives in each worker process, so a prewarm task warms the process that runs it; with a
prefork worker of concurrency N, other processes still cold-start. That is the documented limit
of per-process pools.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.models import Function, ProvisionConfig
from fcruntime.services.versions import get_alias

PREWARM_TASK = "fcruntime.invoke_prewarm"
MAX_TARGET = 100


def _check_qualifier(fn: Function, qualifier: str) -> str:
    if not qualifier:
        raise errors.InvalidArgument("Qualifier is required (an alias of the service)")
    if qualifier != "LATEST":
        get_alias(fn.service, qualifier)  # AliasNotFound
    return qualifier


def put_provision_config(fn: Function, qualifier: str, target: int) -> ProvisionConfig:
    qualifier = _check_qualifier(fn, qualifier)
    try:
        target = int(target)
    except (TypeError, ValueError):
        raise errors.InvalidArgument(f"Target must be an integer, got {target!r}") from None
    if not 0 <= target <= MAX_TARGET:
        raise errors.InvalidArgument(f"Target must be between 0 and {MAX_TARGET}")
    row, _ = ProvisionConfig.objects.update_or_create(
        function=fn, qualifier=qualifier, defaults={"target": target, "modified_at": timezone.now()})
    _schedule(fn, qualifier)
    return row


def _schedule(fn: Function, qualifier: str) -> None:
    from rosconsole.celery import app

    args = [fn.function_id, qualifier]
    transaction.on_commit(lambda: app.send_task(PREWARM_TASK, args=args, queue="invocations"))


def get_provision_config(fn: Function, qualifier: str) -> ProvisionConfig:
    row = ProvisionConfig.objects.filter(function=fn, qualifier=qualifier).first()
    if row is None:
        raise errors.ProvisionConfigNotFound(f"provision config of {fn.service.name}.{qualifier}/{fn.name} does not exist")
    return row


def delete_provision_config(row: ProvisionConfig) -> None:
    fn, qualifier = row.function, row.qualifier
    row.delete()
    _schedule(fn, qualifier)


def resource_name(row: ProvisionConfig) -> str:
    fn = row.function
    return f"{fn.service.account.account_id}#{fn.service.name}#{row.qualifier}#{fn.name}"


def prewarm(function_id: str, qualifier: str) -> int:
    """Worker side: bring this process's pool to the row's target (no row or 0 evicts). Returns instances running."""
    from fcruntime.executor import get_pool
    from fcruntime.services.runner import build_spec
    from fcruntime.services.versions import resolve

    pool = get_pool()
    row = (ProvisionConfig.objects.select_related("function", "function__service", "function__service__account")
           .filter(function__function_id=function_id, qualifier=qualifier).first())
    if row is None or row.target == 0:
        pool.evict(f"{function_id}:")
        if row is not None:
            ProvisionConfig.objects.filter(pk=row.pk).update(current=0)
        return 0
    fn = row.function
    spec = build_spec(fn, resolve(fn, row.qualifier), row.qualifier)
    running = pool.prewarm(spec, row.target)
    ProvisionConfig.objects.filter(pk=row.pk).update(current=running)
    return running
