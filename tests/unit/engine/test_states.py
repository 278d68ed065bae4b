from __future__ import annotations

import pytest

from stacks.engine import states


@pytest.mark.parametrize("value,expected", [
    ("CREATE_ROLLBACK_IN_PROGRESS", ("CREATE_ROLLBACK", "IN_PROGRESS")),
    ("UPDATE_COMPLETE", ("UPDATE", "COMPLETE")),
    ("DELETE_FAILED", ("DELETE", "FAILED")),
])
def test_split_status(value, expected):
    assert states.split(value) == expected


def test_terminal_states():
    assert states.is_terminal("CREATE_COMPLETE")
    assert states.is_terminal("ROLLBACK_FAILED")
    assert states.is_terminal("REVIEW_IN_PROGRESS")
    assert not states.is_terminal("CREATE_ROLLBACK_IN_PROGRESS")


def test_vocabulary_matches_the_spec():
    for status in ("CREATE_IN_PROGRESS", "CREATE_ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_COMPLETE"):
        assert status in states.STACK_STATUSES
    assert "INIT_COMPLETE" in states.RESOURCE_STATUSES
    with pytest.raises(ValueError):
        states.split("CREATE")
