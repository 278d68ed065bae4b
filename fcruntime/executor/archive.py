"""Code package checks and safe extraction.

``check_archive`` validates a ZIP *before* anything is unpacked:
no absolute paths, no ``..``, no symlink leaving the package, at most
``MAX_ENTRIES`` entries and ``MAX_UNCOMPRESSED`` bytes, no overlapping entries,
no suspicious compression ratio, and every entry really decompresses to its
declared size (streamed, bounded; lying headers are refused).
"""
from __future__ import annotations

import io
import os
import posixpath
import shutil
import stat
import tempfile
import zipfile
import zlib

MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_RATIO = 200          # per entry, only checked above RATIO_MIN_SIZE
RATIO_MIN_SIZE = 10 * 1024 * 1024
MAX_SYMLINK_TARGET = 4096


class ArchiveError(ValueError):
    def __init__(self, message: str, code: str = "InvalidArgument"):
        super().__init__(message)
        self.code = code
        self.message = message


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _norm_name(name: str) -> str:
    if "\x00" in name:
        raise ArchiveError(f"Invalid file name in code package: {name!r}")
    unix = name.replace("\\", "/")
    if unix.startswith("/") or (len(unix) > 1 and unix[1] == ":"):
        raise ArchiveError(f"Absolute path in code package is not allowed: {name}")
    if ".." in unix.split("/"):
        raise ArchiveError(f"Path traversal ('..') in code package is not allowed: {name}")
    return unix


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, sink=None) -> int:
    """Stream one entry, enforcing its declared size and the global budget."""
    total = 0
    try:
        with zf.open(info) as src:
            while True:
                chunk = src.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > info.file_size or total > budget:
                    raise ArchiveError(
                        f"Code package entry {info.filename} decompresses beyond its declared "
                        "size (possible zip bomb)")
                if sink is not None:
                    sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ArchiveError(f"Code package entry {info.filename} is corrupt: {exc}") from None
    if total != info.file_size:
        raise ArchiveError(f"Code package entry {info.filename} size does not match its header")
    return total


def _entries(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ArchiveError(f"Code package has too many entries ({len(infos)} > {MAX_ENTRIES})")
    declared = 0
    for info in infos:
        _norm_name(info.filename)
        declared += info.file_size
        if declared > MAX_UNCOMPRESSED:
            raise ArchiveError("Code package uncompressed size exceeds 500 MB")
        if (info.file_size > RATIO_MIN_SIZE
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise ArchiveError(f"Code package entry {info.filename} has a suspicious "
                               "compression ratio (possible zip bomb)")
    spans = sorted((i.header_offset, i.compress_size, i.filename) for i in infos)
    end = -1
    for offset, size, name in spans:
        if offset < end:
            raise ArchiveError(f"Code package entries overlap at {name} (possible zip bomb)")
        end = offset + 30 + len(name) + size  # chars <= bytes: a lower bound
    return infos


def _check_symlink(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    if info.file_size > MAX_SYMLINK_TARGET:
        raise ArchiveError(f"Symlink {info.filename} has an oversized target")
    target = zf.read(info).decode("utf-8", "replace")
    name = _norm_name(info.filename).rstrip("/")
    if target.startswith("/") or "\x00" in target:
        raise ArchiveError(f"Symlink {info.filename} points outside the code package")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
    if resolved == ".." or resolved.startswith("../"):
        raise ArchiveError(f"Symlink {info.filename} points outside the code package")
    return target


def _open(data: bytes | str) -> zipfile.ZipFile:
    try:
        src = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
        return zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveError(f"Code package is not a valid zip file: {exc}") from None


def check_archive(data: bytes) -> None:
    """Raise ArchiveError unless ``data`` is a safe ZIP to unpack."""
    with _open(data) as zf:
        budget = MAX_UNCOMPRESSED
        for info in _entries(zf):
            if _is_symlink(info):
                _check_symlink(zf, info)
            if not info.is_dir():
                budget -= _read_entry(zf, info, budget)


def unpack(zip_path: str, dest: str) -> str:
    """Check and extract ``zip_path`` into ``dest`` (created; must not exist), read-only."""
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".unpack-", dir=parent)
    try:
        with _open(zip_path) as zf:
            budget = MAX_UNCOMPRESSED
            for info in _entries(zf):
                name = _norm_name(info.filename)
                target = os.path.join(tmp, *[p for p in name.split("/") if p not in ("", ".")])
                if info.is_dir():
                    os.makedirs(target, exist_ok=True)
                    continue
                os.makedirs(os.path.dirname(target), exist_ok=True)
                if _is_symlink(info):
                    os.symlink(_check_symlink(zf, info), target)
                    continue
                with open(target, "wb") as out:
                    budget -= _read_entry(zf, info, budget, out)
                mode = (info.external_attr >> 16) & 0o777
                os.chmod(target, 0o555 if mode & 0o111 else 0o444)
        for root, dirs, _files in os.walk(tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o555)
        os.chmod(tmp, 0o555)
        try:
            os.rename(tmp, dest)
        except OSError:
            if not os.path.isdir(dest):
                raise
            make_removable(tmp)
            shutil.rmtree(tmp, ignore_errors=True)  # lost a race: same content exists
        return dest
    except BaseException:
        make_removable(tmp)
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def make_removable(path: str) -> None:
    for root, dirs, _files in os.walk(path):
        os.chmod(root, 0o755)
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o755)
            except OSError:
                pass


def zip_source(runtime: str, source_code: str) -> bytes:
    """Build the ZIP ROS makes from inline ``Code.SourceCode``."""
    if runtime.startswith("nodejs"):
        name = "index.js"
    elif runtime.startswith("python"):
        name = "index.py"
    else:
        name = "index"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o100755 if name == "index" else 0o100644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, source_code.encode("utf-8"))
    return buf.getvalue()
