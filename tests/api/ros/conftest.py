"""The real SDK (alibabacloud-ros20190910) against a live server: both signature schemes.

`live_server` is pytest-django's threaded WSGI server on the test database; the tests that use it
get `transactional_db`, so a Celery worker subprocess (tests.integration.conftest) sees the same rows.
"""
from __future__ import annotations

from typing import Callable

import pytest
from alibabacloud_ros20190910.client import Client
from alibabacloud_tea_openapi import models as open_api_models

from tests.api.ros.schema import record_raw
from tests.integration.conftest import celery_worker  # noqa: F401  (re-exported fixture)

SCHEMES = ("acs3", "v1")


@pytest.fixture
def endpoint(live_server) -> str:
    return live_server.url.split("://", 1)[1]


@pytest.fixture
def access_key(transactional_db):
    """An AccessKey for `username` (created as operator in `account` when missing)."""
    from django.contrib.auth import get_user_model

    from rosconsole.accounts.models import AccessKey
    from rosconsole.accounts.services import create_access_key, create_user

    def make(username: str = "alice", account: str = "acme", role: str = "operator") -> AccessKey:
        if not get_user_model().objects.filter(username=username).exists():
            create_user(username, account_name=account, role=role, password="password-123")
        return create_access_key(username, account)

    return make


def sdk_client(endpoint: str, key, scheme: str = "acs3") -> Client:
    config = open_api_models.Config(access_key_id=key.access_key_id, access_key_secret=key.secret,
                                    endpoint=endpoint, protocol="http", region_id="cn-hangzhou",
                                    read_timeout=30000, connect_timeout=5000)
    if scheme == "v1":
        config.signature_algorithm = "v2"
    return record_raw(Client(config))


@pytest.fixture(params=SCHEMES)
def scheme(request) -> str:
    return request.param


@pytest.fixture
def client_for(endpoint, access_key, scheme) -> Callable[..., Client]:
    """client_for(username="alice", account="acme", role="operator") -> SDK client (this test's scheme)."""

    def make(username: str = "alice", account: str = "acme", role: str = "operator") -> Client:
        return sdk_client(endpoint, access_key(username, account, role), scheme)

    return make


@pytest.fixture
def ros(client_for) -> Client:
    """alice (operator in acme), signing with this test's scheme."""
    return client_for()
