"""Child-side process setup shared by every runtime (stdlib only).

Runs inside the instance process *before* any function code is loaded, while
it may still be root: private mounts (zygote mode), resource limits, dropping
to an unprivileged uid, no_new_privs, scrubbed environment, working directory.
Also holds the length-prefixed frame channel used by the Python bootstrap and
the custom-runtime shim.

Frame protocol: every message is two frames, each a 4-byte big-endian length
followed by the bytes: first a JSON header, then a raw body (may be empty).
"""
from __future__ import annotations

import json
import os
import resource
import signal
import struct
import threading

try:  # import while still privileged: after the uid drop the stdlib may be unreadable
    import ctypes
except ImportError:  # pragma: no cover
    ctypes = None

_LEN = struct.Struct(">I")

CLONE_NEWNS = 0x00020000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4


class Channel:
    def __init__(self, rfd: int, wfd: int):
        self.rfd = rfd
        self.wfd = wfd
        self.lock = threading.Lock()

    def _read_exact(self, n: int) -> bytes | None:
        chunks = []
        while n:
            chunk = os.read(self.rfd, min(n, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _frame(self) -> bytes | None:
        raw = self._read_exact(4)
        if raw is None:
            return None
        (n,) = _LEN.unpack(raw)
        return self._read_exact(n) if n else b""

    def read(self) -> tuple[dict, bytes] | None:
        head = self._frame()
        if head is None:
            return None
        body = self._frame()
        if body is None:
            return None
        return json.loads(head), body

    def send(self, head: dict, body: bytes = b"", timeout: float = -1) -> bool:
        h = json.dumps(head).encode()
        data = b"".join((_LEN.pack(len(h)), h, _LEN.pack(len(body)), body))
        if not self.lock.acquire(timeout=timeout):
            return False
        try:
            view = memoryview(data)
            while view:
                n = os.write(self.wfd, view)
                view = view[n:]
        finally:
            self.lock.release()
        return True


def _libc():
    if ctypes is None:
        raise OSError("ctypes unavailable")
    return ctypes.CDLL(None, use_errno=True)


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def do_mounts(ops: list) -> None:
    """Apply mount operations in a fresh mount namespace (needs CAP_SYS_ADMIN)."""
    if not ops:
        return
    libc = _libc()
    m = libc.mount

    def mount(src, dst, fstype, flags, data=None):
        _check(m(src and src.encode(), dst.encode(), fstype and fstype.encode(), flags,
                 data and data.encode()), f"mount {dst}")

    _check(libc.unshare(CLONE_NEWNS), "unshare")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    for op in ops:
        kind = op[0]
        if kind == "bind":  # ["bind", src, dst, readonly]
            _, src, dst, ro = op
            mount(src, dst, None, MS_BIND | MS_REC)
            if ro:
                mount(None, dst, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
        elif kind == "tmpfs":  # ["tmpfs", dst, options, [paths under dst to keep (ro)]]
            dst, opts = op[1], op[2]
            keep = [k for k in (op[3] if len(op) > 3 else []) if os.path.isdir(k)]
            fds = [os.open(k, os.O_PATH | os.O_DIRECTORY) for k in keep]
            if os.path.isdir(dst):
                mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, opts)
            for k, fd in zip(keep, fds):
                os.makedirs(k, mode=0o755, exist_ok=True)
                mount(f"/proc/self/fd/{fd}", k, None, MS_BIND | MS_REC)
                mount(None, k, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
                os.close(fd)
        elif kind == "proc":
            try:
                mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
            except OSError:
                pass


def setup_process(init: dict) -> None:
    """Mounts, rlimits, identity, environment, cwd. Raises on failure."""
    os.umask(0o022)
    do_mounts(init.get("mounts") or [])
    for name, (soft, hard) in (init.get("rlimits") or {}).items():
        resource.setrlimit(getattr(resource, name), (soft, hard))
    # exceeding RLIMIT_FSIZE should fail the write (EFBIG), not kill the instance
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    uid = init.get("uid")
    if uid is not None and os.getuid() == 0:
        gid = init.get("gid", uid)
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    try:
        libc = _libc()
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if init.get("pdeathsig"):
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass
    os.environ.clear()
    os.environ.update(init.get("env") or {})
    cwd = init.get("cwd")
    if cwd:
        os.chdir(cwd)


def fatal(chan: Channel, message: str) -> None:
    chan.send({"op": "fatal", "message": message})
    os._exit(70)
