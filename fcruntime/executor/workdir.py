"""On-disk layout for unpacked code: ``<work_dir>/{runtime,code,layers,locks}``.

Code and layers are unpacked once per (path, size, mtime, checksum) and shared,
read-only, by every instance of that code. The runtime bootstrap files are
copied here so instances never need to see the project checkout.

Every tree (``code/<key>``, ``layers/<key>`` merged for /opt, ``layers/part-<key>`` one
unpacked layer) has a lock file ``locks/<kind>-<key>.lock``, flocked machine-wide:

- a tree is looked up, unpacked or merged only under a shared flock on its file, and an
  instance keeps that shared flock for its whole life (``TreeLeases``, given back when it is
  killed), so every worker process's pool shows which trees are in use;
- ``collect_trees`` (the garbage collector) removes a tree only under an exclusive,
  non-blocking flock on the same file: a tree in use or being unpacked is skipped, and
  whoever waits for its shared flock meanwhile finds the tree gone and unpacks it again.
  It first renames the tree to ``.gc-*``, so a half-removed tree is never mistaken for an
  unpacked one;
- the lock file's mtime says when the tree was last taken or given back (the grace period
  counts from it), and its text lists the ZIPs the tree came from.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .archive import make_removable, unpack

log = logging.getLogger(__name__)
RUNTIME_SRC = Path(__file__).resolve().parent / "runtimes"
LOCKS = "locks"
TRASH_PREFIX = ".gc-"                        # a tree being removed by the collector
TEMP_PREFIXES = (".unpack-", ".merge-", ".rt-")  # unpacks in progress, or left by a crash
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


def code_key(zip_path: str, checksum: str = "") -> str:
    """The name of ``zip_path``'s tree under ``code/`` (OSError when the ZIP is gone)."""
    return _file_key(zip_path, checksum)


def layer_keys(zips: Iterable[str]) -> tuple[str, list[str]]:
    """(merged tree under ``layers/``, [each layer's ``part-<key>``]) for layers in this order."""
    parts = [_file_key(z) for z in zips]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24], parts


def lock_path(root: str, kind: str, key: str) -> str:
    return os.path.join(root, LOCKS, f"{kind}-{key}.lock")


# --- tree leases ------------------------------------------------------------------------------

