"""Who is calling: verify an FC-signed request (fc-spec §7.4) and resolve its AccessKey's account.

`authenticate(request)` serves the API (path-only resource); `authenticate(request, proxy=True)`
serves function-auth HTTP triggers (path + sorted query parameters).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote_plus

from django.http import HttpRequest
from django.utils import timezone

from fcruntime import errors
from fcruntime.api import errors as api_errors
from fcruntime.api import signing
from rosconsole.accounts.models import AccessKey, Account, Membership, Role

WRITE_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    account: Account
    user: object
    access_key: AccessKey
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def scope(self) -> str:
        return self.access_key.scope


def _signed_headers(request: HttpRequest) -> dict[str, str]:
    return {k.lower(): v for k, v in request.headers.items()}


def proxy_queries(raw_query: str) -> list[tuple[str, list[str]]]:
    """The raw query string as the signer saw it: `k=v` pairs decoded, bare `k` kept as a key alone."""
    pairs: list[tuple[str, list[str]]] = []
    for part in raw_query.split("&"):
        if not part:
            continue
        if "=" in part:
            key, value = part.split("=", 1)
            pairs.append((unquote_plus(key), [unquote_plus(value)]))
        else:
            pairs.append((unquote_plus(part), []))
    return pairs


def _check_date(headers: dict[str, str]) -> None:
    raw = headers.get("date")
    if not raw:
        raise api_errors.MissingRequiredHeader("Date")
    when = signing.parse_http_date(raw)
    if when is None:
        raise api_errors.InvalidHeader(f"the Date header '{raw}' is not an RFC 1123 date")
    if not signing.date_within_skew(when):
        raise api_errors.RequestTimeTooSkewed(
            f"the difference between the request time '{raw}' and the server's time is more than 15 minutes")


def _resolve_key(access_key_id: str) -> tuple[AccessKey, Membership]:
    key = AccessKey.objects.select_related("user", "account").filter(access_key_id=access_key_id).first()
    if key is None or not key.is_usable():
        raise api_errors.InvalidAccessKeyID(access_key_id)
    membership = Membership.objects.filter(user=key.user, account=key.account).first()
    if membership is None:
        raise errors.AccessDenied(
            f"the user of access key '{access_key_id}' is no longer a member of account {key.account.account_id}")
    return key, membership


def authenticate(request: HttpRequest, proxy: bool = False) -> Caller:
    headers = _signed_headers(request)
    raw_auth = headers.get("authorization")
    if not raw_auth:
        raise api_errors.MissingRequiredHeader("Authorization")
    _check_date(headers)
    parsed = signing.parse_authorization(raw_auth)
    if parsed is None:
        raise api_errors.SignatureNotMatch("the Authorization header must look like 'FC <AccessKeyId>:<Signature>'")
    key, membership = _resolve_key(parsed.access_key_id)
    queries = proxy_queries(request.META.get("QUERY_STRING", "")) if proxy else None
    resource = signing.canonical_resource(request.path, queries)
    text = signing.string_to_sign(request.method or "GET", headers, resource)
    if not signing.signatures_match(key.secret, text, parsed.signature):
        raise api_errors.SignatureNotMatch()
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > _TOUCH_EVERY:
        AccessKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return Caller(account=key.account, user=key.user, access_key=key, membership=membership)


def check_content_md5(request: HttpRequest, body: bytes) -> None:
    value = request.headers.get("Content-MD5")
    if value and not signing.content_md5_matches(value, body):
        raise api_errors.InvalidDigest()


def check_role(caller: Caller, method: str) -> None:
    if method.upper() in WRITE_METHODS and not caller.membership.allows(Role.OPERATOR):
        raise errors.AccessDenied(f"this action needs the operator role; you are {caller.role}")
