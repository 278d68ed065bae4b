"""Thin Celery tasks: ids in, call services, done. `fcruntime.invoke_*` run on the `invocations` queue."""
from __future__ import annotations

from celery import shared_task


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


@shared_task(name="fcruntime.collect_garbage", ignore_result=True)
def collect_garbage() -> dict:
    from fcruntime.services.gc import collect

    return collect().as_dict()


from fcruntime.triggers.tasks import fire_timers  # noqa: E402,F401  (the timer beat tick, see settings)
