"""Suite-wide fixtures: a Redis for the session, and account personas (alice, bob, charlie)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from rosconsole import config, embedded_redis


@pytest.fixture(scope="session", autouse=True)
def redis_for_session():
    """Start the embedded Redis in the session's data dir, unless REDIS_URL names a real one."""
    proc = None
    if config.uses_embedded_redis():
        proc = embedded_redis.start(config.data_dir(), persist=False)
    elif os.environ.get("ROSCONSOLE_TEST_FLUSH_REDIS") == "1":
        import redis

        redis.Redis.from_url(config.redis_url()).flushdb()
    yield config.redis_url()
    embedded_redis.stop(proc)


@pytest.fixture
def make_user(db):
    from rosconsole.accounts.models import Role
    from rosconsole.accounts.services import create_user

    def make(username: str, account: str = "acme", role: str = Role.OPERATOR, password: str = "password-123"):
        user, _ = create_user(username, account_name=account, role=role, password=password)
        return user

    return make


@pytest.fixture
def alice(make_user):
    """Operator in account acme."""
    return make_user("alice", "acme", "operator")


@pytest.fixture
def bob(make_user):
    """Viewer in account acme."""
    return make_user("bob", "acme", "viewer")


@pytest.fixture
def charlie(make_user):
    """Admin of another account, globex."""
    return make_user("charlie", "globex", "admin")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def acme(alice):
    """Alice's account."""
    return alice.memberships.get().account


@pytest.fixture
def bob_client(bob):
    from django.test import Client

    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def charlie_client(charlie):
    from django.test import Client

    client = Client()
    client.force_login(charlie)
    return client


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return repo_root().parent / "shared"


def run_async(coro):
    """asyncio.run in a fresh thread: Playwright's sync API may leave a loop running in this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
