"""`make run`: check the configuration, prepare the database, then start web, worker and scheduler.

Each failure is one clear line, never a traceback. Running it again reuses what exists.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from rosconsole import config, embedded_redis


def fail(message: str) -> int:
    print(f"rosconsole: {message}", file=sys.stderr)
    return 1


def check_redis(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:
        return f"cannot reach Redis at {url}: {exc}"
    return None


def check_database() -> str | None:
    import django
    from django.db import connection

    django.setup()
    try:
        connection.ensure_connection()
    except Exception as exc:
        return f"cannot reach the database ({config.database_config().get('ENGINE')}): {str(exc).strip().splitlines()[0]}"
    return None


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True, cwd=config.BASE_DIR)


def run_processes(env: dict) -> int:
    """honcho (web, worker, scheduler) until it stops; if the launcher itself is stopped first
    (SIGTERM, Ctrl-C), honcho is told to stop its processes and waited for, so nothing outlives the
    embedded Redis that `main` stops next."""
    proc = subprocess.Popen([sys.executable, "-m", "honcho", "start", "-f", "Procfile"], cwd=config.BASE_DIR, env=env)
    try:
        return proc.wait()
    finally:
        stop_processes(proc)


def stop_processes(proc: subprocess.Popen, grace_s: float = 20.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # honcho terminates its processes, then kills what is left after 10 s
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosconsole.settings")
    # SIGTERM (from a supervisor or `timeout`) unwinds like Ctrl-C, so the embedded Redis stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        data_dir = config.data_dir()
        redis_url = config.redis_url()
        config.database_config()
        port = config.port()
    except config.ConfigError as exc:
        return fail(str(exc))
    redis_proc = None
    try:
        if config.uses_embedded_redis():
            try:
                redis_proc = embedded_redis.start(data_dir)
            except embedded_redis.EmbeddedRedisError as exc:
                return fail(f"cannot start the embedded Redis: {exc}")
        problem = check_redis(redis_url) or check_database()
        if problem:
            return fail(problem)
        manage("migrate", "--noinput", "-v", "0")
        manage("ensure_admin")
        manage("collectstatic", "--noinput", "-v", "0")
        env = dict(os.environ, PORT=str(port), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        print(f"rosconsole: serving on {config.public_url()} (data in {data_dir}); Ctrl-C stops everything", flush=True)
        return run_processes(env)
    except subprocess.CalledProcessError as exc:
        return fail(f"{' '.join(exc.cmd[1:])} failed with exit code {exc.returncode}")
    except KeyboardInterrupt:
        return 0
    finally:
        embedded_redis.stop(redis_proc)


if __name__ == "__main__":
    sys.exit(main())
