"""Lookups shared by the FC API views: region, `{service}.{qualifier}`, account-scoped rows, paging."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings

from fcruntime import errors
from fcruntime.api.http import ApiRequest
from fcruntime import services
from fcruntime.services.versions import SNAPSHOT_FIELDS, FunctionConfig

T = TypeVar("T")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_HOST_REGION_RE = re.compile(r"^[^.]+\.(?P<region>[a-z0-9-]+)(?:-internal)?\.fc\.")


def region_of(req: ApiRequest) -> str:
    """`<account>.<region>.fc.aliyuncs.com`-style hosts pick their region; anything else the default."""
    host = req.http.get_host().split(":")[0] if req.http.META.get("HTTP_HOST") else ""
    match = _HOST_REGION_RE.match(host)
    if match and match.group("region") in settings.ROSCONSOLE_REGIONS:
        return match.group("region")
    return settings.ROSCONSOLE_DEFAULT_REGION


def split_qualifier(name: str) -> tuple[str, str | None]:
    """`svc.LATEST` → ("svc", "LATEST"); `svc` → ("svc", None). Service names never contain a dot."""
    if "." in name:
        service, qualifier = name.split(".", 1)
        if not qualifier:
            raise errors.InvalidArgument(f"qualifier is empty in '{name}'")
        return service, qualifier
    return name, None


def _check_scope(req: ApiRequest, service) -> None:
    """A scoped key (function credentials, `fc:service:<id>`) reaches only its own service."""
    scope = req.caller.scope
    if scope and scope != f"fc:service:{service.service_id}":
        raise errors.ServiceNotFound(service.name)


def get_service(req: ApiRequest, name: str):
    service = services.get_service(req.account, name, region_of(req))
    _check_scope(req, service)
    return service


def get_function(req: ApiRequest, service_name: str, function_name: str):
    return services.get_function(get_service(req, service_name), function_name)


def version_for_qualifier(service, qualifier: str | None):
    """The Version a qualifier names (alias → its main version); None for LATEST / no qualifier."""
    if not qualifier or qualifier == "LATEST":
        return None
    if qualifier.isdigit():
        return services.get_version(service, qualifier)
    return services.get_alias(service, qualifier).version


def snapshot_config(fn, version) -> Any:
    """The function as it was published in `version` (None for LATEST)."""
    if version is None:
        return None
    snap = version.snapshot.get(fn.name)
    if snap is None:
        raise errors.FunctionNotFound(fn.name, f"{fn.service.name}.{version.version_id}")
    known = {k: v for k, v in snap.items() if k in SNAPSHOT_FIELDS}
    return FunctionConfig(**known, version_id=version.version_id)


def parse_limit(req: ApiRequest, default: int = DEFAULT_LIMIT) -> int:
    raw = req.query("limit")
    if raw in (None, ""):
        return default
    try:
        limit = int(raw)
    except ValueError:
        raise errors.InvalidArgument(f"limit must be an integer between 1 and {MAX_LIMIT}, got '{raw}'") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.InvalidArgument(f"limit must be an integer between 1 and {MAX_LIMIT}, got '{raw}'")
    return limit


def paginate(req: ApiRequest, items: Sequence[T], key: Callable[[T], str],
             use_prefix: bool = True) -> tuple[list[T], str | None]:
    """FC paging over items sorted by `key`: prefix, startKey (inclusive), nextToken (inclusive), limit.

    The next token is the key of the first item not returned, so it stays valid if earlier
    items are deleted between pages.
    """
    limit = parse_limit(req)
    prefix = (req.query("prefix") or "") if use_prefix else ""
    floor = max(req.query("startKey") or "", req.query("nextToken") or "")
    selected = [i for i in sorted(items, key=key) if key(i).startswith(prefix) and key(i) >= floor]
    page = selected[:limit]
    next_token = key(selected[limit]) if len(selected) > limit else None
    return page, next_token
