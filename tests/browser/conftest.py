"""Browser fixtures: a real uvicorn (ASGI, for SSE) and a real Celery worker on the test database,
driven by Debian's chromium through Playwright.

The server and the worker open the database the test runner created (ROSCONSOLE_TEST_DB), so the
tests use `transactional_db`: rows written here are committed and visible to both.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.conftest import repo_root
from tests.integration.conftest import start_worker, stop_worker
from tests.processes import die_with_parent

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright: use Debian's chromium (Playwright's own download is not reachable here)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "rosconsole.settings_test"
    env["ROSCONSOLE_TEST_DB"] = connection.settings_dict["NAME"]
    env["PYTHONPATH"] = str(repo_root())
    return env


@pytest.fixture
def server_url(transactional_db):
    """A uvicorn serving rosconsole.asgi on a free port, sharing the test database."""
    port = _free_port()
    env = _env()
    env["ROSCONSOLE_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "rosconsole.asgi:application", "--host", "127.0.0.1",
                             "--port", str(port), "--lifespan", "off", "--no-access-log"],
                            cwd=repo_root(), env=env, start_new_session=True,
                            preexec_fn=die_with_parent)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.2)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def worker(transactional_db):
    proc = start_worker()
    yield proc
    stop_worker(proc)


@pytest.fixture
def login(page, server_url):
    """Sign in as `username` and return the page."""

    def do(username: str = "alice", password: str = "password-123"):
        page.goto(server_url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(server_url + "/stacks/")
        return page

    return do
