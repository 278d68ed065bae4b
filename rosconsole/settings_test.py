"""Settings for the test suite: a private data dir per session, and a file-backed test database.

The data dir must exist before rosconsole.settings is imported, because every default path
(SQLite file, embedded Redis socket, function code blobs) lives inside it. Worker processes that
integration tests start inherit ROSCONSOLE_DATA_DIR and ROSCONSOLE_TEST_DB so they share the
test database with the test process.
"""
from __future__ import annotations

import os
import tempfile

if not os.environ.get("ROSCONSOLE_DATA_DIR"):
    os.environ["ROSCONSOLE_DATA_DIR"] = tempfile.mkdtemp(prefix="rosconsole-test-")
os.environ.setdefault("ROSCONSOLE_PUBLIC_URL", "http://127.0.0.1:8765")

from rosconsole.settings import *  # noqa: E402,F401,F403
from rosconsole.settings import DATABASES  # noqa: E402

# A worker started by an integration test must open the database the test runner created.
if os.environ.get("ROSCONSOLE_TEST_DB"):
    DATABASES["default"]["NAME"] = os.environ["ROSCONSOLE_TEST_DB"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
ROSCONSOLE_SWEEP_SECONDS = 2
