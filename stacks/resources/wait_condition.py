"""ALIYUN::ROS::WaitConditionHandle and ALIYUN::ROS::WaitCondition (fc-spec §1.12).

The handle's URL is under settings.PUBLIC_URL and needs no login: an unguessable token (an HMAC of
the stack and handle ids with SECRET_KEY) is part of the path. A POST there with
`{"status": "SUCCESS"|"FAILURE"|"WARNING", "reason": ..., "id": ..., "data": ...}` stores a signal
(stacks.views.wait_condition). The WaitCondition polls with in_progress until Count SUCCESS
signals arrived (done), a FAILURE arrived or Timeout passed (failed).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

from django.conf import settings

from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done, failed, in_progress


def signal_token(stack_id: str, handle_id: str) -> str:
    message = f"waitcondition:{stack_id}:{handle_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def signal_url(public_url: str, stack_id: str, handle_id: str) -> str:
    return f"{public_url.rstrip('/')}/stacks/{stack_id}/signal/{handle_id}/{signal_token(stack_id, handle_id)}"


class WaitConditionHandleProvider(Provider):
    TYPE = "ALIYUN::ROS::WaitConditionHandle"
    PROPERTIES = {"Mode": Prop("String", default="Full", allowed_values=("Full", "Increment")),
                  "Count": Prop("Integer", default=-1)}
    ATTRIBUTES = ("URL", "Headers", "CurlCli", "WindowsCurlCli", "PowerShellCurlCli")
    MAX_STEP_SECONDS = 30.0

    def create(self, request: ProviderRequest) -> StepResult:
        handle_id = uuid.uuid4().hex
        return done(handle_id, self.attributes(request, handle_id))

    def update(self, request: ProviderRequest) -> StepResult:
        from stacks.models import WaitConditionSignal

        props = self.with_defaults(request.properties)
        signals = WaitConditionSignal.objects.filter(handle=request.physical_id)
        if props.get("Mode") == "Increment":
            signals.delete()
        elif int(props.get("Count") or -1) >= 0:
            for signal in signals:
                if signal.unique_id.isdigit() and int(signal.unique_id) > int(props["Count"]):
                    signal.delete()
        return done(request.physical_id, self.attributes(request, request.physical_id or ""))

    def delete(self, request: ProviderRequest) -> StepResult:
        from stacks.models import WaitConditionSignal

        WaitConditionSignal.objects.filter(handle=request.physical_id).delete()
        return done(request.physical_id)

    @staticmethod
    def attributes(request: ProviderRequest, handle_id: str) -> dict:
        url = signal_url(request.public_url or settings.PUBLIC_URL, request.stack_id, handle_id)
        header = "Content-Type: application/json"
        return {
            "URL": url,
            "Headers": {"Content-Type": "application/json"},
            "CurlCli": f"curl -i -X POST -H '{header}' {url}",
            "WindowsCurlCli": f'curl -i -X POST -H "{header}" {url}',
            "PowerShellCurlCli": (f"Invoke-WebRequest -Uri {url} -Method Post "
                                  f"-Headers @{{'Content-Type'='application/json'}}"),
        }


class WaitConditionProvider(Provider):
    TYPE = "ALIYUN::ROS::WaitCondition"
    PROPERTIES = {"Handle": Prop("String", required=True, update="replace"),
                  "Timeout": Prop("Number", required=True, update="replace", min_value=1, max_value=43200),
                  "Count": Prop("Integer", default=1),
                  "ShowProgressEvent": Prop("String", default="Disabled", update="replace")}
    ATTRIBUTES = ("Data", "ErrorData", "JoinedErrorData")
    MAX_STEP_SECONDS = 30.0
    POLL_SECONDS = 2.0

    def create(self, request: ProviderRequest) -> StepResult:
        return self._wait(request, request.physical_id or f"{request.stack_id}-{request.logical_id}")

    def update(self, request: ProviderRequest) -> StepResult:
        return self._wait(request, request.physical_id or f"{request.stack_id}-{request.logical_id}")

    def delete(self, request: ProviderRequest) -> StepResult:
        return done(request.physical_id)

    def _wait(self, request: ProviderRequest, physical_id: str) -> StepResult:
        from stacks.models import WaitConditionSignal

        props = self.with_defaults(request.properties)
        started = float(request.context.get("started") or time.time())
        signals = list(WaitConditionSignal.objects.filter(handle=str(props["Handle"])))
        errors = {s.unique_id: s.reason for s in signals if s.status == "FAILURE"}
        if errors:
            return failed(f"WaitCondition received a FAILURE signal: {'; '.join(errors.values())}")
        successes = [s for s in signals if s.status == "SUCCESS"]
        if len(successes) >= int(props.get("Count") or 1):
            data = {s.unique_id: s.data for s in successes}
            return done(physical_id, {"Data": json.dumps(data), "ErrorData": json.dumps({}), "JoinedErrorData": ""})
        waited = time.time() - started
        if waited >= float(props["Timeout"]):
            return failed(f"WaitCondition timed out after {float(props['Timeout']):g} seconds "
                          f"({len(successes)} of {props.get('Count') or 1} SUCCESS signals received)")
        remaining = float(props["Timeout"]) - waited
        return in_progress({"started": started}, delay_s=min(self.POLL_SECONDS, max(remaining, 0.1)))
