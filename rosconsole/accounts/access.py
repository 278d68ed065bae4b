"""Who may do what: the account a request acts in, and role checks for views, APIs and the CLI."""
from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied

from rosconsole.accounts.models import Account, Membership, Role

SESSION_ACCOUNT_KEY = "account_id"
SESSION_REGION_KEY = "region"


def membership_for(user: AbstractBaseUser, account_id: str | None = None) -> Membership | None:
    """The user's membership in account_id, or in their first account when none is asked for."""
    if not user.is_authenticated or not user.is_active:
        return None
    qs = Membership.objects.select_related("account").filter(user=user)
    if account_id:
        found = qs.filter(account__account_id=account_id).first()
        if found:
            return found
    return qs.first()


def current_membership(request) -> Membership:
    cached = getattr(request, "_membership", None)
    if cached is not None:
        return cached
    membership = membership_for(request.user, request.session.get(SESSION_ACCOUNT_KEY))
    if membership is None:
        raise PermissionDenied("You are not a member of any account.")
    request._membership = membership
    return membership


def current_account(request) -> Account:
    return current_membership(request).account


def require_role(request, role: str = Role.OPERATOR) -> Membership:
    """Raise 403 unless the user holds at least `role` in the current account."""
    membership = current_membership(request)
    if not membership.allows(role):
        raise PermissionDenied(f"This action needs the {role} role; you are {membership.role}.")
    return membership


def can_change(request) -> bool:
    try:
        return current_membership(request).allows(Role.OPERATOR)
    except PermissionDenied:
        return False
