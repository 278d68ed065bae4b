"""ALIYUN::FC::Trigger (fc-spec §1.4). Ref (physical id) = "<ServiceName>|<FunctionName>|<TriggerName>".

TriggerConfig is a ROS PascalCase map (`CronExpression`, `Enable`/`Enabled`, `AuthType`, `Methods`,
`BucketName`, `Events`, `Filter.Key.Prefix` ...) mapped onto the FC API's camelCase triggerConfig.
TriggerConfig, InvocationRole and Qualifier update in place; the other properties replace.
"""
from __future__ import annotations

from fcruntime import errors, services
from fcruntime.models import Trigger
from fcruntime.resources.common import account, fc_step, props, split_id
from fcruntime.services import triggers
from fcruntime.triggers import config as trigger_config
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


def physical_id(trigger: Trigger) -> str:
    fn = trigger.function
    return f"{fn.service.name}|{fn.name}|{trigger.name}"


def attributes(trigger: Trigger) -> dict:
    fn = trigger.function
    url = triggers.http_url(trigger)
    return {"TriggerId": trigger.trigger_id, "TriggerName": trigger.name, "ServiceName": fn.service.name,
            "FunctionName": fn.name, "UrlInternet": url, "UrlIntranet": url}


def api_config(request: ProviderRequest, p: dict) -> tuple[dict, str]:
    """(FC API triggerConfig, sourceArn) from the ROS properties."""
    cfg, derived_arn = trigger_config.from_ros(p["TriggerType"], p.get("TriggerConfig") or {},
                                               region=request.region, account_id=request.account_id)
    return cfg, p.get("SourceArn") or derived_arn


class TriggerProvider(Provider):
    TYPE = "ALIYUN::FC::Trigger"
    PROPERTIES = {
        "ServiceName": Prop("String", required=True, update="replace"),
        "FunctionName": Prop("String", required=True, update="replace"),
        "TriggerName": Prop("String", required=True, update="replace"),
        "TriggerType": Prop("String", required=True, update="replace",
                            allowed_values=trigger_config.TRIGGER_TYPES),
        "TriggerConfig": Prop("Map", required=True),
        "InvocationRole": Prop("String"),
        "SourceArn": Prop("String", update="replace"),
        "Qualifier": Prop("String"),
    }
    ATTRIBUTES = ("TriggerId", "TriggerName", "ServiceName", "FunctionName", "UrlInternet", "UrlIntranet")
    MAX_STEP_SECONDS = 60

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        fn = services.find_function(account(request), p["ServiceName"], p["FunctionName"], request.region)
        cfg, source_arn = api_config(request, p)
        trigger = triggers.create_trigger(fn, p["TriggerName"], p["TriggerType"], cfg, source_arn=source_arn,
                                          invocation_role=p.get("InvocationRole") or "",
                                          qualifier=_qualifier(p.get("Qualifier")))
        return done(physical_id(trigger), attributes(trigger))

    @fc_step
    def update(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        names = split_id(request.physical_id, 3) or [p["ServiceName"], p["FunctionName"], p["TriggerName"]]
        trigger = triggers.find_trigger(account(request), names[0], names[1], names[2], request.region)
        cfg, _arn = api_config(request, p)
        trigger = triggers.update_trigger(trigger, config=cfg, invocation_role=p.get("InvocationRole") or "",
                                          qualifier=_qualifier(p.get("Qualifier")) or "LATEST")
        return done(physical_id(trigger), attributes(trigger))

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        p = request.properties or {}
        names = split_id(request.physical_id, 3) or [p.get("ServiceName"), p.get("FunctionName"),
                                                     p.get("TriggerName")]
        try:
            trigger = triggers.find_trigger(account(request), names[0], names[1], names[2], request.region)
        except (errors.ServiceNotFound, errors.FunctionNotFound, errors.TriggerNotFound):
            return done(request.physical_id)
        triggers.delete_trigger(trigger)
        return done(request.physical_id)


def _qualifier(value) -> str | None:
    return str(value) if value not in (None, "") else None
