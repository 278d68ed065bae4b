"""The Action x Status vocabulary of stacks and resources (spec §6), declared once. Pure Python."""
from __future__ import annotations

CREATE = "CREATE"
UPDATE = "UPDATE"
DELETE = "DELETE"
ROLLBACK = "ROLLBACK"                # rollback after a failed update
CREATE_ROLLBACK = "CREATE_ROLLBACK"  # rollback after a failed create
INIT = "INIT"
REVIEW = "REVIEW"
ACTIONS = (CREATE, UPDATE, DELETE, ROLLBACK, CREATE_ROLLBACK)

IN_PROGRESS = "IN_PROGRESS"
COMPLETE = "COMPLETE"
FAILED = "FAILED"
STATUSES = (IN_PROGRESS, COMPLETE, FAILED)

STACK_STATUSES = tuple(f"{a}_{s}" for a in ACTIONS for s in STATUSES) + ("REVIEW_IN_PROGRESS",)
RESOURCE_STATUSES = ("INIT_COMPLETE",) + tuple(f"{a}_{s}" for a in (CREATE, UPDATE, DELETE) for s in STATUSES)

STACK_TYPE = "ALIYUN::ROS::Stack"
# Final stack states a `--wait` may call success.
SUCCESS_STATES = frozenset({"CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE"})


def status(action: str, state: str) -> str:
    return f"{action}_{state}"


def split(value: str) -> tuple[str, str]:
    """`CREATE_ROLLBACK_IN_PROGRESS` -> (`CREATE_ROLLBACK`, `IN_PROGRESS`)."""
    for state in STATUSES:
        if value.endswith("_" + state):
            return value[: -len(state) - 1], state
    raise ValueError(f"not a status: {value}")


def is_in_progress(value: str) -> bool:
    """REVIEW_IN_PROGRESS is a resting state (an unexecuted CREATE change set), not work under way."""
    return value.endswith("_IN_PROGRESS") and value != "REVIEW_IN_PROGRESS"


def is_terminal(value: str) -> bool:
    return not is_in_progress(value)


def is_failed(value: str) -> bool:
    return value.endswith("_FAILED")


# Per-operation step states (the convergence bookkeeping on each StackResource row).
STEP_NONE = ""            # not part of the current operation
STEP_WAITING = "WAITING"  # requirements not done yet
STEP_READY = "READY"      # a task is (or will be) queued for it; claimable
STEP_RUNNING = "RUNNING"  # claimed by one task
STEP_DONE = "DONE"
STEP_FAILED = "FAILED"
STEP_SKIPPED = "SKIPPED"  # cancelled because the operation failed or was cancelled
STEP_OPEN = (STEP_WAITING, STEP_READY, STEP_RUNNING)
STEP_CLOSED = (STEP_DONE, STEP_FAILED, STEP_SKIPPED)

# What a step does to its resource.
DO_CREATE = "CREATE"
DO_UPDATE = "UPDATE"        # decided at step time: in place, replace, or nothing
DO_DELETE = "DELETE"
DO_FORGET = "FORGET"        # DeletionPolicy Retain / RetainResources: drop the row, keep the resource
