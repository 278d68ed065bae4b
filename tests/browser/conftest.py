"""Browser fixtures: a real uvicorn (ASGI, for SSE) and a real Celery worker on the test database,
driven by Debian's chromium through Playwright.

The server and the worker open the database the test runner created (ROSCONSOLE_TEST_DB), so the
tests use `transactional_db`: rows written here are committed and visible to both.
"""
from __future__ import annotations

import os

import pytest

from tests.integration.conftest import start_worker, stop_worker
from tests.integration.triggers_helpers import start_uvicorn, stop

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
        pytest.fail("Debian chromium is not installed: apt-get install chromium (.ci/run does it); the browser "
                    "level fails rather than skips")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


@pytest.fixture
def server_url(transactional_db):
    """A uvicorn serving rosconsole.asgi on a free port, sharing the test database."""
    proc, url = start_uvicorn()
    yield url
    stop(proc)


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
