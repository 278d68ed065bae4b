"""Child processes the tests start (workers, uvicorn) die with the test run."""
from __future__ import annotations

import signal


def die_with_parent() -> None:
    """A worker must not outlive a test run that was killed (it would hold the test database open)."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
