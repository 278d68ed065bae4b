"""The SDKs real FC Python runtimes ship (aliyunsdkcore, oss2, aliyunsdksts ...), offered to Python
functions as a read-only layer under /opt/python, below the function's own layers (later layers win).

`make` installs requirements-fc-runtime.txt with `pip install --target <venv>/fc-runtime-libs/python`
(ROSCONSOLE_FC_RUNTIME_LIBS names another directory). The executor takes layers as ZIPs, so the directory
is zipped once per content into `<venv>/fc-runtime-libs-<digest>.zip` (or the data dir); the pool unpacks it
once per host.
Without the directory, functions simply run without the SDKs.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

from django.conf import settings

from fcruntime.executor.spec import PYTHON_RUNTIMES

_lock = threading.Lock()


def libs_dir() -> Path:
    """The directory holding `python/<packages>` (the /opt layout)."""
    return Path(os.environ.get("ROSCONSOLE_FC_RUNTIME_LIBS") or Path(sys.prefix) / "fc-runtime-libs")


def _digest(root: Path) -> str:
    """Content key: the installed distributions (name + version come from the dist-info dir names)."""
    h = hashlib.sha256()
    for entry in sorted((root / "python").glob("*.dist-info")):
        h.update(entry.name.encode() + b"\n")
    return h.hexdigest()[:20]


def _build(root: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".libs-", suffix=".zip", dir=dest.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for path in sorted((root / "python").rglob("*")):
                rel = path.relative_to(root).as_posix()
                if "__pycache__" in rel or not path.is_file() or path.is_symlink():
                    continue
                zf.write(path, rel)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _zip_for(root: str, digest: str, build: bool = True) -> str | None:
    """Next to the libraries (stable across data dirs, so the pool's unpacked copy is reused), else the data dir.
    Without `build`, only an existing ZIP (else None)."""
    for dest in (Path(root).parent / f"fc-runtime-libs-{digest}.zip",
                 Path(settings.DATA_DIR) / "runtime-libs" / f"{digest}.zip"):
        if dest.exists():
            return str(dest)
        if not build:
            continue
        try:
            with _lock:
                if not dest.exists():
                    _build(Path(root), dest)
            return str(dest)
        except OSError:
            continue
    if not build:
        return None
    raise OSError(f"cannot write the runtime-libs layer for {root}")


def layers_for(runtime: str, build: bool = True) -> tuple[str, ...]:
    """() or (zip path,): the SDK layer for a Python runtime, when the libraries are installed.
    `build=False` (the garbage collector) never writes the ZIP: () when it does not exist yet."""
    if runtime not in PYTHON_RUNTIMES:
        return ()
    root = libs_dir()
    if not (root / "python").is_dir():
        return ()
    digest = _digest(root)
    if not digest:
        return ()
    if not build:
        path = _zip_for(str(root), digest, build=False)
        return (path,) if path else ()
    return (_zip_for(str(root), digest),)
