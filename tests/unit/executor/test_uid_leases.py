"""Two pools (two worker processes) never lease the same instance uid at once."""
from __future__ import annotations

import pytest

from fcruntime.executor.uids import UidLeases


def test_two_lease_holders_never_share_a_uid(tmp_path):
    a = UidLeases(70000, 4, lease_dir=str(tmp_path))
    b = UidLeases(70000, 4, lease_dir=str(tmp_path))
    taken = {a.acquire(), a.acquire(), b.acquire(), b.acquire()}
    assert taken == {70000, 70001, 70002, 70003}
    with pytest.raises(RuntimeError, match="no free instance uid"):
        b.acquire()


def test_a_released_uid_can_be_leased_elsewhere(tmp_path):
    a = UidLeases(70000, 1, lease_dir=str(tmp_path))
    b = UidLeases(70000, 1, lease_dir=str(tmp_path))
    uid = a.acquire()
    a.release(uid)
    assert b.acquire() == uid
    b.release_all()
    assert a.acquire() == uid
