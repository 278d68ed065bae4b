"""Content-addressed code blobs: `<ROSCONSOLE_DATA_DIR>/blobs/<checksum>.zip`, each stored once.

The key is the CRC-64/XZ decimal checksum FC reports as codeChecksum. A CRC is not collision
proof, so on a key hit with different bytes we keep the first blob and store the newcomer under
`<checksum>-<sha256 prefix>.zip`; `path_for()` always gets the name stored on the row.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
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


def put(data: bytes, checksum: str | None = None) -> Blob:
    """Store `data` once per content and return its Blob."""
    checksum = checksum or checksum_of(data)
    key = checksum
    path = blob_dir() / f"{key}.zip"
    if path.exists() and not _same(path, data):
        key = f"{checksum}-{hashlib.sha256(data).hexdigest()[:16]}"
        path = blob_dir() / f"{key}.zip"
    if not path.exists():
        _write_atomic(path, data)
    return Blob(checksum=checksum, key=key, size=len(data))


def path_for(key: str) -> Path:
    return blob_dir() / f"{key}.zip"


def read(key: str) -> bytes:
    return path_for(key).read_bytes()


def exists(key: str) -> bool:
    return path_for(key).exists()
