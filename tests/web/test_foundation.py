"""The console shell, login, /healthz and the account commands."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from rosconsole.accounts.models import AccessKey, Account, Membership
from tests.conftest import repo_root


def test_login_page_renders_the_form(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body and 'name="password"' in body
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_wrong_login_shows_the_form_again_with_an_error(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode() or "didn't match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_login_redirects_to_stacks(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "password-123"})
    assert response.status_code == 302 and response["Location"] == "/stacks/"


def test_console_pages_require_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_healthz_reports_database_and_redis(client, db):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["database"]["ok"] and body["redis"]["ok"]
    assert "workers" in body


def test_healthz_is_503_when_redis_is_unreachable(client, db, settings, monkeypatch):
    from rosconsole import redis as redis_module

    redis_module.get_redis.cache_clear()
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        redis_module.get_redis.cache_clear()
    assert response.status_code == 503
    assert response.json()["redis"]["ok"] is False


def test_region_selector_stores_a_known_region(alice_client):
    response = alice_client.post("/console/region", {"region": "cn-shanghai", "next": "/stacks/"})
    assert response.status_code == 302
    assert alice_client.session["region"] == "cn-shanghai"
    assert alice_client.post("/console/region", {"region": "mars-1"}).status_code == 400


def test_user_create_command_creates_account_and_membership(db, capsys):
    call_command("user", "create", "dora", "--account", "initech", "--role", "viewer", "--password", "pw-123456")
    m = Membership.objects.get(user__username="dora")
    assert m.account.name == "initech" and m.role == "viewer"
    assert len(m.account.account_id) == 16 and m.account.account_id.isdigit()


def test_user_create_command_refuses_unknown_role(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="invalid choice: 'god'"):
        call_command("user", "create", "eve", "--role", "god")


def test_accesskey_create_prints_json_once(db, alice, capsys):
    call_command("accesskey", "create", "alice", "--json")
    body = json.loads(capsys.readouterr().out)
    key = AccessKey.objects.get(access_key_id=body["AccessKeyId"])
    assert key.secret == body["AccessKeySecret"] and key.is_usable()


def test_access_keys_of_a_deactivated_user_stop_working(db, alice):
    key = AccessKey.objects.create(user=alice, account=Account.objects.get(name="acme"))
    assert key.is_usable()
    alice.is_active = False
    alice.save()
    key.refresh_from_db()
    assert not key.is_usable()


def test_ensure_admin_creates_admin_once(db, monkeypatch, capsys):
    monkeypatch.setenv("ROSCONSOLE_ADMIN_PASSWORD", "s3cret-pass")
    call_command("ensure_admin")
    call_command("ensure_admin")
    out = capsys.readouterr().out
    assert out.count("Created the first admin user") == 1
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("s3cret-pass") and admin.is_superuser


@pytest.mark.parametrize("env, expected", [
    ({"REDIS_URL": "http://nope"}, "REDIS_URL"),
    ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    ({"PORT": "eighty"}, "PORT"),
])
def test_bad_configuration_gives_one_clear_line(tmp_path, env, expected):
    import os

    run_env = dict(os.environ, ROSCONSOLE_DATA_DIR=str(tmp_path), **env)
    result = subprocess.run([sys.executable, "-m", "rosconsole.launcher"], cwd=repo_root(), env=run_env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr


def test_unreachable_database_gives_one_clear_line(tmp_path):
    import os

    run_env = dict(os.environ, ROSCONSOLE_DATA_DIR=str(tmp_path), DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    result = subprocess.run([sys.executable, "-m", "rosconsole.launcher"], cwd=repo_root(), env=run_env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr and "Traceback" not in result.stderr
