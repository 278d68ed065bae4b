"""The local object store: Object rows (fcruntime.models) with content on disk under
`<ROSCONSOLE_DATA_DIR>/oss/<bucket id>/`, and the OSS triggers that object events fire.

    put_object(bucket, key, data, content_type=None, user_meta=None) -> Object   # fires ObjectCreated:PutObject
    get_object(bucket, key) -> (Object, bytes)
    delete_object(bucket, key) -> bool                                          # fires ObjectRemoved:DeleteObject
    list_objects(bucket, prefix="", marker="", max_keys=1000) -> list[Object]

ETag: the MD5 of the content in upper-case hex (no quotes), as OSS events carry it. Function code given
as Code.OssBucketName/OssObjectName is read from these files (fcruntime.services.code).
"""
from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fcruntime import errors
from fcruntime.models import Bucket, Invocation, Object, Trigger
from fcruntime.triggers import oss as oss_events

log = logging.getLogger(__name__)

MAX_OBJECT_BYTES = 5 * 1024 ** 3  # OSS PutObject limit
MAX_KEY_BYTES = 1023
META_PREFIX = "x-oss-meta-"


def bucket_dir(bucket: Bucket) -> Path:
    path = Path(settings.DATA_DIR) / "oss" / str(bucket.pk)
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_key(key: str) -> str:
    if not isinstance(key, str) or not key or len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise errors.InvalidArgument(f"object key must be 1-{MAX_KEY_BYTES} bytes of UTF-8")
    if key.startswith("/") or key.startswith("\\"):
        raise errors.InvalidArgument(f"object key '{key}' must not start with '/' or '\\'")
    return key


def _meta(user_meta: dict | None) -> dict[str, str]:
    out = {}
    for k, v in (user_meta or {}).items():
        name = str(k).lower()
        out[name[len(META_PREFIX):] if name.startswith(META_PREFIX) else name] = str(v)
    return out


def _write(bucket: Bucket, data: bytes) -> str:
    directory = bucket_dir(bucket)
    fd, tmp = tempfile.mkstemp(prefix=".put-", dir=directory)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    final = directory / uuid.uuid4().hex
    os.replace(tmp, final)
    os.chmod(final, 0o644)
    return str(final)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def put_object(bucket: Bucket, key: str, data: bytes, *, content_type: str | None = None,
               user_meta: dict | None = None, source_ip: str = "127.0.0.1",
               event_name: str = "ObjectCreated:PutObject") -> Object:
    check_key(key)
    data = bytes(data)
    if len(data) > MAX_OBJECT_BYTES:
        raise errors.EntityTooLarge.for_limit(MAX_OBJECT_BYTES)
    content_type = content_type or mimetypes.guess_type(key)[0] or "application/octet-stream"
    etag = hashlib.md5(data).hexdigest().upper()
    path = _write(bucket, data)
    old_path, old_size = "", 0
    with transaction.atomic():
        obj = Object.objects.select_for_update(no_key=True).filter(bucket=bucket, key=key).first()
        if obj is None:
            obj = Object(bucket=bucket, key=key)
        else:
            old_path, old_size = obj.blob_path, obj.size
        obj.size, obj.etag, obj.content_type, obj.user_meta = len(data), etag, content_type, _meta(user_meta)
        obj.blob_path, obj.last_modified = path, timezone.now()
        obj.save()
    if old_path and old_path != path:
        _unlink(old_path)
    fire_event(bucket, obj, event_name, delta_size=obj.size - old_size, source_ip=source_ip)
    return obj


def get_object(bucket: Bucket, key: str) -> tuple[Object, bytes]:
    obj = Object.objects.filter(bucket=bucket, key=key).first()
    if obj is None:
        raise errors.NoSuchKey(bucket.name, key)
    try:
        with open(obj.blob_path, "rb") as f:
            return obj, f.read()
    except OSError as exc:
        raise errors.InternalServerError(f"OSS object '{bucket.name}/{key}' cannot be read: {exc}") from None


def head_object(bucket: Bucket, key: str) -> Object:
    obj = Object.objects.filter(bucket=bucket, key=key).first()
    if obj is None:
        raise errors.NoSuchKey(bucket.name, key)
    return obj


def delete_object(bucket: Bucket, key: str, *, source_ip: str = "127.0.0.1") -> bool:
    """Delete `key`; False when it did not exist (OSS answers 204 either way, and fires no event)."""
    with transaction.atomic():
        obj = Object.objects.select_for_update(no_key=True).filter(bucket=bucket, key=key).first()
        if obj is None:
            return False
        gone = Object(bucket=bucket, key=obj.key, size=obj.size, etag=obj.etag, content_type=obj.content_type,
                      user_meta=obj.user_meta, blob_path=obj.blob_path)
        obj.delete()
    _unlink(gone.blob_path)
    fire_event(bucket, gone, "ObjectRemoved:DeleteObject", delta_size=-gone.size, source_ip=source_ip)
    return True


def list_objects(bucket: Bucket, prefix: str = "", marker: str = "", max_keys: int = 1000) -> list[Object]:
    qs = Object.objects.filter(bucket=bucket)
    if prefix:
        qs = qs.filter(key__startswith=prefix)
    if marker:
        qs = qs.filter(key__gt=marker)
    return list(qs.order_by("key")[:max(1, min(int(max_keys), 1000))])


def delete_all_objects(bucket: Bucket) -> int:
    """Remove every object's file and row (bucket deletion with DeletionForce); fires no events."""
    count = 0
    for obj in Object.objects.filter(bucket=bucket):
        _unlink(obj.blob_path)
        count += 1
    Object.objects.filter(bucket=bucket).delete()
    return count


# --- OSS triggers ---------------------------------------------------------------------------------

def triggers_for(bucket: Bucket) -> list[Trigger]:
    qs = (Trigger.objects.select_related("function", "function__service", "function__service__account")
          .filter(trigger_type="oss", source_arn__endswith=f":{bucket.name}",
                  function__service__account=bucket.account_id))
    return [t for t in qs if oss_events.bucket_of_arn(t.source_arn) == bucket.name]


def fire_event(bucket: Bucket, obj: Object, event_name: str, *, delta_size: int,
               source_ip: str = "127.0.0.1") -> list[Invocation]:
    """Queue one asynchronous invocation per OSS trigger whose events and key filter match."""
    from fcruntime.services.invoke import start_invocation

    invocations = []
    account_id = bucket.account.account_id
    request_id = uuid.uuid4().hex[:24].upper()
    for trigger in triggers_for(bucket):
        if not trigger.enabled or not oss_events.matches(trigger.trigger_config, event_name, obj.key):
            continue
        doc = oss_events.build_event(
            event_name=event_name, region=bucket.region, account_id=account_id, bucket=bucket.name, key=obj.key,
            size=obj.size, delta_size=delta_size, etag=obj.etag, content_type=obj.content_type,
            user_meta=obj.user_meta, when=obj.last_modified or timezone.now(), source_ip=source_ip,
            request_id=request_id, trigger_id=trigger.trigger_id)
        try:
            invocations.append(start_invocation(
                trigger.function, json.dumps(doc, ensure_ascii=False).encode("utf-8"), qualifier=trigger.qualifier,
                async_=True, source=f"trigger:{trigger.name}"))
        except errors.FcError:
            log.exception("OSS trigger %s could not fire", trigger.trigger_id)
    return invocations


__all__ = ["put_object", "get_object", "head_object", "delete_object", "list_objects", "delete_all_objects",
           "fire_event", "triggers_for"]
