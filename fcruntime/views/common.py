"""Guards and rendering shared by the FC pages."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest

from fcruntime import errors, services
from rosconsole.pages import page  # noqa: F401  (re-exported for the views)
from rosconsole.accounts.access import SESSION_REGION_KEY, can_change, current_account, require_role

FUNCTION_TABS = (
    ("config", "Configuration", "fc:function"),
    ("code", "Code", "fc:function-code"),
    ("triggers", "Triggers", "fc:function-triggers"),
    ("test", "Test", "fc:function-test"),
    ("invocations", "Invocations", "fc:function-invocations"),
)


def region(request: HttpRequest) -> str:
    return request.session.get(SESSION_REGION_KEY, settings.ROSCONSOLE_DEFAULT_REGION)


def get_service(request: HttpRequest, name: str):
    try:
        return services.get_service(current_account(request), name, region(request))
    except errors.ServiceNotFound:
        raise Http404("Service not found.") from None


def get_function(request: HttpRequest, service_name: str, function_name: str):
    try:
        return services.find_function(current_account(request), service_name, function_name, region(request))
    except (errors.ServiceNotFound, errors.FunctionNotFound):
        raise Http404("Function not found.") from None


def get_bucket(request: HttpRequest, name: str):
    try:
        return services.get_bucket(current_account(request), name)
    except errors.NoSuchBucket:
        raise Http404("Bucket not found.") from None


def function_context(fn, tab: str, **extra: Any) -> dict[str, Any]:
    return {"fn": fn, "service": fn.service, "tab": tab, "tabs": FUNCTION_TABS, **extra}


__all__ = ["page", "get_service", "get_function", "get_bucket", "function_context", "region", "require_role",
           "current_account", "can_change"]
