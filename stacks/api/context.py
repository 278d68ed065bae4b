"""What an action handler gets: the caller (account, user, key), the parsed parameters, the request id."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from django.conf import settings

from stacks.api.errors import ApiError, missing_parameter
from stacks.api.params import Params


@dataclass
class Caller:
    access_key: Any  # rosconsole.accounts.models.AccessKey
    account: Any  # Account
    user: Any
    membership: Any  # Membership
    scheme: str  # signing scheme used


@dataclass
class ApiContext:
    action: str
    request_id: str
    params: Params
    caller: Caller
    request: Any = None  # the Django request (public URL, headers); handlers rarely need it

    @property
    def account(self) -> Any:
        return self.caller.account

    @property
    def user(self) -> Any:
        return self.caller.user

    def region(self, required: bool = True) -> str:
        """RegionId: required by stack-scoped actions; must be one of settings.ROSCONSOLE_REGIONS."""
        region = self.params.string("RegionId")
        if not region:
            if required:
                raise missing_parameter("RegionId")
            return settings.ROSCONSOLE_DEFAULT_REGION
        if region not in settings.ROSCONSOLE_REGIONS:
            raise ApiError("InvalidParameter",
                           f"The specified parameter RegionId is invalid, the region {region} is not served here "
                           f"(regions: {', '.join(settings.ROSCONSOLE_REGIONS)}).")
        return region


def format_time(value: datetime | None) -> str | None:
    """Alibaba body timestamps: UTC `YYYY-MM-DDThh:mm:ss`, no zone suffix."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def parse_time(name: str, value: str | None) -> datetime | None:
    """Request timestamps (ListStacks StartTime/EndTime): `YYYY-MM-DDThh:mm:ss[Z]`, UTC."""
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ApiError("InvalidParameter",
                   f"The specified parameter {name} is invalid, \"{value}\" is not a UTC time like 2024-01-31T08:00:00Z.")
