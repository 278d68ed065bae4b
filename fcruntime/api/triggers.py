"""Trigger CRUD service functions, kept here until fcruntime.services grows its own trigger module.

Only rows and their validation live here: firing (timer schedule, OSS events, the HTTP proxy)
belongs to fcruntime.triggers. When fcruntime.services gains create/update/delete_trigger, the
views should switch to those and this module should go.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.models import Function, Trigger
from fcruntime.services.common import check_name

TRIGGER_TYPES = ("timer", "http", "oss", "log", "tablestore", "mns_topic", "cdn_events", "eventbridge")
ROLE_OPTIONAL = frozenset({"timer", "http", "eventbridge"})
HTTP_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"})
MAX_TRIGGERS_PER_FUNCTION = 50
MAX_TIMER_PAYLOAD = 128 * 1024


class TriggerAlreadyExists(errors.FcError):
    code, status = "TriggerAlreadyExists", 409

    def __init__(self, trigger: str, function: str):
        super().__init__(f"trigger '{trigger}' already exists in function '{function}'")


def _check_timer(config: dict) -> dict:
    cron = config.get("cronExpression")
    if not isinstance(cron, str) or not cron.strip():
        raise errors.InvalidArgument("triggerConfig.cronExpression is required for a timer trigger")
    payload = config.get("payload")
    if payload is not None and not isinstance(payload, str):
        raise errors.InvalidArgument("triggerConfig.payload must be a string")
    if payload and len(payload.encode()) > MAX_TIMER_PAYLOAD:
        raise errors.EntityTooLarge.for_limit(MAX_TIMER_PAYLOAD)
    enable = config.get("enable", True)
    if not isinstance(enable, bool):
        raise errors.InvalidArgument("triggerConfig.enable must be true or false")
    return {**config, "cronExpression": cron.strip(), "enable": enable}


def _check_http(config: dict) -> dict:
    auth = config.get("authType")
    if auth not in ("anonymous", "function"):
        raise errors.InvalidArgument("triggerConfig.authType must be 'anonymous' or 'function'")
    methods = config.get("methods")
    if not isinstance(methods, list) or not methods:
        raise errors.InvalidArgument("triggerConfig.methods must be a non-empty list of HTTP methods")
    upper = [str(m).upper() for m in methods]
    bad = sorted(set(upper) - HTTP_METHODS)
    if bad:
        raise errors.InvalidArgument(f"triggerConfig.methods has unsupported methods: {', '.join(bad)}")
    return {**config, "authType": auth, "methods": upper}


def _check_oss(config: dict, source_arn: str) -> dict:
    events = config.get("events")
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise errors.InvalidArgument("triggerConfig.events must be a non-empty list such as ['oss:ObjectCreated:*']")
    if not source_arn.startswith("acs:oss:"):
        raise errors.InvalidArgument("sourceArn must name the bucket: acs:oss:<region>:<accountId>:<bucket>")
    filt = config.get("filter")
    if filt is not None and not isinstance(filt, dict):
        raise errors.InvalidArgument("triggerConfig.filter must be {'key': {'prefix': ..., 'suffix': ...}}")
    return config


def check_config(trigger_type: str, config: object, source_arn: str) -> dict:
    if not isinstance(config, dict):
        raise errors.InvalidArgument("triggerConfig must be an object")
    if trigger_type == "timer":
        return _check_timer(config)
    if trigger_type == "http":
        return _check_http(config)
    if trigger_type == "oss":
        return _check_oss(config, source_arn)
    return config


def check_qualifier(fn: Function, qualifier: str | None) -> str:
    from fcruntime import services

    qualifier = qualifier or "LATEST"
    if qualifier != "LATEST":
        if qualifier.isdigit():
            services.get_version(fn.service, qualifier)
        else:
            services.get_alias(fn.service, qualifier)
    return qualifier


def _enabled(trigger_type: str, config: dict) -> bool:
    if trigger_type == "timer":
        return bool(config.get("enable", True))
    if trigger_type in ("log", "eventbridge"):
        return bool(config.get("enable", config.get("triggerEnable", True)))
    return True


def create_trigger(fn: Function, name: str, trigger_type: str, config: object, *, source_arn: str = "",
                   invocation_role: str = "", qualifier: str | None = None, description: str = "") -> Trigger:
    check_name("TriggerName", name)
    if trigger_type not in TRIGGER_TYPES:
        raise errors.InvalidArgument(f"triggerType '{trigger_type}' is not one of {', '.join(TRIGGER_TYPES)}")
    if trigger_type not in ROLE_OPTIONAL and not invocation_role:
        raise errors.InvalidArgument(f"invocationRole is required for a {trigger_type} trigger")
    clean = check_config(trigger_type, config, source_arn or "")
    qualifier = check_qualifier(fn, qualifier)
    if fn.triggers.count() >= MAX_TRIGGERS_PER_FUNCTION:
        raise errors.LimitExceeded(f"function '{fn.name}' already has {MAX_TRIGGERS_PER_FUNCTION} triggers")
    if trigger_type == "http" and fn.triggers.filter(trigger_type="http", qualifier=qualifier).exists():
        raise errors.InvalidArgument(f"function '{fn.name}' already has an HTTP trigger for qualifier {qualifier}")
    if fn.triggers.filter(name=name).exists():
        raise TriggerAlreadyExists(name, fn.name)
    try:
        with transaction.atomic():
            return Trigger.objects.create(
                function=fn, name=name, trigger_type=trigger_type, trigger_config=clean, source_arn=source_arn or "",
                invocation_role=invocation_role or "", qualifier=qualifier, description=description or "",
                enabled=_enabled(trigger_type, clean))
    except IntegrityError:
        raise TriggerAlreadyExists(name, fn.name) from None


def get_trigger(fn: Function, name: str) -> Trigger:
    trigger = fn.triggers.filter(name=name).first()
    if trigger is None:
        raise errors.TriggerNotFound(name, fn.service.name, fn.name)
    return trigger


def list_triggers(fn: Function) -> list[Trigger]:
    return list(fn.triggers.order_by("name"))


def update_trigger(trigger: Trigger, *, config: object = None, invocation_role: str | None = None,
                   qualifier: str | None = None, description: str | None = None) -> Trigger:
    """Only triggerConfig, invocationRole, qualifier and description change; type, name, source stay."""
    if config is not None:
        trigger.trigger_config = check_config(trigger.trigger_type, config, trigger.source_arn)
        trigger.enabled = _enabled(trigger.trigger_type, trigger.trigger_config)
    if invocation_role is not None:
        trigger.invocation_role = invocation_role
    if qualifier is not None:
        trigger.qualifier = check_qualifier(trigger.function, qualifier)
    if description is not None:
        trigger.description = description
    trigger.modified_at = timezone.now()
    trigger.save()
    return trigger


def delete_trigger(trigger: Trigger) -> None:
    trigger.delete()


__all__ = ["TriggerAlreadyExists", "create_trigger", "delete_trigger", "get_trigger",
           "list_triggers", "update_trigger"]
