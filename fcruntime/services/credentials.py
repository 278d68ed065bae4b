"""context.credentials: a short-lived local AccessKey of the account, scoped to one FC service.

Minted only when the service has a Role (as FC assumes the role to get STS credentials). A key is
reused until it has less than REFRESH of its life left, so warm instances keep their key (the
credentials are part of the instance key) and rows do not pile up.
"""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fcruntime.models import Service
from rosconsole.accounts.models import AccessKey, Membership, Role

LIFETIME = timedelta(hours=36)  # FC: STS credentials valid up to 36 h
REFRESH = timedelta(hours=12)


def scope_for(service: Service) -> str:
    return f"fc:service:{service.service_id}"


def _owner(service: Service):
    """The user the key is issued under: the account's first admin, else its first member."""
    members = Membership.objects.filter(account=service.account, user__is_active=True).select_related("user")
    m = members.filter(role=Role.ADMIN).order_by("id").first() or members.order_by("id").first()
    return m.user if m else None


def credentials_for(service: Service) -> dict[str, str] | None:
    if not service.role:
        return None
    now = timezone.now()
    key = (AccessKey.objects.filter(account=service.account, scope=scope_for(service), is_active=True,
                                    expires_at__gt=now + REFRESH).order_by("-expires_at").first())
    if key is None:
        user = _owner(service)
        if user is None:
            return None
        key = AccessKey.objects.create(user=user, account=service.account, scope=scope_for(service),
                                       expires_at=now + LIFETIME)
    return {"AccessKeyId": key.access_key_id, "AccessKeySecret": key.secret, "SecurityToken": ""}


def revoke_for(service: Service) -> int:
    return AccessKey.objects.filter(account=service.account, scope=scope_for(service)).update(is_active=False)
