"""Authenticate a signed API request: key lookup, key state, timestamp window, signature, nonce replay."""
from __future__ import annotations

import logging

from django.utils import timezone

from rosconsole.accounts.models import AccessKey, Membership
from stacks.api import signing
from stacks.api.context import Caller
from stacks.api.errors import ApiError

log = logging.getLogger(__name__)
NONCE_TTL_SECONDS = int(signing.TIMESTAMP_WINDOW.total_seconds()) * 2  # covers a timestamp 15 min either side


def authenticate(req: signing.SignedRequest) -> Caller:
    creds = signing.inspect(req)
    key = (AccessKey.objects.select_related("user", "account")
           .filter(access_key_id=creds.access_key_id).first())
    if key is None:
        raise ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    if not key.is_usable():
        raise ApiError("InvalidAccessKeyId.Inactive",
                       "Specified access key is disabled: it was revoked, it expired, or its user was deactivated.")
    signing.check_timestamp(creds.timestamp)
    signing.verify(req, key.secret)
    membership = Membership.objects.filter(user=key.user, account=key.account).first()
    if membership is None:
        raise ApiError("Forbidden", "The user of this access key is no longer a member of its account.")
    claim_nonce(creds.access_key_id, creds.nonce)
    AccessKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return Caller(access_key=key, account=key.account, user=key.user, membership=membership, scheme=creds.scheme)


def claim_nonce(access_key_id: str, nonce: str) -> None:
    """SET NX: a nonce works once per access key within the timestamp window."""
    from rosconsole.redis import get_redis

    if len(nonce) > 128:
        raise ApiError("InvalidParameter", "The specified parameter SignatureNonce is invalid, it exceeds 128 characters.")
    fresh = get_redis().set(f"rosconsole:api:nonce:{access_key_id}:{nonce}", "1", nx=True, ex=NONCE_TTL_SECONDS)
    if not fresh:
        raise ApiError("SignatureNonceUsed", "Specified signature nonce was used already.")
