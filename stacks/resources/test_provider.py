"""ROSCONSOLE::Test::Resource — a test-only resource type (registered by the test suite only).

Knobs (all properties are updatable in place unless named in `update_replace`):
- `value`: echoed as the `Value` attribute (and part of the physical id's source);
- `fail`: "create" | "update" | "delete" | true — that action fails with `fail_reason`;
- `delay_s`: the step blocks this long (a slow cloud API call; the worker is busy meanwhile);
- `wait_s`: the step answers in_progress until this long has passed (polling, worker not busy);
- `update_replace`: declared update="replace": changing its value requires replacement.
Every create/update/delete is appended to the `calls` list of this module (in the process that ran it).
"""
from __future__ import annotations

import time
import uuid

from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done, failed, in_progress

TYPE = "ROSCONSOLE::Test::Resource"
calls: list[tuple[str, str, str | None]] = []


class TestResourceProvider(Provider):
    TYPE = TYPE
    PROPERTIES = {
        "value": Prop("Json"),
        "fail": Prop("Json"),
        "fail_reason": Prop("String", default="The test resource was told to fail"),
        "delay_s": Prop("Number", default=0),
        "wait_s": Prop("Number", default=0),
        "update_replace": Prop("Json", update="replace"),
    }
    ATTRIBUTES = ("Value", "Id")
    MAX_STEP_SECONDS = 5.0

    def create(self, request: ProviderRequest) -> StepResult:
        return self._act("create", request, f"test-{uuid.uuid4().hex[:16]}")

    def update(self, request: ProviderRequest) -> StepResult:
        return self._act("update", request, request.physical_id)

    def delete(self, request: ProviderRequest) -> StepResult:
        return self._act("delete", request, request.physical_id)

    def _act(self, action: str, request: ProviderRequest, physical_id: str | None) -> StepResult:
        props = self.with_defaults(request.properties if action != "delete" else (request.properties or {}))
        started = request.context.get("started") or time.time()
        if float(props.get("wait_s") or 0) > time.time() - started:
            return in_progress({"started": started}, delay_s=min(float(props["wait_s"]), 0.5))
        if float(props.get("delay_s") or 0) > 0 and not request.context:
            time.sleep(float(props["delay_s"]))
        calls.append((action, request.logical_id, physical_id))
        fail = props.get("fail")
        if fail is True or fail == action or (isinstance(fail, list) and action in fail):
            return failed(str(props.get("fail_reason")))
        if action == "delete":
            return done(physical_id)
        return done(physical_id, {"Value": props.get("value"), "Id": physical_id})


def register() -> None:
    from stacks.resources import registry

    registry.register_for_tests(TYPE, "stacks.resources.test_provider.TestResourceProvider")
