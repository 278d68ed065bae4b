"""ALIYUN::ROS::CustomResource and Custom::<Name> (fc-spec §1.11).

ServiceToken must be the ARN of a local FC function (`acs:fc:<region>:<uid>:services/<svc>/functions/<fn>`,
or the FC 3.0 form `...:functions/<fn>` when the name is unique). MNS queues/topics and web[...] URLs are
refused with a NotSupported reason naming the kind.

A step never waits in the worker: it opens a ResponseURL slot, invokes the function ASYNCHRONOUSLY with the
ROS request JSON (RequestType, ResponseURL, IntranetResponseURL, StackId, StackName, RequestId,
LogicalResourceId, PhysicalResourceId, ResourceType, ResourceProperties, OldResourceProperties,
ResourceOwnerId, CallerId, RegionId) and answers in_progress; later calls poll for the response until
the resource's Timeout. SUCCESS -> done (Data keys become attributes, plus `Outputs` = the whole Data);
FAILED -> failed(Reason). `InvocationRequestId` (unless Data has that key) names the invocation that answered,
for the console's event links. On Delete a FAILED response, a failing function or a timeout still lets the
stack proceed (the resource is forgotten), as ROS does.
"""
from __future__ import annotations

import json
import re
import time
import uuid

from fcruntime import custom_response, errors, services
from fcruntime.models import Function, Invocation
from fcruntime.resources.common import account
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done, failed, in_progress

DEFAULT_TIMEOUT_S = 60
FIRST_POLL_S = 0.5
MAX_POLL_S = 5.0
FC3_ARN_RE = re.compile(r"^acs:fc:(?P<region>[^:]*):(?P<account>[^:]*):functions/(?P<function>[A-Za-z0-9_-]+)$")


class NotSupported(Exception):
    pass


def token_kind(token: str) -> str:
    if token.startswith("acs:mns:"):
        return "MNS topic" if "topics/" in token else "MNS queue"
    if token.startswith("web[") or token.startswith("web:") or token.startswith("http"):
        return "HTTP(S) web endpoint"
    return "unrecognised"


def function_for(token: str, acct, default_region: str) -> Function:
    """The local function a ServiceToken names; raises NotSupported or an FC error."""
    parsed = services.parse_function_arn(token)
    if parsed:
        if parsed["account"] not in ("", "*", acct.account_id):
            raise NotSupported(f"ServiceToken {token} names another account ({parsed['account']}); a custom "
                               f"resource can only call functions of account {acct.account_id}")
        return services.find_function(acct, parsed["service"], parsed["function"],
                                      parsed["region"] or default_region)
    m = FC3_ARN_RE.match(token)
    if m:
        fns = list(Function.objects.select_related("service").filter(
            service__account=acct, service__region=m.group("region") or default_region, name=m.group("function")))
        if len(fns) == 1:
            return fns[0]
        raise NotSupported(f"ServiceToken {token} (FC 3.0 form) matches {len(fns)} local functions; use "
                           f"acs:fc:<region>:<uid>:services/<service>/functions/<function>")
    raise NotSupported(
        f"NotSupported: ServiceToken kind '{token_kind(token)}' ({token}) is not supported by this local ROS; "
        f"use the ARN of a local Function Compute function: acs:fc:<region>:<uid>:services/<svc>/functions/<fn>")


def _timeout(p: dict) -> float:
    try:
        value = float(p.get("Timeout") or DEFAULT_TIMEOUT_S)
    except (TypeError, ValueError):
        value = DEFAULT_TIMEOUT_S
    return max(1.0, min(value, 43200.0))


def ros_request(request: ProviderRequest, request_type: str, token: str, params: dict,
                old_params: dict | None) -> dict:
    url = custom_response.response_url(token)
    doc = {"RequestType": request_type, "RequestId": str(uuid.uuid4()), "ResponseURL": url,
           "IntranetResponseURL": url, "StackId": request.stack_id, "StackName": request.stack_name,
           "ResourceOwnerId": request.account_id, "CallerId": request.account_id, "RegionId": request.region,
           "ResourceType": request.resource_type, "LogicalResourceId": request.logical_id,
           "ResourceProperties": params}
    if request_type in ("Update", "Delete"):
        doc["PhysicalResourceId"] = request.physical_id or ""
    if request_type == "Update":
        doc["OldResourceProperties"] = old_params or {}
    return doc


def attributes(data: dict | None) -> dict:
    data = dict(data or {})
    return {**data, "Outputs": data}


