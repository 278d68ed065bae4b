"""Function and layer code: ROS/API `Code` map -> checked ZIP bytes -> content-addressed blob."""
from __future__ import annotations

import base64
import binascii

from fcruntime import blobstore, errors
from fcruntime.executor.archive import ArchiveError, check_archive, zip_source
from fcruntime.models import Bucket, Object
from rosconsole.accounts.models import Account

MAX_CODE_BYTES = 100 * 1024 * 1024  # zip via API/SDK (fc-spec section 2)
MAX_SOURCE_CHARS = 4096


def _get(code: dict, *names: str):
    for name in names:
        if code.get(name) not in (None, ""):
            return code[name]
    return None


def read_oss_object(account: Account, bucket: str, key: str) -> bytes:
    row = Bucket.objects.filter(name=bucket, account=account).first()
    if row is None:
        raise errors.NoSuchBucket(bucket)
    obj = Object.objects.filter(bucket=row, key=key).first()
    if obj is None:
        raise errors.NoSuchKey(bucket, key)
    try:
        with open(obj.blob_path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise errors.InternalServerError(f"OSS object '{bucket}/{key}' cannot be read: {exc}") from None


def code_bytes(account: Account, runtime: str, code: dict | None) -> tuple[bytes, str]:
    """The ZIP for a Code map and the inline source (if any). Priority ZipFile > SourceCode > OSS."""
    if not isinstance(code, dict) or not code:
        raise errors.InvalidArgument("Code is required: give ZipFile, SourceCode or OssBucketName + OssObjectName")
    zip_b64 = _get(code, "ZipFile", "zipFile")
    source = _get(code, "SourceCode", "sourceCode")
    bucket = _get(code, "OssBucketName", "ossBucketName")
    key = _get(code, "OssObjectName", "ossObjectName")
    if zip_b64 is not None:
        if len(zip_b64) > MAX_CODE_BYTES * 4 // 3 + 4:
            raise errors.EntityTooLarge.for_limit(MAX_CODE_BYTES)
        try:
            data = base64.b64decode(str(zip_b64), validate=True)
        except (binascii.Error, ValueError):
            raise errors.InvalidArgument("Code.ZipFile is not valid base64") from None
        return data, ""
    if source is not None:
        if len(str(source)) > MAX_SOURCE_CHARS:
            raise errors.InvalidArgument(f"Code.SourceCode is longer than {MAX_SOURCE_CHARS} characters")
        return zip_source(runtime, str(source)), str(source)
    if bucket or key:
        if not (bucket and key):
            raise errors.InvalidArgument("Code.OssBucketName and Code.OssObjectName must be given together")
        return read_oss_object(account, str(bucket), str(key)), ""
    raise errors.InvalidArgument("Code is required: give ZipFile, SourceCode or OssBucketName + OssObjectName")


def store_zip(data: bytes) -> blobstore.Blob:
    """Check the archive (zip slip, bombs, corrupt entries) and store it once per content."""
    if len(data) > MAX_CODE_BYTES:
        raise errors.EntityTooLarge.for_limit(MAX_CODE_BYTES)
    try:
        check_archive(data)
    except ArchiveError as exc:
        raise errors.InvalidArgument(exc.message) from None
    return blobstore.put(data)


def store_code(account: Account, runtime: str, code: dict | None) -> tuple[blobstore.Blob, str]:
    data, source = code_bytes(account, runtime, code)
    return store_zip(data), source
