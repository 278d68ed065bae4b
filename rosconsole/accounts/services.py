"""Account operations shared by the CLI, the launcher and the tests."""
from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from rosconsole.accounts.models import AccessKey, Account, Membership, Role

DEFAULT_ACCOUNT_NAME = "default"


class AccountError(Exception):
    """A user-facing error of an account operation."""


@transaction.atomic
def create_user(username: str, *, account_name: str | None = None, role: str = Role.OPERATOR,
                password: str | None = None, superuser: bool = False) -> tuple[object, str | None]:
    """Create a user in an account (created if missing). Returns the user and a generated password, if any."""
    if role not in Role.values:
        raise AccountError(f"Unknown role {role!r}; use one of {', '.join(Role.values)}")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise AccountError(f"User {username!r} already exists")
    generated = None
    if not password:
        password = generated = secrets.token_urlsafe(12)
    if superuser:
        user = User.objects.create_superuser(username=username, password=password, email="")
    else:
        user = User.objects.create_user(username=username, password=password)
    account, _ = Account.objects.get_or_create(name=account_name or DEFAULT_ACCOUNT_NAME)
    Membership.objects.create(user=user, account=account, role=role)
    return user, generated


def create_access_key(username: str, account_name: str | None = None) -> AccessKey:
    User = get_user_model()
    try:
        user = User.objects.get(username=username)
    except User.DoesNotExist:
        raise AccountError(f"User {username!r} does not exist") from None
    memberships = Membership.objects.select_related("account").filter(user=user)
    if account_name:
        memberships = memberships.filter(account__name=account_name)
    membership = memberships.first()
    if membership is None:
        raise AccountError(f"User {username!r} belongs to no account" + (f" named {account_name!r}" if account_name else ""))
    return AccessKey.objects.create(user=user, account=membership.account)


def first_admin():
    """The user CLI commands act for by default: the first superuser, else the first account admin."""
    User = get_user_model()
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if user is None:
        m = Membership.objects.filter(role=Role.ADMIN, user__is_active=True).select_related("user").order_by("id").first()
        user = m.user if m else None
    return user
