"""On-disk layout for unpacked code: ``<work_dir>/{runtime,code,layers}``.

Code and layers are unpacked once per (path, size, mtime, checksum) and shared,
read-only, by every instance of that code. The runtime bootstrap files are
copied here so instances never need to see the project checkout.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .archive import make_removable, unpack

RUNTIME_SRC = Path(__file__).resolve().parent / "runtimes"
_lock = threading.Lock()


def default_work_dir() -> str:
    env = os.environ.get("ROSCONSOLE_FC_WORK_DIR")
    if env:
        return env
    if os.geteuid() == 0:
        return "/var/tmp/rosconsole-fc"
    return os.path.join(tempfile.gettempdir(), f"rosconsole-fc-{os.getuid()}")


def _file_key(path: str, checksum: str = "") -> str:
    st = os.stat(path)
    raw = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}|{checksum}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


class WorkDir:
    def __init__(self, root: str | None = None):
        self.root = os.path.abspath(root or default_work_dir())
        self.code_root = os.path.join(self.root, "code")
        self.layers_root = os.path.join(self.root, "layers")
        self.runtime_dir = os.path.join(self.root, "runtime")
        for d in (self.root, self.code_root, self.layers_root):
            os.makedirs(d, exist_ok=True)
            os.chmod(d, 0o755)
        self._install_runtime()

    def _install_runtime(self) -> None:
        digest = hashlib.sha256()
        files = sorted(p for p in RUNTIME_SRC.iterdir() if p.suffix in (".py", ".js"))
        for p in files:
            digest.update(p.name.encode() + p.read_bytes())
        target = os.path.join(self.root, f"runtime-{digest.hexdigest()[:12]}")
        with _lock:
            if not os.path.isdir(target):
                tmp = tempfile.mkdtemp(prefix=".rt-", dir=self.root)
                for p in files:
                    shutil.copy2(p, os.path.join(tmp, p.name))
                    os.chmod(os.path.join(tmp, p.name), 0o444)
                os.chmod(tmp, 0o555)
                try:
                    os.rename(tmp, target)
                except OSError:
                    make_removable(tmp)
                    shutil.rmtree(tmp, ignore_errors=True)
        self.runtime_dir = target

    def code(self, zip_path: str, checksum: str = "") -> tuple[str, str]:
        """(absolute dir, name relative to code_root) of the unpacked package."""
        key = _file_key(zip_path, checksum)
        dest = os.path.join(self.code_root, key)
        if not os.path.isdir(dest):
            unpack(zip_path, dest)
        return dest, key

    def layers(self, zips: tuple[str, ...]) -> tuple[str | None, str | None]:
        """Layers merged in order (later ones win) into one read-only /opt tree."""
        if not zips:
            return None, None
        keys = [_file_key(z) for z in zips]
        key = hashlib.sha256("|".join(keys).encode()).hexdigest()[:24]
        dest = os.path.join(self.layers_root, key)
        if os.path.isdir(dest):
            return dest, key
        tmp = tempfile.mkdtemp(prefix=".merge-", dir=self.layers_root)
        try:
            for z, k in zip(zips, keys):
                part = os.path.join(self.layers_root, "part-" + k)
                if not os.path.isdir(part):
                    unpack(z, part)
                shutil.copytree(part, tmp, symlinks=True, dirs_exist_ok=True,
                                copy_function=shutil.copy2)
                make_removable(tmp)
            for r, dirs, _f in os.walk(tmp):
                for d in dirs:
                    os.chmod(os.path.join(r, d), 0o555)
            os.chmod(tmp, 0o555)
            os.rename(tmp, dest)
        except OSError:
            make_removable(tmp)
            shutil.rmtree(tmp, ignore_errors=True)
            if not os.path.isdir(dest):
                raise
        return dest, key
