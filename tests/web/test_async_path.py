"""The ASGI request path of HTTP triggers stays async end to end, and costs no per-request set-up.

Under uvicorn one sync-only middleware makes Django run the chain above it on a new thread per request
and call the async views below through async_to_sync: the trigger view then held a thread for its whole
wait, and every request paid two thread hops.
"""
from __future__ import annotations

import logging
from unittest import mock

from asgiref.sync import iscoroutinefunction
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse
from django.test import AsyncClient

from tests.conftest import run_async


def test_the_middleware_chain_needs_no_adapter_under_asgi(caplog, settings):
    settings.DEBUG = True  # Django logs each adapter only then
    logger = logging.getLogger("django.request")  # does not propagate to the root logger caplog watches
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG, logger="django.request"):
            BaseHandler().load_middleware(is_async=True)
    finally:
        logger.removeHandler(caplog.handler)
    assert [r.getMessage() for r in caplog.records if "adapted" in r.getMessage()] == []


def test_content_security_policy_is_set_on_the_async_path():
    from rosconsole.middleware import CONTENT_SECURITY_POLICY, ContentSecurityPolicyMiddleware

    async def view(request):
        return HttpResponse(b"x")

    mw = ContentSecurityPolicyMiddleware(view)
    assert iscoroutinefunction(mw)
    response = run_async(mw(object()))
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_static_files_are_served_on_the_async_path(db):
    response = run_async(AsyncClient().get("/static/css/console.css"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert "Content-Security-Policy" in response.headers


def test_invocations_are_sent_without_a_result_subscription():
    from fcruntime.services.invoke import _send
    from rosconsole.celery import app

    with mock.patch.object(app, "send_task") as send:
        _send(7)
    assert send.call_args.kwargs["ignore_result"] is True


def test_one_async_redis_client_per_event_loop():
    from rosconsole.redis import get_async_redis

    async def two():
        return get_async_redis(), get_async_redis()

    a, b = run_async(two())
    c, _ = run_async(two())
    assert a is b and a is not c


def test_trigger_start_threads_keep_their_connection_and_nobody_else(db):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import close_old_connections, connection

    from fcruntime.triggers.http import _keep_connections

    def one_request():
        close_old_connections()
        connection.ensure_connection()
        close_old_connections()
        return connection.connection

    configured = connection.settings_dict.get("CONN_MAX_AGE")  # 0 on SQLite; DATABASE_URL sets 60
    with ThreadPoolExecutor(max_workers=1, initializer=_keep_connections) as pool:
        first, second = pool.submit(one_request).result(), pool.submit(one_request).result()
    assert first is not None and first is second
    with ThreadPoolExecutor(max_workers=1) as pool:  # any other thread: the configured CONN_MAX_AGE
        other = pool.submit(one_request).result()
    assert (other is None) == (not configured)
    assert connection.settings_dict.get("CONN_MAX_AGE") == configured
