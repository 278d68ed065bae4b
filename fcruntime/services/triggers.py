"""Triggers: create / update / delete / get / list with per-type config validation, "fire now" and
"send test event". The one path for the console, the FC API, the CLI and the ALIYUN::FC::Trigger provider.

Firing itself lives in fcruntime.triggers (HTTP proxy, timer tick, OSS events); every firing goes
through fcruntime.services.invoke, so function code only ever runs on an `invocations` worker.
"""
from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.models import Function, Invocation, Trigger
from fcruntime.services.common import check_name
from fcruntime.triggers import config as trigger_config
from fcruntime.triggers import oss as oss_events
from fcruntime.triggers import others, timer

MAX_TRIGGERS_PER_FUNCTION = 50
API_PREFIX = "/2016-08-15"


class TriggerAlreadyExists(errors.FcError):
    code, status = "TriggerAlreadyExists", 409

    def __init__(self, trigger: str, function: str):
        super().__init__(f"trigger '{trigger}' already exists in function '{function}'")


def check_qualifier(fn: Function, qualifier: str | None) -> str:
    from fcruntime.services.versions import get_alias, get_version

    qualifier = qualifier or "LATEST"
    if qualifier != "LATEST":
        if qualifier.isdigit():
            get_version(fn.service, qualifier)
        else:
            get_alias(fn.service, qualifier)
    return qualifier


def _clean(trigger_type: str, config: object) -> dict:
    return trigger_config.check_config(trigger_type, config, min_timer_seconds=timer.min_seconds())


def create_trigger(fn: Function, name: str, trigger_type: str, config: object, *, source_arn: str = "",
                   invocation_role: str = "", qualifier: str | None = None, description: str = "") -> Trigger:
    check_name("TriggerName", name)
    if trigger_type not in trigger_config.TRIGGER_TYPES:
        raise errors.InvalidArgument(
            f"triggerType '{trigger_type}' is not one of {', '.join(trigger_config.TRIGGER_TYPES)}")
    if trigger_type not in trigger_config.ROLE_OPTIONAL and not invocation_role:
        raise errors.InvalidArgument(f"invocationRole is required for a {trigger_type} trigger")
    clean = _clean(trigger_type, config)
    source_arn = trigger_config.check_source_arn(trigger_type, source_arn)
    qualifier = check_qualifier(fn, qualifier)
    if fn.triggers.count() >= MAX_TRIGGERS_PER_FUNCTION:
        raise errors.LimitExceeded(f"function '{fn.name}' already has {MAX_TRIGGERS_PER_FUNCTION} triggers")
    if trigger_type == "http" and fn.triggers.filter(trigger_type="http", qualifier=qualifier).exists():
        raise errors.InvalidArgument(f"function '{fn.name}' already has an HTTP trigger for qualifier {qualifier}")
    if fn.triggers.filter(name=name).exists():
        raise TriggerAlreadyExists(name, fn.name)
    now = timezone.now()
    trigger = Trigger(function=fn, name=name, trigger_type=trigger_type, trigger_config=clean,
                      source_arn=source_arn, invocation_role=invocation_role or "", qualifier=qualifier,
                      description=description or "", enabled=trigger_config.enabled(trigger_type, clean),
                      created_at=now, modified_at=now)
    timer.reschedule(trigger, now)
    try:
        with transaction.atomic():
            trigger.save()
    except IntegrityError:
        raise TriggerAlreadyExists(name, fn.name) from None
    return trigger


def get_trigger(fn: Function, name: str) -> Trigger:
    trigger = fn.triggers.select_related("function", "function__service").filter(name=name).first()
    if trigger is None:
        raise errors.TriggerNotFound(name, fn.service.name, fn.name)
    return trigger


def find_trigger(account, service_name: str, function_name: str, trigger_name: str,
                 region: str | None = None) -> Trigger:
    from fcruntime.services.deploy import find_function

    return get_trigger(find_function(account, service_name, function_name, region), trigger_name)


def list_triggers(fn: Function) -> list[Trigger]:
    return list(fn.triggers.order_by("name"))


def update_trigger(trigger: Trigger, *, config: object = None, invocation_role: str | None = None,
                   qualifier: str | None = None, description: str | None = None) -> Trigger:
    """Only triggerConfig, invocationRole, qualifier and description change; type, name, source stay."""
    if config is not None:
        clean = _clean(trigger.trigger_type, config)
        if trigger.trigger_type == "oss" and not clean["events"]:
            raise errors.InvalidArgument("triggerConfig.events must not be empty")
        trigger.trigger_config = clean
        trigger.enabled = trigger_config.enabled(trigger.trigger_type, clean)
    if invocation_role is not None:
        if trigger.trigger_type not in trigger_config.ROLE_OPTIONAL and not invocation_role:
            raise errors.InvalidArgument(f"invocationRole is required for a {trigger.trigger_type} trigger")
        trigger.invocation_role = invocation_role
    if qualifier is not None:
        qualifier = check_qualifier(trigger.function, qualifier)
        if (trigger.trigger_type == "http" and qualifier != trigger.qualifier and trigger.function.triggers
                .filter(trigger_type="http", qualifier=qualifier).exclude(pk=trigger.pk).exists()):
            raise errors.InvalidArgument(
                f"function '{trigger.function.name}' already has an HTTP trigger for qualifier {qualifier}")
        trigger.qualifier = qualifier
    if description is not None:
        trigger.description = description
    trigger.modified_at = timezone.now()
    if config is not None:
        timer.reschedule(trigger, trigger.modified_at)
    trigger.save()
    return trigger


