"""Content-addressed code blobs: `<ROSCONSOLE_DATA_DIR>/blobs/<checksum>.zip`, each stored once.

The key is the CRC-64/XZ decimal checksum FC reports as codeChecksum. A CRC is not collision
proof, so on a key hit with different bytes we keep the first blob and store the newcomer under
`<checksum>-<sha256 prefix>.zip`; `path_for()` always gets the name stored on the row.

Blobs are shared by content, so only the garbage collector (fcruntime.services.gc) removes them,
once no function, version or layer names them. A row names a blob only after `put()` returned, so
`put()` marks a reused blob as just used by setting its access time (never its mtime: the
executor keys unpacked trees on it), and `remove_unused()` spares blobs used within its grace
period; it renames a blob aside before a last look, so a `put()` racing with it either sees the
blob gone and writes it again, or is seen and the blob is put back.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from fcruntime.executor.checksum import crc64


@dataclass(frozen=True)
class Blob:
    checksum: str  # CRC-64 decimal string
    key: str  # file stem under blobs/
    size: int

    @property
    def path(self) -> Path:
        return blob_dir() / f"{self.key}.zip"


def blob_dir() -> Path:
    path = Path(settings.DATA_DIR) / "blobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def spool_dir() -> Path:
    """Large invocation events wait here until their worker reads them."""
    path = Path(settings.DATA_DIR) / "spool"
    path.mkdir(parents=True, exist_ok=True)
    return path


def checksum_of(data: bytes) -> str:
    return str(crc64(data))


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".blob-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _touch(path: Path) -> bool:
    """Mark an existing blob as just used (atime only); False when it is gone."""
    try:
        st = path.stat()
        os.utime(path, ns=(time.time_ns(), st.st_mtime_ns))
        return True
    except FileNotFoundError:
        return False
    except OSError:  # not ours to touch (another user's data dir): the grace period still applies
        return True


def put(data: bytes, checksum: str | None = None) -> Blob:
    """Store `data` once per content and return its Blob."""
    checksum = checksum or checksum_of(data)
    key = checksum
    path = blob_dir() / f"{key}.zip"
    if path.exists() and not _same(path, data):
        key = f"{checksum}-{hashlib.sha256(data).hexdigest()[:16]}"
        path = blob_dir() / f"{key}.zip"
    if not (path.exists() and _touch(path)):
        _write_atomic(path, data)
    return Blob(checksum=checksum, key=key, size=len(data))


def _last_used(st: os.stat_result) -> float:
    return max(st.st_mtime, st.st_atime)


def remove_unused(key: str, grace_s: float, dry_run: bool = False) -> int | None:
    """Remove blob `key`, which the caller found unreferenced, unless it was written or reused in
    the last `grace_s` seconds. Returns its size when removed (or removable, on a dry run)."""
    path = path_for(key)
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if time.time() - _last_used(st) < grace_s:
        return None
    if dry_run:
        return st.st_size
    aside = path.with_name(f".gc-{key}-{uuid.uuid4().hex[:8]}.zip")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return None
    if time.time() - _last_used(aside.stat()) < grace_s:  # put() reused it meanwhile: put it back
        try:
            os.link(aside, path)
        except FileExistsError:  # put() already wrote it again
            pass
        os.unlink(aside)
        return None
    os.unlink(aside)
    return st.st_size


def path_for(key: str) -> Path:
    return blob_dir() / f"{key}.zip"


def read(key: str) -> bytes:
    return path_for(key).read_bytes()


def exists(key: str) -> bool:
    return path_for(key).exists()
