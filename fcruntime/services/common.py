"""Shared helpers: account lookup, name checks, ARNs."""
from __future__ import annotations

import re

from django.conf import settings

from fcruntime import errors
from rosconsole.accounts.models import Account

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,127}$")
LAYER_NAME_RE = re.compile(r"^[a-zA-Z][_a-zA-Z0-9-]{1,63}$")
BUCKET_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
ENV_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
ENV_MAX_BYTES = 4096


def account_of(account: Account | str) -> Account:
    """An Account row from a row or a 16-digit AccountId."""
    if isinstance(account, Account):
        return account
    try:
        return Account.objects.get(account_id=str(account))
    except Account.DoesNotExist:
        raise errors.AccessDenied(f"account '{account}' does not exist") from None


def region_or_default(region: str | None) -> str:
    return region or settings.ROSCONSOLE_DEFAULT_REGION


def check_name(kind: str, name: str, pattern: re.Pattern = NAME_RE) -> str:
    if not isinstance(name, str) or not pattern.match(name):
        raise errors.InvalidArgument(
            f"{kind} '{name}' is invalid: 1-128 letters, digits, '_' or '-', starting with a letter or '_'")
    return name


def check_env(env: object) -> dict[str, str]:
    if env in (None, ""):
        return {}
    if not isinstance(env, dict):
        raise errors.InvalidArgument("EnvironmentVariables must be a map of strings")
    out: dict[str, str] = {}
    for key, value in env.items():
        key = str(key)
        if not ENV_KEY_RE.match(key):
            raise errors.InvalidArgument(f"environment variable name '{key}' is invalid")
        if key.upper().startswith(("FC_", "_FC_")) or key in ("accessKeyID", "accessKeySecret", "securityToken", "topic"):
            raise errors.InvalidArgument(f"environment variable '{key}' is reserved")
        out[key] = value if isinstance(value, str) else str(value)
    if sum(len(k.encode()) + len(v.encode()) for k, v in out.items()) > ENV_MAX_BYTES:
        raise errors.InvalidArgument("EnvironmentVariables exceed 4 KB in total")
    return out


def int_in(kind: str, value: object, low: int, high: int, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise errors.InvalidArgument(f"{kind} must be an integer, got {value!r}") from None
    if number != float(value) or not low <= number <= high:
        raise errors.InvalidArgument(f"{kind} must be an integer between {low} and {high}, got {value!r}")
    return number


def function_arn(region: str, account_id: str, service: str, function: str, qualifier: str | None = None) -> str:
    svc = f"{service}.{qualifier}" if qualifier else service
    return f"acs:fc:{region}:{account_id}:services/{svc}/functions/{function}"


FUNCTION_ARN_RE = re.compile(
    r"^acs:fc:(?P<region>[^:]*):(?P<account>[^:]*):services/(?P<service>[A-Za-z0-9_-]+)(?:\.(?P<qualifier>[A-Za-z0-9_-]+))?"
    r"/functions/(?P<function>[A-Za-z0-9_-]+)$")


def parse_function_arn(arn: str) -> dict | None:
    m = FUNCTION_ARN_RE.match(arn or "")
    return m.groupdict() if m else None
