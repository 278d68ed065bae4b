"""ALIYUN::ROS::Stack: a nested stack, created, updated and deleted through stacks.services.

The template comes from TemplateBody (text or an object) or TemplateURL (http/https only; other
schemes are refused by name). The child belongs to the parent's account and region, links to its
parent (Stack.parent / parent_logical_id), runs without its own rollback (the parent decides) and is
polled with in_progress; a finishing child wakes its parent's step. Attributes: `Outputs.<Key>` for
every output of the child, plus `Outputs` (the whole map).
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done, failed, in_progress

MAX_DEPTH = 5
MAX_TEMPLATE_BYTES = 524_288
POLL_SECONDS = 2.0


class NestedStackProvider(Provider):
    TYPE = "ALIYUN::ROS::Stack"
    PROPERTIES = {"TemplateBody": Prop("Json"), "TemplateURL": Prop("String"), "Parameters": Prop("Map"),
                  "TimeoutMins": Prop("Integer", default=60), "ResourceGroupId": Prop("String")}
    ATTRIBUTES = ()
    MAX_STEP_SECONDS = 60.0

    def create(self, request: ProviderRequest) -> StepResult:
        from stacks import services

        if request.context.get("child"):
            return self._poll(request.context, request.context["expect"], request.stack_id)
        parent = _stack(request.stack_id)
        if _depth(parent) >= MAX_DEPTH:
            return failed(f"Nested stacks may be at most {MAX_DEPTH} levels deep")
        try:
            child = services.create_stack(
                services.SYSTEM, parent.account, name=_child_name(parent.name, request.logical_id),
                template_body=template_text(request.properties), parameters=request.properties.get("Parameters"),
                region=parent.region, disable_rollback=True, simulate_unsupported=parent.simulate_unsupported,
                timeout_in_minutes=_timeout(request), template_url=request.properties.get("TemplateURL") or "",
                parent=parent, parent_logical_id=request.logical_id)
        except Exception as exc:  # noqa: BLE001 - template and service errors become the failure reason
            return failed(_text(exc))
        return in_progress({"child": str(child.pk), "expect": "CREATE"}, POLL_SECONDS)

    def update(self, request: ProviderRequest) -> StepResult:
        from stacks import errors, services

        if request.context.get("child"):
            return self._poll(request.context, request.context["expect"])
        child = _stack(request.physical_id)
        try:
            services.update_stack(services.SYSTEM, child.account, child, template_body=template_text(request.properties),
                                  parameters=request.properties.get("Parameters"), replacement_option=True)
        except errors.NotSupported:
            return done(str(child.pk), outputs_of(child))  # the child itself does not change
        except Exception as exc:  # noqa: BLE001
            return failed(_text(exc))
        return in_progress({"child": str(child.pk), "expect": "UPDATE"}, POLL_SECONDS)

    def delete(self, request: ProviderRequest) -> StepResult:
        from stacks import services
        from stacks.models import Stack

        if request.context.get("child"):
            return self._poll(request.context, "DELETE")
        child = Stack.objects.filter(pk=request.physical_id).first() if request.physical_id else None
        if child is None or child.status == "DELETE_COMPLETE":
            return done(request.physical_id)
        if child.status.endswith("_IN_PROGRESS"):
            return in_progress({}, POLL_SECONDS)
        try:
            services.delete_stack(services.SYSTEM, child.account, child)
        except Exception as exc:  # noqa: BLE001
            return failed(_text(exc))
        return in_progress({"child": str(child.pk), "expect": "DELETE"}, POLL_SECONDS)

    @staticmethod
    def _poll(context: dict, expect: str, parent_id: str | None = None) -> StepResult:
        child = _stack(context["child"])
        if child.status == f"{expect}_COMPLETE":
            if context.get("then_fail"):
                return failed(context["then_fail"])
            return done(str(child.pk), outputs_of(child) if expect != "DELETE" else {})
        if child.status.endswith("_IN_PROGRESS"):
            return in_progress(context, POLL_SECONDS)
        reason = f"Nested stack {child.name} is {child.status}: {child.status_reason}"
        if expect == "CREATE" and parent_id and not _stack(parent_id).disable_rollback:
            return _discard_failed_child(child, reason)
        return failed(reason)


def _discard_failed_child(child: Any, reason: str) -> StepResult:
    """The parent will roll back, but the resource has no physical id yet: delete the child first."""
    from stacks import services

    try:
        services.delete_stack(services.SYSTEM, child.account, child)
    except Exception as exc:  # noqa: BLE001
        return failed(f"{reason} (and deleting it failed: {_text(exc)})")
    return in_progress({"child": str(child.pk), "expect": "DELETE", "then_fail": reason}, POLL_SECONDS)


def template_text(properties: dict) -> str:
    body = properties.get("TemplateBody")
    if body is not None:
        return body if isinstance(body, str) else json.dumps(body)
    url = properties.get("TemplateURL")
    if not url:
        raise ValueError("One of TemplateBody or TemplateURL must be given")
    if not str(url).startswith(("http://", "https://")):
        raise ValueError(f"TemplateURL {url}: only http:// and https:// URLs are supported")
    try:
        with urllib.request.urlopen(str(url), timeout=10) as response:  # noqa: S310 - scheme checked above
            data = response.read(MAX_TEMPLATE_BYTES + 1)
    except (urllib.error.URLError, OSError) as exc:
        raise ValueError(f"TemplateURL {url} cannot be read: {exc}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValueError(f"TemplateURL {url}: the template is larger than {MAX_TEMPLATE_BYTES} bytes")
    return data.decode("utf-8")


def outputs_of(child: Any) -> dict:
    values = {o["OutputKey"]: o.get("OutputValue") for o in child.outputs or [] if o.get("OutputKey")}
    attributes = {f"Outputs.{key}": value for key, value in values.items()}
    attributes["Outputs"] = values
    return attributes


def _stack(stack_id: Any):
    from stacks.models import Stack

    return Stack.objects.select_related("account").get(pk=stack_id)


def _depth(stack: Any) -> int:
    depth = 1
    while stack.parent_id:
        stack = _stack(stack.parent_id)
        depth += 1
    return depth


def _child_name(parent_name: str, logical_id: str) -> str:
    base = f"{parent_name}-{logical_id}".replace("[", "-").replace("]", "")
    return f"{base[:230]}-{uuid.uuid4().hex[:12]}"


def _timeout(request: ProviderRequest) -> int:
    return min(max(int(request.properties.get("TimeoutMins") or 60), 10), 1440)


def _text(exc: BaseException) -> str:
    return getattr(exc, "message", None) and f"{getattr(exc, 'code', '')}: {exc.message}".lstrip(": ") or str(exc)
