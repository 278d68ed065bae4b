"""Configuration read from the environment (12-factor).

Every setting has one reader here, so settings.py, the launcher and the tests agree on
defaults. Nothing here imports Django.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the user."""


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def data_dir() -> Path:
    path = Path(os.environ.get("ROSCONSOLE_DATA_DIR") or BASE_DIR / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def port() -> int:
    return env_int("PORT", 8000)


def public_url() -> str:
    return (os.environ.get("ROSCONSOLE_PUBLIC_URL") or f"http://127.0.0.1:{port()}").rstrip("/")


def embedded_redis_socket() -> Path:
    return data_dir() / "redis.sock"


def redis_url() -> str:
    """The redis-py URL: REDIS_URL, or the embedded server's unix socket in the data dir."""
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        return f"unix://{embedded_redis_socket()}"
    scheme = urlparse(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"REDIS_URL={url!r} must start with redis://, rediss:// or unix://")
    return url


def uses_embedded_redis() -> bool:
    return not os.environ.get("REDIS_URL", "").strip()


def celery_url(url: str) -> str:
    """Celery/kombu spell unix sockets as redis+socket://."""
    if url.startswith("unix://"):
        return "redis+socket://" + url[len("unix://"):]
    return url


def secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = data_dir() / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    os.chmod(path, 0o600)
    return path.read_text().strip()


def database_config() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir() / "db.sqlite3"),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
            },
            "TEST": {"NAME": str(data_dir() / "test-db.sqlite3")},
        }
    import dj_database_url

    scheme = urlparse(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(f"DATABASE_URL={url!r}: only postgresql:// and sqlite:// are supported")
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # dj_database_url raises several types
        raise ConfigError(f"DATABASE_URL={url!r} cannot be parsed: {exc}") from None
    return config


def allowed_hosts() -> list[str]:
    raw = os.environ.get("ALLOWED_HOSTS", "")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    host = urlparse(public_url()).hostname
    return hosts or ["127.0.0.1", "localhost", "[::1]", "testserver", host or "127.0.0.1"]
