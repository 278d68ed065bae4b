"""Accounts own every stack, service, function and bucket; users act in them with a role."""
from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_account_id() -> str:
    """A 16-digit AccountId, as Alibaba Cloud uses (first digit never 0)."""
    return str(secrets.randbelow(9) + 1) + "".join(secrets.choice(string.digits) for _ in range(15))


class Account(models.Model):
    account_id = models.CharField("AccountId", max_length=16, unique=True, default=new_account_id)
    name = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.account_id})"


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    OPERATOR = "operator", "Operator"
    ADMIN = "admin", "Admin"


ROLE_RANK = {Role.VIEWER: 0, Role.OPERATOR: 1, Role.ADMIN: 2}


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OPERATOR)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "account"], name="one_membership_per_account")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} in {self.account.name} as {self.role}"

    def allows(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


def new_access_key_id() -> str:
    return "LTAI" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(20))


def new_access_key_secret() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(30))


class AccessKey(models.Model):
    """An API credential. The secret is shown once at creation; signatures need it, so it is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_keys")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="access_keys")
    access_key_id = models.CharField("AccessKeyId", max_length=64, unique=True, default=new_access_key_id)
    secret = models.CharField(max_length=64, default=new_access_key_secret)
    is_active = models.BooleanField(default=True)
    # Short-lived keys handed to function code as context.credentials; scoped to one FC service.
    expires_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.access_key_id

    def is_usable(self) -> bool:
        """Revoked keys, expired keys and keys of deactivated users stop working at once."""
        if not self.is_active or not self.user.is_active:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
