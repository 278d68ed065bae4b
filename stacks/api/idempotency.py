"""ClientToken: a retried create/update with the same token answers with the first result.

Redis key per account + action + token holds a fingerprint of the request's parameters and the result.
The same token with different parameters is InvalidIdempotenceParameter; a token whose first request
is still running is LastTokenProcessing.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Callable

from stacks.api.context import ApiContext
from stacks.api.errors import ApiError

TTL_SECONDS = 24 * 3600
PENDING = "PENDING"
# Parameters that differ between retries of one logical request.
VOLATILE = {"Signature", "SignatureNonce", "Timestamp", "AccessKeyId", "SignatureMethod", "SignatureVersion",
            "SecurityToken", "Format", "Version", "Action"}


def fingerprint(values: dict[str, str]) -> str:
    stable = sorted((k, v) for k, v in values.items() if k not in VOLATILE)
    return hashlib.sha256(json.dumps(stable).encode("utf-8")).hexdigest()


def once(ctx: ApiContext, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    token = ctx.params.string("ClientToken", max_length=64)
    if not token:
        return run()
    from rosconsole.redis import get_redis

    redis = get_redis()
    key = f"rosconsole:api:token:{ctx.account.account_id}:{ctx.action}:{token}"
    mine = fingerprint(ctx.params.values)
    if not redis.set(key, json.dumps({"fp": mine, "state": PENDING}), nx=True, ex=TTL_SECONDS):
        stored = json.loads(redis.get(key) or "{}")
        if stored.get("fp") != mine:
            raise ApiError("InvalidIdempotenceParameter",
                           "The same ClientToken was used with different request parameters.")
        if stored.get("state") == PENDING:
            raise ApiError("LastTokenProcessing", "The request with the same ClientToken is still being processed.")
        return dict(stored["result"])
    try:
        result = run()
    except BaseException:
        redis.delete(key)
        raise
    redis.set(key, json.dumps({"fp": mine, "state": "DONE", "result": result}), ex=TTL_SECONDS)
    return result
