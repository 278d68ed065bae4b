"""Shared bits of the FC/OSS providers: account lookup, defaults, FC errors -> failed(reason)."""
from __future__ import annotations

import functools
from typing import Callable

from fcruntime import errors
from fcruntime.services.common import account_of
from rosconsole.accounts.models import Account
from stacks.resources.base import Provider, ProviderError, ProviderRequest, StepResult, failed

NOT_FOUND = (errors.ServiceNotFound, errors.FunctionNotFound, errors.VersionNotFound, errors.AliasNotFound,
             errors.LayerNotFound, errors.DomainNameNotFound, errors.ProvisionConfigNotFound, errors.NoSuchBucket)


def account(request: ProviderRequest) -> Account:
    try:
        return account_of(request.account_id)
    except errors.FcError as exc:
        raise ProviderError(exc.message) from None


def props(provider: Provider, request: ProviderRequest, old: bool = False) -> dict:
    source = request.old_properties if old else request.properties
    return provider.with_defaults(dict(source or {}))


def fc_step(method: Callable[..., StepResult]) -> Callable[..., StepResult]:
    """Turn an FC error raised by the services into failed("ErrorCode: message")."""
    @functools.wraps(method)
    def wrapper(self, request: ProviderRequest) -> StepResult:
        try:
            return method(self, request)
        except errors.FcError as exc:
            return failed(str(exc))
    return wrapper


def split_id(physical_id: str | None, parts: int) -> list[str] | None:
    pieces = (physical_id or "").split("|")
    return pieces if len(pieces) == parts and all(pieces) else None
