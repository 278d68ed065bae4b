"""Machine-wide leases on the unprivileged uids that instances run as.

Every prefork worker process has its own InstancePool, and an instance is cleaned up by killing
every process of its uid. Two pools must therefore never hand out the same uid at once. A lease
is an exclusive flock on `<LEASE_DIR>/<uid>.lock`: the kernel drops it when the holder closes
the file or dies, so a killed worker never leaks a uid.
"""
from __future__ import annotations

import fcntl
import os
import random
import threading

LEASE_DIR = os.environ.get("ROSCONSOLE_FC_UID_LEASES", "/var/tmp/rosconsole-fc-uids")


class UidLeases:
    def __init__(self, base: int, span: int, lease_dir: str = LEASE_DIR):
        self.base, self.span, self.lease_dir = base, span, lease_dir
        self._held: dict[int, int] = {}
        self._lock = threading.Lock()
        # Start each pool at a random offset so pools rarely probe the same files.
        self._cursor = random.randrange(span)

    def acquire(self) -> int:
        os.makedirs(self.lease_dir, mode=0o700, exist_ok=True)
        with self._lock:
            for _ in range(self.span):
                uid = self.base + self._cursor
                self._cursor = (self._cursor + 1) % self.span
                if uid in self._held:
                    continue
                fd = os.open(os.path.join(self.lease_dir, f"{uid}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                self._held[uid] = fd
                return uid
        raise RuntimeError(f"no free instance uid in {self.base}..{self.base + self.span - 1}")

    def release(self, uid: int) -> None:
        with self._lock:
            fd = self._held.pop(uid, None)
        if fd is not None:
            os.close(fd)  # closing drops the flock

    def release_all(self) -> None:
        with self._lock:
            held, self._held = self._held, {}
        for fd in held.values():
            os.close(fd)

    def held(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._held)
