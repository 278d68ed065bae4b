"""Physical ids that link to their console page (FC services, functions, triggers, OSS buckets)."""
from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse


def physical_link(resource: Any) -> str:
    """URL of the page for a resource's physical object, or '' when there is none."""
    if not resource.physical_id or resource.simulated:
        return ""
    props = resource.properties or {}
    attrs = resource.attributes or {}
    service = attrs.get("ServiceName") or props.get("ServiceName")
    function = attrs.get("FunctionName") or props.get("FunctionName")
    try:
        if resource.type == "ALIYUN::FC::Service" and service:
            return reverse("fc:service", args=[service])
        if resource.type in ("ALIYUN::FC::Function", "ALIYUN::FC::FunctionInvoker") and service and function:
            return reverse("fc:function", args=[service, function])
        if resource.type == "ALIYUN::FC::Trigger" and service and function:
            return reverse("fc:function-triggers", args=[service, function])
        if resource.type == "ALIYUN::OSS::Bucket":
            return reverse("fc:bucket", args=[attrs.get("Name") or props.get("BucketName") or resource.physical_id])
    except NoReverseMatch:
        return ""
    return ""
