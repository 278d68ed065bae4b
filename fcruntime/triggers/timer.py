"""Timer triggers: the schedule of a Trigger row, the timer event (fc-spec §5), and the beat tick.

The tick (`fire_due`) may run in any number of beat/worker processes at once: a trigger fires only
for the process whose conditional UPDATE moves `next_fire_at` from the scheduled time it read to the
next one, so each scheduled time fires at most once. A trigger whose scheduled time passed long ago
(the scheduler was down) fires once, then continues from the next time after now: missed times are
not replayed in a burst.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from fcruntime.models import Trigger
from fcruntime.triggers import cron

log = logging.getLogger(__name__)
BATCH = 200


def min_seconds() -> float:
    """Shortest @every interval accepted (FC: 1 minute); tests lower it with ROSCONSOLE_TIMER_MIN_SECONDS."""
    return float(getattr(settings, "ROSCONSOLE_TIMER_MIN_SECONDS", None)
                 or os.environ.get("ROSCONSOLE_TIMER_MIN_SECONDS") or 60)


def schedule_of(trigger: Trigger) -> cron.Schedule:
    return cron.parse(str((trigger.trigger_config or {}).get("cronExpression") or ""))


def next_fire(trigger: Trigger, after: datetime) -> datetime | None:
    """The next scheduled time strictly after `after`, or None when the trigger is disabled."""
    if trigger.trigger_type != "timer" or not trigger.enabled:
        return None
    try:
        return schedule_of(trigger).next_after(after, anchor=trigger.modified_at)
    except cron.CronError:
        log.warning("timer trigger %s has an invalid schedule; it will not fire", trigger.trigger_id)
        return None


def event_for(trigger: Trigger, scheduled: datetime) -> bytes:
    doc = {"triggerTime": cron.iso_z(scheduled), "triggerName": trigger.name,
           "payload": (trigger.trigger_config or {}).get("payload", "")}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def fire(trigger: Trigger, scheduled: datetime, source_suffix: str = ""):
    """Queue one asynchronous invocation with the timer event."""
    from fcruntime.services.invoke import start_invocation

    return start_invocation(trigger.function, event_for(trigger, scheduled), qualifier=trigger.qualifier,
                            async_=True, source=f"trigger:{trigger.name}{source_suffix}")


def fire_due(now: datetime | None = None) -> int:
    """Fire every enabled timer trigger whose next_fire_at has come. Returns how many fired."""
    now = now or timezone.now()
    schedule_unscheduled(now)
    fired = 0
    due = (Trigger.objects.select_related("function", "function__service", "function__service__account")
           .filter(trigger_type="timer", enabled=True, next_fire_at__lte=now).order_by("next_fire_at")[:BATCH])
    for trigger in due:
        scheduled = trigger.next_fire_at
        following = next_fire(trigger, max(now, scheduled))
        claimed = Trigger.objects.filter(pk=trigger.pk, next_fire_at=scheduled, enabled=True).update(
            next_fire_at=following, last_fired_at=now)
        if claimed != 1:
            continue  # another process fired this scheduled time
        try:
            fire(trigger, scheduled)
            fired += 1
        except Exception:  # one broken trigger (deleted version ...) must not stop the others
            log.exception("timer trigger %s could not fire", trigger.trigger_id)
    return fired


def schedule_unscheduled(now: datetime) -> int:
    """Give enabled timer triggers written without a schedule (rows created outside the services) one."""
    count = 0
    for trigger in Trigger.objects.filter(trigger_type="timer", enabled=True, next_fire_at__isnull=True)[:BATCH]:
        try:
            schedule_of(trigger)
        except cron.CronError:
            continue  # an invalid schedule never fires (and is not logged every tick)
        following = next_fire(trigger, now)
        if following is not None:
            count += Trigger.objects.filter(pk=trigger.pk, next_fire_at__isnull=True).update(next_fire_at=following)
    return count


def reschedule(trigger: Trigger, now: datetime | None = None) -> Trigger:
    """Set next_fire_at from the (new) configuration; call after create/update/enable."""
    trigger.next_fire_at = next_fire(trigger, now or timezone.now())
    return trigger