class CustomResourceProvider(Provider):
    TYPE = "ALIYUN::ROS::CustomResource"
    PROPERTIES = {
        "ServiceToken": Prop("String", required=True, update="replace"),
        "Timeout": Prop("Number", required=True, default=DEFAULT_TIMEOUT_S, min_value=1, max_value=43200),
        "Parameters": Prop("Map"),
        "HttpConfig": Prop("Map"),
    }
    ATTRIBUTES = ("Outputs",)  # plus every key of the response Data
    MAX_STEP_SECONDS = 43200 + 600

    def create(self, request: ProviderRequest) -> StepResult:
        return self._step(request, "Create")

    def update(self, request: ProviderRequest) -> StepResult:
        return self._step(request, "Update")

    def delete(self, request: ProviderRequest) -> StepResult:
        return self._step(request, "Delete")

    # --- helpers ----------------------------------------------------------------------------------

    def _step(self, request: ProviderRequest, request_type: str) -> StepResult:
        if request.context.get("token"):
            return self._poll(request, request_type)
        return self._start(request, request_type)

    def _start(self, request: ProviderRequest, request_type: str) -> StepResult:
        p = self.with_defaults(dict(request.properties or {}))
        old = dict(request.old_properties or {})
        token_arn = str(p.get("ServiceToken") or "")
        try:
            fn = function_for(token_arn, account(request), request.region)
        except NotSupported as exc:
            return self._fail(request, request_type, str(exc))
        except errors.FcError as exc:
            return self._fail(request, request_type, f"ServiceToken {token_arn}: {exc}")
        timeout = _timeout(p)
        token = custom_response.new_token()
        event = ros_request(request, request_type, token, dict(p.get("Parameters") or {}),
                            dict(old.get("Parameters") or {}))
        custom_response.open_slot(token, timeout, f"{request.stack_id}/{request.logical_id}")
        parsed = services.parse_function_arn(token_arn) or {}
        try:
            inv = services.start_invocation(fn, json.dumps(event, ensure_ascii=False).encode("utf-8"),
                                            qualifier=parsed.get("qualifier") or "LATEST", async_=True,
                                            source="custom-resource")
        except errors.FcError as exc:
            custom_response.close_slot(token)
            return self._fail(request, request_type, f"could not invoke {token_arn}: {exc}")
        ctx = {"token": token, "invocation": inv.request_id, "deadline": time.time() + timeout,
               "timeout": timeout, "request_id": event["RequestId"], "delay": FIRST_POLL_S}
        return in_progress(ctx, delay_s=FIRST_POLL_S)

    def _poll(self, request: ProviderRequest, request_type: str) -> StepResult:
        ctx = dict(request.context)
        token = ctx["token"]
        response = custom_response.read_response(token)
        if response is not None:
            custom_response.close_slot(token)
            return self._finish(request, request_type, response, str(ctx.get("invocation") or ""))
        inv = Invocation.objects.filter(request_id=ctx.get("invocation", "")).first()
        if inv is not None and inv.is_terminal and not inv.ok:
            custom_response.close_slot(token)
            return self._fail(request, request_type, f"custom resource {request.logical_id}: its function "
                                            f"{inv.service_name}/{inv.function_name} failed without responding: "
                                            f"{inv.error_type}: {inv.error_message}")
        if time.time() > float(ctx["deadline"]):
            custom_response.close_slot(token)
            return self._fail(request, request_type, f"custom resource {request.logical_id} did not respond within "
                                            f"{float(ctx['timeout']):g} seconds")
        ctx["delay"] = min(MAX_POLL_S, float(ctx.get("delay") or FIRST_POLL_S) * 1.5)
        return in_progress(ctx, delay_s=min(ctx["delay"], max(0.1, float(ctx["deadline"]) - time.time() + 0.1)))

    def _finish(self, request: ProviderRequest, request_type: str, response: dict, invocation: str = "") -> StepResult:
        if response.get("Status") != "SUCCESS":
            return self._fail(request, request_type, f"custom resource {request.logical_id} failed: "
                                            f"{response.get('Reason') or 'no reason given'}")
        if request_type == "Delete":
            return done(request.physical_id)
        physical = (response.get("PhysicalResourceId") or request.physical_id
                    or f"{request.stack_name}-{request.logical_id}-{uuid.uuid4().hex[:12]}")
        attrs = attributes(response.get("Data"))
        if invocation:
            attrs.setdefault("InvocationRequestId", invocation)
        return done(physical, attrs)

    def _fail(self, request: ProviderRequest, request_type: str, reason: str) -> StepResult:
        if request_type == "Delete":
            return done(request.physical_id)  # ROS proceeds with the stack deletion
        return failed(reason)
