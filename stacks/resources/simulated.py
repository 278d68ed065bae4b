"""Simulated resources: catalogue types rosconsole does not emulate, when the stack opts in.

Nothing is provisioned. The physical id says so (`sim-...`), the attributes are generated for the
catalogue's attribute names, and the engine marks every event and the StackResource row simulated.
"""
from __future__ import annotations

import hashlib
import uuid

from stacks.resources.base import Provider, ProviderRequest, StepResult, done
from stacks.template.catalogue import get_type


class SimulatedProvider(Provider):
    MAX_STEP_SECONDS = 30.0

    def __init__(self, resource_type: str) -> None:
        self.resource_type = resource_type

    def create(self, request: ProviderRequest) -> StepResult:
        physical_id = f"sim-{uuid.uuid4().hex[:20]}"
        return done(physical_id, self.attributes(physical_id, request))

    def update(self, request: ProviderRequest) -> StepResult:
        return done(request.physical_id, self.attributes(request.physical_id or "", request))

    def delete(self, request: ProviderRequest) -> StepResult:
        return done(request.physical_id)

    def attributes(self, physical_id: str, request: ProviderRequest) -> dict:
        spec = get_type(self.resource_type)
        names = sorted(spec.attributes) if spec else []
        return {name: self._value(name, physical_id, request) for name in names}

    @staticmethod
    def _value(name: str, physical_id: str, request: ProviderRequest) -> object:
        """A plausible value: a property of the same name if given, else an id derived from the physical id."""
        if name in request.properties and isinstance(request.properties[name], (str, int, float, bool)):
            return request.properties[name]
        digest = hashlib.sha1(f"{physical_id}:{name}".encode()).hexdigest()[:16]
        lowered = name.lower()
        if lowered.endswith(("url", "endpoint", "domain")):
            return f"https://{digest}.simulated.invalid"
        if lowered.endswith(("ids", "list", "names")):
            return [f"sim-{digest}"]
        if lowered.endswith("arn"):
            return f"acs:simulated:{request.region}:{request.account_id}:{physical_id}"
        return f"sim-{digest}"
