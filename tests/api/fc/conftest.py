"""FC API fixtures: a live server, AccessKeys for the personas, and `fc2.Client`s bound to them."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import fc2
import pytest
import requests
from fc2.auth import Auth

from rosconsole.accounts.services import create_access_key
from tests.integration.conftest import celery_worker  # noqa: F401  (re-exported fixture)

HELLO_PY = '''\
import json
import logging


def handler(event, context):
    logging.getLogger().info("got %d bytes", len(event))
    if event == b"boom":
        raise ValueError("boom requested")
    return "hello " + (event.decode() or "world")
'''


def write_code(directory: Path, source: str = HELLO_PY) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.py").write_text(source)
    return directory


def zip_of(source: str, path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.py", source)
    return path


@pytest.fixture
def endpoint(live_server, transactional_db) -> str:
    return live_server.url


@pytest.fixture
def alice_key(alice):
    return create_access_key("alice")


@pytest.fixture
def bob_key(bob):
    return create_access_key("bob")


@pytest.fixture
def charlie_key(charlie):
    return create_access_key("charlie")


def client_for(endpoint: str, key) -> fc2.Client:
    return fc2.Client(endpoint=endpoint, accessKeyID=key.access_key_id, accessKeySecret=key.secret, Timeout=60)


@pytest.fixture
def fc(endpoint, alice_key) -> fc2.Client:
    """alice (operator of acme)."""
    return client_for(endpoint, alice_key)


@pytest.fixture
def fc_viewer(endpoint, bob_key) -> fc2.Client:
    """bob (viewer of acme)."""
    return client_for(endpoint, bob_key)


@pytest.fixture
def fc_other(endpoint, charlie_key) -> fc2.Client:
    """charlie (admin of globex, another account)."""
    return client_for(endpoint, charlie_key)


@pytest.fixture
def code_dir(tmp_path) -> Path:
    return write_code(tmp_path / "code")


@pytest.fixture
def service_with_function(fc, code_dir):
    fc.create_service("svc", description="demo")
    fc.create_function("svc", "hello", "python3", "index.handler", codeDir=str(code_dir), timeout=10,
                       memorySize=128)
    return "svc", "hello"


def raw_request(endpoint: str, key, method: str, path: str, *, headers: dict | None = None,
                body: bytes = b"", sign: bool = True, queries: dict | None = None) -> requests.Response:
    """A hand-made request signed like the SDK (for cases the SDK cannot produce). Never retried."""
    client = fc2.Client(endpoint=endpoint, accessKeyID=key.access_key_id, accessKeySecret=key.secret)
    hdrs = client._build_common_headers(method, path, headers or {}) if sign else dict(headers or {})
    return requests.request(method, endpoint + path, headers=hdrs, data=body, params=queries, timeout=30)


def error_of(exc: fc2.FcError) -> dict:
    return json.loads(exc.message)


__all__ = ["Auth", "write_code", "zip_of", "raw_request", "error_of", "client_for", "HELLO_PY"]
