"""Request signatures of the Alibaba Cloud RPC APIs, as tea-openapi 0.4.6 computes them (pure Python).

Two schemes:
- ACS3-HMAC-SHA256 (the SDK default): headers x-acs-date / x-acs-signature-nonce / x-acs-content-sha256
  and `Authorization: ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`.
- V1 HMAC-SHA1 (`signature_algorithm="v2"` in the SDK, older CLIs): `Signature`, `AccessKeyId`,
  `SignatureNonce`, `Timestamp`, `SignatureMethod`, `SignatureVersion` among the parameters (query + form).

`inspect()` extracts who signed and when without the secret; `verify()` checks the signature with it.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Mapping, Sequence
from urllib.parse import quote

from stacks.api.errors import ApiError

ACS3 = "ACS3-HMAC-SHA256"
V1 = "HMAC-SHA1"
TIMESTAMP_WINDOW = timedelta(minutes=15)
REQUIRED_SIGNED_HEADERS = ("host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256")
_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class SignedRequest:
    """What a signature covers. `query`/`form` are decoded pairs; `headers` has lower-case names."""

    method: str
    path: str = "/"
    query: Sequence[tuple[str, str]] = ()
    form: Sequence[tuple[str, str]] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Credentials:
    scheme: str  # ACS3 | V1
    access_key_id: str
    nonce: str
    timestamp: str


def percent_encode(value: str) -> str:
    """RFC 3986: keep A-Z a-z 0-9 - _ . ~, encode everything else as UTF-8 %XX (space -> %20)."""
    return quote(value, safe="~", encoding="utf-8")


def incomplete(reason: str) -> ApiError:
    return ApiError("IncompleteSignature", f"The request signature does not conform to Aliyun standards. {reason}")


# ---------------------------------------------------------------- V1 (HMAC-SHA1)

def v1_params(req: SignedRequest) -> dict[str, str]:
    params = dict(req.query)
    params.update(dict(req.form))
    return params


def v1_string_to_sign(method: str, params: Mapping[str, str]) -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(params[k])}"
                         for k in sorted(params) if k != "Signature")
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical)}"


def v1_signature(secret: str, string_to_sign: str) -> str:
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


# ---------------------------------------------------------------- ACS3-HMAC-SHA256

@dataclass(frozen=True)
class Authorization:
    algorithm: str
    access_key_id: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> Authorization:
    algorithm, _, rest = value.strip().partition(" ")
    if not algorithm.startswith("ACS3-"):
        raise incomplete("The Authorization header must start with ACS3-HMAC-SHA256.")
    if algorithm != ACS3:
        raise ApiError("UnsupportedSignatureMethod", f"The signature algorithm {algorithm} is not supported; use {ACS3}.")
    parts: dict[str, str] = {}
    for item in rest.split(","):
        key, sep, val = item.strip().partition("=")
        if sep:
            parts[key.strip()] = val.strip()
    missing = [k for k in ("Credential", "SignedHeaders", "Signature") if not parts.get(k)]
    if missing:
        raise incomplete(f"The Authorization header lacks {', '.join(missing)}.")
    signed = tuple(h.strip().lower() for h in parts["SignedHeaders"].split(";") if h.strip())
    return Authorization(algorithm, parts["Credential"], signed, parts["Signature"].lower())


def acs3_canonical_query(query: Sequence[tuple[str, str]]) -> str:
    items = dict(query)
    return "&".join(f"{percent_encode(k)}={percent_encode(items[k])}" for k in sorted(items))


def acs3_canonical_request(method: str, path: str, query: Sequence[tuple[str, str]], headers: Mapping[str, str],
                           signed_headers: Sequence[str], hashed_payload: str) -> str:
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed_headers)
    return "\n".join([method.upper(), path or "/", acs3_canonical_query(query), canonical_headers,
                      ";".join(signed_headers), hashed_payload])


def acs3_string_to_sign(canonical_request: str) -> str:
    return f"{ACS3}\n{hashlib.sha256(canonical_request.encode('utf-8')).hexdigest()}"


def acs3_signature(secret: str, string_to_sign: str) -> str:
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- inspect / verify

def scheme_of(req: SignedRequest) -> str:
    if req.headers.get("authorization", "").strip().startswith("ACS3-"):
        return ACS3
    if "Signature" in dict(req.query) or "Signature" in dict(req.form):
        return V1
    raise incomplete("Neither an ACS3 Authorization header nor a Signature parameter was found.")


def inspect(req: SignedRequest) -> Credentials:
    """Who signed the request, with which nonce and timestamp (nothing is verified yet)."""
    scheme = scheme_of(req)
    if scheme == ACS3:
        auth = parse_authorization(req.headers["authorization"])
        missing = [h for h in REQUIRED_SIGNED_HEADERS if h not in auth.signed_headers]
        if missing:
            raise incomplete(f"SignedHeaders must include {', '.join(missing)}.")
        for name in ("x-acs-date", "x-acs-signature-nonce"):
            if not req.headers.get(name):
                raise incomplete(f"The header {name} is missing.")
        return Credentials(ACS3, auth.access_key_id, req.headers["x-acs-signature-nonce"], req.headers["x-acs-date"])
    params = v1_params(req)
    for name in ("AccessKeyId", "SignatureNonce", "Timestamp"):
        if not params.get(name):
            raise ApiError("MissingParameter", f"The input parameter {name} should be specified.")
    method = params.get("SignatureMethod", V1)
    if method != V1:
        raise ApiError("UnsupportedSignatureMethod", f"The signature method {method} is not supported; use {V1}.")
    version = params.get("SignatureVersion", "1.0")
    if version != "1.0":
        raise incomplete(f"The signature version {version} is not supported; use 1.0.")
    return Credentials(V1, params["AccessKeyId"], params["SignatureNonce"], params["Timestamp"])


def parse_timestamp(value: str) -> datetime:
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ApiError("InvalidTimeStamp.Format",
                   f"Specified time stamp or date value is not well formatted: {value!r} (expected YYYY-MM-DDThh:mm:ssZ in UTC).")


def check_timestamp(value: str, now: datetime | None = None, window: timedelta = TIMESTAMP_WINDOW) -> datetime:
    stamp = parse_timestamp(value)
    now = now or datetime.now(timezone.utc)
    if abs(now - stamp) > window:
        raise ApiError("InvalidTimeStamp.Expired",
                       f"Specified time stamp or date value is expired: {value} is more than "
                       f"{int(window.total_seconds() // 60)} minutes from the server time "
                       f"{now.strftime('%Y-%m-%dT%H:%M:%SZ')}.")
    return stamp


def verify(req: SignedRequest, secret: str) -> None:
    """Raise SignatureDoesNotMatch unless the request was signed with `secret`."""
    if scheme_of(req) == ACS3:
        _verify_acs3(req, secret)
    else:
        _verify_v1(req, secret)


def _verify_v1(req: SignedRequest, secret: str) -> None:
    params = v1_params(req)
    string_to_sign = v1_string_to_sign(req.method, params)
    expected = v1_signature(secret, string_to_sign)
    if not hmac.compare_digest(expected, params.get("Signature", "")):
        raise ApiError("SignatureDoesNotMatch",
                       f"Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}")


def _verify_acs3(req: SignedRequest, secret: str) -> None:
    auth = parse_authorization(req.headers["authorization"])
    hashed = hashlib.sha256(req.body).hexdigest()
    declared = req.headers.get("x-acs-content-sha256", "").strip().lower()
    if declared != hashed:
        raise ApiError("SignatureDoesNotMatch",
                       "The x-acs-content-sha256 header does not match the SHA-256 of the request body.")
    canonical = acs3_canonical_request(req.method, req.path, req.query, req.headers, auth.signed_headers, hashed)
    string_to_sign = acs3_string_to_sign(canonical)
    expected = acs3_signature(secret, string_to_sign)
    if not hmac.compare_digest(expected, auth.signature):
        raise ApiError("SignatureDoesNotMatch",
                       "Specified signature does not match our calculation. "
                       f"The server string to sign is:{string_to_sign} ; canonical request:{canonical}")