def _take(path: str, sources: Iterable[str]) -> int:
    """A shared flock on ``path`` (blocking while the collector removes its tree)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the collector unlinked this file while we waited: lock the new one
    try:
        if os.fstat(fd).st_size == 0:
            os.pwrite(fd, "".join(os.path.abspath(s) + "\n" for s in sources).encode(), 0)
        os.utime(fd)
    except OSError:
        pass
    return fd


def _give_back(fd: int) -> None:
    try:
        os.utime(fd)  # last used now: the collector's grace period counts from here
    except OSError:
        pass
    os.close(fd)


class TreeLeases:
    """The shared flocks an instance holds on the trees it runs from."""

    def __init__(self) -> None:
        self._fds: list[int] = []
        self._lock = threading.Lock()

    def add(self, fd: int) -> None:
        with self._lock:
            self._fds.append(fd)

    def release(self) -> None:
        with self._lock:
            fds, self._fds = self._fds, []
        for fd in fds:
            _give_back(fd)

    def __len__(self) -> int:
        with self._lock:
            return len(self._fds)


def _keep(fd: int, leases: TreeLeases | None) -> None:
    if leases is None:
        _give_back(fd)
    else:
        leases.add(fd)


class WorkDir:
    def __init__(self, root: str | None = None):
        self.root = os.path.abspath(root or default_work_dir())
        self.code_root = os.path.join(self.root, "code")
        self.layers_root = os.path.join(self.root, "layers")
        self.runtime_dir = os.path.join(self.root, "runtime")
        for d in (self.root, self.code_root, self.layers_root):
            os.makedirs(d, exist_ok=True)
            os.chmod(d, 0o755)
        os.makedirs(os.path.join(self.root, LOCKS), mode=0o700, exist_ok=True)
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

    def code(self, zip_path: str, checksum: str = "", leases: TreeLeases | None = None) -> tuple[str, str]:
        """(absolute dir, name relative to code_root) of the unpacked package.
        With ``leases``, the tree stays leased (safe from the collector) until they are released."""
        key = code_key(zip_path, checksum)
        dest = os.path.join(self.code_root, key)
        fd = _take(lock_path(self.root, "code", key), [zip_path])
        try:
            if not os.path.isdir(dest):
                unpack(zip_path, dest)
        except BaseException:
            _give_back(fd)
            raise
        _keep(fd, leases)
        return dest, key

    def layers(self, zips: tuple[str, ...], leases: TreeLeases | None = None) -> tuple[str | None, str | None]:
        """Layers merged in order (later ones win) into one read-only /opt tree."""
        if not zips:
            return None, None
        key, parts = layer_keys(zips)
        dest = os.path.join(self.layers_root, key)
        fd = _take(lock_path(self.root, "layers", key), zips)
        try:
            if not os.path.isdir(dest):
                self._merge(zips, parts, dest)
        except BaseException:
            _give_back(fd)
            raise
        _keep(fd, leases)
        return dest, key

    def _merge(self, zips: tuple[str, ...], parts: list[str], dest: str) -> None:
        tmp = tempfile.mkdtemp(prefix=".merge-", dir=self.layers_root)
        held: list[int] = []
        try:
            for z, k in zip(zips, parts):
                held.append(_take(lock_path(self.root, "part", k), [z]))
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
        except BaseException as exc:
            make_removable(tmp)
            shutil.rmtree(tmp, ignore_errors=True)
            if not (isinstance(exc, OSError) and os.path.isdir(dest)):  # else: lost a race, same content
                raise
        finally:
            for fd in held:
                _give_back(fd)


# --- garbage collection -----------------------------------------------------------------------

@dataclass
class TreeSweep:
    """What collect_trees removed (or would remove, on a dry run)."""

    removed: list[str] = field(default_factory=list)  # "code/<key>", "layers/<key>", "part/<key>"
    bytes: int = 0
    temp_removed: int = 0  # leftovers of crashed unpacks and removals
    temp_bytes: int = 0
    in_use: int = 0        # unreferenced trees skipped because an instance holds them
    errors: int = 0
    skipped: bool = False  # another collector holds the work dir


def _tree_size(path: str) -> int:
    total = 0
    for root, dirs, files in os.walk(path):
        for name in files + dirs:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def _rmtree(path: str) -> None:
    make_removable(path)
    shutil.rmtree(path)


def _sources(lock: str) -> list[str]:
    try:
        with open(lock, encoding="utf-8", errors="replace") as f:
            return [line for line in f.read().splitlines() if line]
    except OSError:
        return []


def try_lock(path: str) -> int | None:
    """An exclusive, non-blocking flock on ``path`` (created 0600, with its directory): the open
    descriptor, which holds it until closed, or None when someone else holds it."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _exclusive(lock: str, create: bool) -> tuple[bool, int | None]:
    """(free, fd): an exclusive non-blocking flock on ``lock``, or free=False when someone holds it.
    Without ``create`` a missing lock file counts as free (nobody can hold it) and fd is None."""
    try:
        fd = os.open(lock, (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY, 0o600)
    except FileNotFoundError:
        return True, None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False, None
    try:
        same = os.fstat(fd).st_ino == os.stat(lock).st_ino
    except FileNotFoundError:
        same = False
    if not same:  # another collector removed it under us
        os.close(fd)
        return False, None
    return True, fd


def _trees(root: str) -> Iterable[tuple[str, str, str, str]]:
    """(parent dir, entry name, kind, key) of every tree and leftover; kind "temp" for leftovers."""
    for parent, part_prefix in ((os.path.join(root, "code"), None), (os.path.join(root, "layers"), "part-")):
        try:
            names = sorted(os.listdir(parent))
        except FileNotFoundError:
            continue
        for name in names:
            if name.startswith("."):
                yield parent, name, "temp", name
            elif part_prefix and name.startswith(part_prefix):
                yield parent, name, "part", name[len(part_prefix):]
            else:
                yield parent, name, "code" if part_prefix is None else "layers", name
    for name in sorted(os.listdir(root)):
        if name.startswith(TEMP_PREFIXES + (TRASH_PREFIX,)):
            yield root, name, "temp", name


def collect_trees(root: str, keep: set[tuple[str, str]], *, grace_s: float, dry_run: bool = False,
                  foreign: Callable[[str], bool] = lambda source: False) -> TreeSweep:
    """Remove the trees under ``root`` that are not in ``keep`` ((kind, key) pairs, kind "code",
    "layers" or "part"), not leased by an instance, and not taken or unpacked for ``grace_s``
    seconds. A tree any of whose ZIPs ``foreign(path)`` claims (another deployment sharing the
    work dir) is kept. Leftover temp dirs older than ``grace_s`` go too."""
    out = TreeSweep()
    if not os.path.isdir(os.path.join(root, "code")):
        return out
    gc_fd = try_lock(os.path.join(root, LOCKS, "gc.lock"))
    if gc_fd is None:
        out.skipped = True
        return out
    try:
        for parent, name, kind, key in _trees(root):
            try:
                if kind == "temp":
                    _sweep_temp(out, os.path.join(parent, name), grace_s, dry_run)
                elif (kind, key) not in keep:
                    _sweep_tree(out, root, parent, name, kind, key, grace_s, dry_run, foreign)
            except OSError as exc:
                out.errors += 1
                log.warning("cannot remove %s: %s", os.path.join(parent, name), exc)
        if not dry_run:
            _sweep_locks(root, grace_s)
    finally:
        os.close(gc_fd)
    return out


def _sweep_temp(out: TreeSweep, path: str, grace_s: float, dry_run: bool) -> None:
    name = os.path.basename(path)
    if not name.startswith(TRASH_PREFIX) and time.time() - os.lstat(path).st_mtime < grace_s:
        return  # an unpack may still be filling it
    size = _tree_size(path) if os.path.isdir(path) else os.lstat(path).st_size
    if not dry_run:
        if os.path.isdir(path):
            _rmtree(path)
        else:
            os.unlink(path)
    out.temp_removed += 1
    out.temp_bytes += size


def _sweep_tree(out: TreeSweep, root: str, parent: str, name: str, kind: str, key: str,
                grace_s: float, dry_run: bool, foreign: Callable[[str], bool]) -> None:
    path = os.path.join(parent, name)
    lock = lock_path(root, kind, key)
    try:
        lock_ns = os.stat(lock).st_mtime_ns
    except FileNotFoundError:
        lock_ns = 0  # unpacked before trees had locks, or by a crashed unpack
    if time.time() - max(os.lstat(path).st_mtime, lock_ns / 1e9) < grace_s:
        return
    if any(foreign(s) for s in _sources(lock)):
        return
    free, fd = _exclusive(lock, create=not dry_run)
    if not free:
        out.in_use += 1
        return
    try:
        if fd is not None:
            st = os.fstat(fd)
            if (st.st_mtime_ns != lock_ns) if lock_ns else st.st_size:
                return  # taken and given back since we looked
        size = _tree_size(path)
        if not dry_run:
            trash = os.path.join(parent, f"{TRASH_PREFIX}{name}-{uuid.uuid4().hex[:8]}")
            os.rename(path, trash)
            os.unlink(lock)  # still holding it: waiters re-open the new file (see _take)
            _rmtree(trash)
        out.removed.append(f"{kind}/{key}")
        out.bytes += size
    finally:
        if fd is not None:
            os.close(fd)


def _sweep_locks(root: str, grace_s: float) -> None:
    """Lock files whose tree never appeared (a failed unpack) and nobody holds."""
    locks = os.path.join(root, LOCKS)
    dirs = {"code": os.path.join(root, "code"), "layers": os.path.join(root, "layers"),
            "part": os.path.join(root, "layers")}
    for name in os.listdir(locks):
        kind, _, rest = name.partition("-")
        if kind not in dirs or not rest.endswith(".lock"):
            continue
        key = rest[: -len(".lock")]
        tree = os.path.join(dirs[kind], ("part-" if kind == "part" else "") + key)
        lock = os.path.join(locks, name)
        try:
            if os.path.exists(tree) or time.time() - os.stat(lock).st_mtime < grace_s:
                continue
            free, fd = _exclusive(lock, create=False)
            if free and fd is not None:
                try:
                    if not os.path.exists(tree):
                        os.unlink(lock)
                finally:
                    os.close(fd)
        except OSError:
            continue
