"""Build signed raw requests with the SDK's own signing helpers (an independent oracle for the server)."""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import requests
from alibabacloud_tea_openapi.utils import Utils


def stamp(offset: timedelta = timedelta(0)) -> str:
    return (datetime.now(timezone.utc) + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Req:
    def __init__(self, method: str, query: dict, headers: dict) -> None:
        self.method, self.pathname, self.query, self.headers = method, "/", query, headers


def acs3(endpoint: str, key_id: str, secret: str, action: str, query: dict | None = None, form: dict | None = None,
         *, nonce: str | None = None, date: str | None = None, tamper: str | None = None) -> requests.Response:
    query = dict(query or {})
    body = urlencode(sorted((form or {}).items())) if form else ""
    headers = {"host": endpoint, "x-acs-version": "2019-09-10", "x-acs-action": action,
               "x-acs-date": date or stamp(), "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
               "accept": "application/json",
               "x-acs-content-sha256": hashlib.sha256(body.encode()).hexdigest()}
    if body:
        headers["content-type"] = "application/x-www-form-urlencoded"
    headers["Authorization"] = Utils.get_authorization(_Req("POST", query, headers), "ACS3-HMAC-SHA256",
                                                       headers["x-acs-content-sha256"], key_id, secret)
    if tamper == "query":
        query["Extra"] = "1"
    if tamper == "body":
        body += "&Extra=1"
    return requests.post(f"http://{endpoint}/", params=query, data=body.encode(), headers=headers, timeout=30)


def v1(endpoint: str, key_id: str, secret: str, action: str, params: dict | None = None, *, method: str = "GET",
       nonce: str | None = None, timestamp: str | None = None, tamper: bool = False) -> requests.Response:
    query = {"Action": action, "Version": "2019-09-10", "Format": "JSON", "AccessKeyId": key_id,
             "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
             "SignatureNonce": nonce or uuid.uuid4().hex, "Timestamp": timestamp or stamp(), **(params or {})}
    query["Signature"] = Utils.get_rpcsignature(query, method, secret)
    if tamper:
        query["Extra"] = "1"
    if method == "GET":
        return requests.get(f"http://{endpoint}/", params=query, timeout=30)
    return requests.post(f"http://{endpoint}/", data=query, timeout=30)