def set_enabled(trigger: Trigger, enabled: bool) -> Trigger:
    """Enable or disable a timer (or log/eventbridge) trigger, keeping the rest of its config."""
    key = {"timer": "enable", "log": "enable", "eventbridge": "triggerEnable"}.get(trigger.trigger_type)
    if key is None:
        raise errors.InvalidArgument(f"a {trigger.trigger_type} trigger cannot be enabled or disabled")
    return update_trigger(trigger, config={**(trigger.trigger_config or {}), key: bool(enabled)})


def delete_trigger(trigger: Trigger) -> None:
    trigger.delete()


# --- attributes -----------------------------------------------------------------------------------

def proxy_path(trigger: Trigger) -> str:
    fn = trigger.function
    target = fn.service.name if trigger.qualifier in ("", "LATEST") else f"{fn.service.name}.{trigger.qualifier}"
    return f"{API_PREFIX}/proxy/{target}/{fn.name}/"


def http_url(trigger: Trigger) -> str:
    """UrlInternet / UrlIntranet of an HTTP trigger ('' for the other types)."""
    if trigger.trigger_type != "http":
        return ""
    return settings.PUBLIC_URL.rstrip("/") + proxy_path(trigger)


def fires_locally(trigger: Trigger) -> bool:
    return trigger.trigger_type in trigger_config.FIRES_LOCALLY


# --- firing on demand -----------------------------------------------------------------------------

def fire_now(trigger: Trigger) -> Invocation:
    """Fire a timer trigger once, now (asynchronously, with the timer event); the schedule is unchanged.

    Other event triggers get their test event (send_test_event); an HTTP trigger is called over HTTP.
    """
    if trigger.trigger_type == "timer":
        return timer.fire(trigger, timezone.now(), source_suffix=" (fire now)")
    return send_test_event(trigger)


def sample_oss_event(trigger: Trigger, key: str = "source/example.txt") -> bytes:
    import json

    fn = trigger.function
    bucket = oss_events.bucket_of_arn(trigger.source_arn) or "example-bucket"
    events = (trigger.trigger_config or {}).get("events") or ["oss:ObjectCreated:PutObject"]
    name = events[0].removeprefix("oss:").replace("*", "PutObject" if "Created" in events[0] else "DeleteObject")
    rule = ((trigger.trigger_config or {}).get("filter") or {}).get("key") or {}
    key = f"{rule.get('prefix') or ''}example{rule.get('suffix') or '.txt'}"
    doc = oss_events.build_event(event_name=name, region=fn.service.region, account_id=fn.service.account.account_id,
                                 bucket=bucket, key=key, size=11, delta_size=11,
                                 etag="5EB63BBBE01EEED093CB22BB8F5ACDC3", content_type="text/plain",
                                 user_meta={}, when=timezone.now(), trigger_id=trigger.trigger_id)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_event(trigger: Trigger) -> bytes:
    """The event a trigger of this type delivers, filled from its configuration."""
    fn = trigger.function
    if trigger.trigger_type == "timer":
        return timer.event_for(trigger, timezone.now())
    if trigger.trigger_type == "oss":
        return sample_oss_event(trigger)
    if trigger.trigger_type in others.BUILDERS:
        return others.sample_event(trigger.trigger_type, trigger.trigger_config or {}, trigger.source_arn,
                                   fn.service.region, fn.service.account.account_id)
    raise errors.InvalidArgument(f"an {trigger.trigger_type} trigger takes HTTP requests, not test events; "
                                 f"call {http_url(trigger)}")


def send_test_event(trigger: Trigger, event: bytes | str | None = None) -> Invocation:
    """Invoke the trigger's function asynchronously with `event` (default: the type's sample event)."""
    from fcruntime.services.invoke import start_invocation

    payload = test_event(trigger) if event is None else event
    return start_invocation(trigger.function, payload, qualifier=trigger.qualifier, async_=True,
                            source=f"trigger:{trigger.name} (test event)")


__all__ = ["TriggerAlreadyExists", "create_trigger", "delete_trigger", "find_trigger", "fire_now", "fires_locally",
           "get_trigger", "http_url", "list_triggers", "proxy_path", "send_test_event", "set_enabled", "test_event",
           "update_trigger"]
