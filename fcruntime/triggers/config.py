"""TriggerConfig per trigger type (fc-spec §1.4): validate the FC API (camelCase) form, and map the
ROS (PascalCase) form onto it. Pure Python apart from the FC error classes.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from fcruntime import errors
from fcruntime.triggers import cron

TRIGGER_TYPES = ("timer", "http", "oss", "log", "tablestore", "mns_topic", "cdn_events", "eventbridge")
FIRES_LOCALLY = frozenset({"http", "timer", "oss"})
ROLE_OPTIONAL = frozenset({"timer", "http", "eventbridge"})
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS")
AUTH_TYPES = ("anonymous", "function")
MAX_TIMER_PAYLOAD = 128 * 1024
CDN_EVENTS = ("CachedObjectsBlocked", "CachedObjectsPushed", "CachedObjectsRefreshed", "LogFileCreated",
              "CdnDomainStarted", "CdnDomainStopped", "CdnDomainAdded", "CdnDomainDeleted")
MNS_STRATEGIES = ("BACKOFF_RETRY", "EXPONENTIAL_DECAY_RETRY")
MNS_FORMATS = ("STREAM", "JSON")
OSS_EVENT_PREFIXES = ("oss:ObjectCreated:", "oss:ObjectRemoved:", "oss:ObjectReplication:")


def _bad(message: str) -> errors.InvalidArgument:
    return errors.InvalidArgument(f"triggerConfig: {message}")


def _get(config: dict, *names: str, default: Any = None) -> Any:
    for name in names:
        if name in config and config[name] is not None:
            return config[name]
    return default


def _bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _bad(f"{key} must be true or false, got {value!r}")


def _str(value: Any, key: str, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise _bad(f"{key} is required")
        return ""
    if not isinstance(value, str):
        raise _bad(f"{key} must be a string")
    return value


def _one_of(value: Any, key: str, allowed: tuple[str, ...]) -> str:
    text = _str(value, key)
    if text not in allowed:
        raise _bad(f"{key} must be one of {', '.join(allowed)}, got '{text}'")
    return text


def _int(value: Any, key: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _bad(f"{key} must be an integer") from None
    if isinstance(value, bool) or not low <= number <= high:
        raise _bad(f"{key} must be an integer between {low} and {high}")
    return number


# --- per type (FC API form) ---------------------------------------------------------------------

def check_timer(config: dict, min_seconds: float = 60.0) -> dict:
    expr = _str(_get(config, "cronExpression"), "cronExpression").strip()
    try:
        schedule = cron.parse(expr)
    except cron.CronError as exc:
        raise _bad(f"cronExpression '{expr}' is invalid: {exc}") from None
    if isinstance(schedule, cron.Every) and schedule.interval.total_seconds() < min_seconds:
        raise _bad(f"cronExpression '{expr}': the @every interval must be at least {min_seconds:g} seconds")
    payload = _get(config, "payload", default="")
    if not isinstance(payload, str):
        payload = json.dumps(payload, ensure_ascii=False)
    if len(payload.encode("utf-8")) > MAX_TIMER_PAYLOAD:
        raise errors.EntityTooLarge.for_limit(MAX_TIMER_PAYLOAD)
    enable = _bool(_get(config, "enable", "enabled", default=True), "enable")
    return {"cronExpression": expr, "payload": payload, "enable": enable}


def check_http(config: dict) -> dict:
    auth = _one_of(_get(config, "authType"), "authType", AUTH_TYPES)
    methods = _get(config, "methods")
    if isinstance(methods, str):
        methods = [methods]
    if not isinstance(methods, list) or not methods:
        raise _bad("methods must be a non-empty list of HTTP methods")
    upper = [str(m).upper() for m in methods]
    bad = sorted(set(upper) - set(HTTP_METHODS))
    if bad:
        raise _bad(f"methods has unsupported methods: {', '.join(bad)} (allowed: {', '.join(HTTP_METHODS)})")
    return {"authType": auth, "methods": list(dict.fromkeys(upper))}


def check_oss(config: dict) -> dict:
    events = _get(config, "events")
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise _bad("events must be a non-empty list such as ['oss:ObjectCreated:*']")
    for event in events:
        if not event.startswith(OSS_EVENT_PREFIXES) or event.count(":") != 2:
            raise _bad(f"events: '{event}' is not an OSS event such as oss:ObjectCreated:PutObject")
    filt = _get(config, "filter", default={}) or {}
    if not isinstance(filt, dict):
        raise _bad("filter must be {'key': {'prefix': ..., 'suffix': ...}}")
    key = filt.get("key") or filt.get("Key") or {}
    if not isinstance(key, dict):
        raise _bad("filter.key must be {'prefix': ..., 'suffix': ...}")
    prefix = _str(key.get("prefix", key.get("Prefix")), "filter.key.prefix", required=False)
    suffix = _str(key.get("suffix", key.get("Suffix")), "filter.key.suffix", required=False)
    return {"events": list(events), "filter": {"key": {"prefix": prefix, "suffix": suffix}}}


def check_log(config: dict) -> dict:
    source = _get(config, "sourceConfig")
    if not isinstance(source, dict) or not _get(source, "logstore"):
        raise _bad("sourceConfig.logstore is required")
    job = _get(config, "jobConfig")
    if not isinstance(job, dict):
        raise _bad("jobConfig {maxRetryTime, triggerInterval} is required")
    log_cfg = _get(config, "logConfig")
    if not isinstance(log_cfg, dict) or not _get(log_cfg, "project") or not _get(log_cfg, "logstore"):
        raise _bad("logConfig {project, logstore} is required")
    if log_cfg["logstore"] == source["logstore"]:
        raise _bad("logConfig.logstore must differ from sourceConfig.logstore")
    params = _get(config, "functionParameter", default={})
    if not isinstance(params, dict):
        raise _bad("functionParameter must be a map ({} when there is none)")
    out_job = {"maxRetryTime": _int(_get(job, "maxRetryTime", default=3), "jobConfig.maxRetryTime", 0, 100),
               "triggerInterval": _int(_get(job, "triggerInterval", default=60), "jobConfig.triggerInterval",
                                       3, 600)}
    return {"sourceConfig": {"logstore": _str(source["logstore"], "sourceConfig.logstore")},
            "jobConfig": out_job, "functionParameter": params,
            "logConfig": {"project": _str(log_cfg["project"], "logConfig.project"),
                          "logstore": _str(log_cfg["logstore"], "logConfig.logstore")},
            "enable": _bool(_get(config, "enable", default=True), "enable")}


def check_mns_topic(config: dict) -> dict:
    out = {"notifyStrategy": _one_of(_get(config, "notifyStrategy", default="BACKOFF_RETRY"), "notifyStrategy",
                                     MNS_STRATEGIES),
           "notifyContentFormat": _one_of(_get(config, "notifyContentFormat", default="STREAM"),
                                          "notifyContentFormat", MNS_FORMATS)}
    tag = _str(_get(config, "filterTag"), "filterTag", required=False)
    if tag:
        if len(tag) > 16:
            raise _bad("filterTag is at most 16 characters")
        out["filterTag"] = tag
    return out


def check_cdn_events(config: dict) -> dict:
    filt = _get(config, "filter")
    domains = _get(filt, "domain") if isinstance(filt, dict) else None
    if not isinstance(domains, list) or not domains or not all(isinstance(d, str) and d for d in domains):
        raise _bad("filter.domain must be a non-empty list of domain names")
    return {"eventName": _one_of(_get(config, "eventName"), "eventName", CDN_EVENTS),
            "eventVersion": _str(_get(config, "eventVersion"), "eventVersion"),
            "notes": _str(_get(config, "notes"), "notes"),
            "filter": {"domain": list(domains)}}


def check_tablestore(config: dict) -> dict:
    return {k: v for k, v in config.items()}


def check_eventbridge(config: dict) -> dict:
    source = _get(config, "eventSourceConfig", default={"eventSourceType": "Default"})
    if not isinstance(source, dict) or not _get(source, "eventSourceType"):
        raise _bad("eventSourceConfig.eventSourceType is required (Default, MNS, RocketMQ, RabbitMQ ...)")
    pattern = _get(config, "eventRuleFilterPattern", default="{}")
    if not isinstance(pattern, str):
        pattern = json.dumps(pattern)
    try:
        json.loads(pattern)
    except ValueError:
        raise _bad("eventRuleFilterPattern must be a JSON string") from None
    return {"triggerEnable": _bool(_get(config, "triggerEnable", default=True), "triggerEnable"),
            "asyncInvocationType": _bool(_get(config, "asyncInvocationType", default=False), "asyncInvocationType"),
            "eventSourceConfig": source, "eventRuleFilterPattern": pattern}


CHECKS: dict[str, Callable[[dict], dict]] = {
    "timer": check_timer, "http": check_http, "oss": check_oss, "log": check_log,
    "mns_topic": check_mns_topic, "cdn_events": check_cdn_events, "tablestore": check_tablestore,
    "eventbridge": check_eventbridge,
}


def check_config(trigger_type: str, config: object, *, min_timer_seconds: float = 60.0) -> dict:
    """The normalised FC API triggerConfig; raises InvalidArgument naming the bad key."""
    if trigger_type not in CHECKS:
        raise errors.InvalidArgument(f"triggerType '{trigger_type}' is not one of {', '.join(TRIGGER_TYPES)}")
    if isinstance(config, str):
        try:
            config = json.loads(config)
        except ValueError:
            raise errors.InvalidArgument("triggerConfig must be a JSON object") from None
    if not isinstance(config, dict):
        raise errors.InvalidArgument("triggerConfig must be an object")
    if trigger_type == "timer":
        return check_timer(config, min_timer_seconds)
    return CHECKS[trigger_type](config)


def check_source_arn(trigger_type: str, source_arn: str) -> str:
    source_arn = source_arn or ""
    prefixes = {"oss": "acs:oss:", "log": "acs:log:", "tablestore": "acs:ots:", "mns_topic": "acs:mns:",
                "cdn_events": "acs:cdn:"}
    want = prefixes.get(trigger_type)
    if want and not source_arn.startswith(want):
        raise errors.InvalidArgument(f"sourceArn of a {trigger_type} trigger must start with '{want}', "
                                     f"got '{source_arn}'")
    return source_arn


def enabled(trigger_type: str, config: dict) -> bool:
    if trigger_type in ("timer", "log"):
        return bool(config.get("enable", True))
    if trigger_type == "eventbridge":
        return bool(config.get("triggerEnable", True))
    return True


# --- ROS (PascalCase) -> FC API (camelCase) -------------------------------------------------------

_SPECIAL = {"Enabled": "enable", "LogStore": "logstore", "Logstore": "logstore"}


def _camel(key: str) -> str:
    if key in _SPECIAL:
        return _SPECIAL[key]
    return key[:1].lower() + key[1:] if key[:1].isupper() else key


def _camel_tree(value: Any, free_form: bool = False) -> Any:
    if isinstance(value, dict):
        if free_form:
            return dict(value)
        return {_camel(k): _camel_tree(v, free_form=_camel(k) in ("functionParameter", "eventSourceParameters"))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_camel_tree(v) for v in value]
    return value


def from_ros(trigger_type: str, config: dict, *, region: str = "", account_id: str = "") -> tuple[dict, str]:
    """(FC API triggerConfig, derived sourceArn or '') from a ROS TriggerConfig map."""
    if not isinstance(config, dict):
        raise errors.InvalidArgument("TriggerConfig must be a map")
    out = _camel_tree(config)
    source_arn = ""
    if trigger_type == "oss":
        bucket = out.pop("bucketName", "")
        if bucket:
            source_arn = f"acs:oss:{region}:{account_id}:{bucket}"
    elif trigger_type == "tablestore":
        inst, table = out.pop("instanceName", ""), out.pop("tableName", "")
        if inst and table:
            source_arn = f"acs:ots:{region}:{account_id}:instance/{inst}/table/{table}"
    elif trigger_type == "log" and "sourceConfig" in out and "logstore" not in out["sourceConfig"]:
        out["sourceConfig"]["logstore"] = out["sourceConfig"].pop("logStore", "")
    return out, source_arn
