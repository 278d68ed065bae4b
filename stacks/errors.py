"""Errors of stack operations (spec §7), raised by services and mapped to API responses by code.

Each class fixes `code`, `http_status` and a `msg_fmt`; `.message` is the filled template.
Template errors (stacks.template.errors) keep their own classes; services re-raise them unchanged,
so both families expose `.code` and `.message` (template ones add `.path`).
"""
from __future__ import annotations

from typing import Any


class StackError(Exception):
    code = "InvalidParameter"
    http_status = 400
    msg_fmt = "{reason}."

    def __init__(self, **kwargs: Any) -> None:
        self.params = kwargs
        try:
            self.message = self.msg_fmt.format(**kwargs)
        except (KeyError, IndexError):
            self.message = f"{self.msg_fmt} {kwargs}"
        super().__init__(f"{self.code}: {self.message}")


class InvalidParameter(StackError):
    code = "InvalidParameter"
    msg_fmt = "The specified parameter {name} is invalid, {reason}."


class MissingParameter(StackError):
    code = "MissingParameter"
    msg_fmt = "The input parameter {name} should be specified."


class NotSupported(StackError):
    code = "NotSupported"
    msg_fmt = "{feature} is not supported."


class Forbidden(StackError):
    code = "Forbidden"
    http_status = 403
    msg_fmt = "{reason}."


class StackNotFound(StackError):
    code = "StackNotFound"
    http_status = 404
    msg_fmt = "The Stack ({name}) could not be found."


class StackExists(StackError):
    code = "StackExists"
    http_status = 409
    msg_fmt = "The Stack ({name}) already exists."


class ActionInProgress(StackError):
    code = "ActionInProgress"
    http_status = 409
    msg_fmt = "Stack {name} already has an action ({action}) in progress."


class StackValidationFailed(StackError):
    code = "StackValidationFailed"
    msg_fmt = "{reason}."


class ContinueCreateStackValidationFailed(StackError):
    code = "ContinueCreateStackValidationFailed"
    msg_fmt = "{reason}."


class ResourceNotFound(StackError):
    code = "ResourceNotFound"
    http_status = 404
    msg_fmt = "The Resource ({name}) could not be found in Stack {stack}."


class ChangeSetExists(StackError):
    code = "ChangeSetExists"
    http_status = 409
    msg_fmt = "The ChangeSet ({name}) of Stack ({stack}) already exists."


class ChangeSetNotFound(StackError):
    code = "ChangeSetNotFound"
    http_status = 404
    msg_fmt = "The ChangeSet ({name}) of Stack ({stack}) could not be found."


class InvalidChangeSetStatus(StackError):
    code = "InvalidChangeSetStatus"
    msg_fmt = "The ChangeSet ({name}) cannot be executed: {reason}."


class DeletionProtected(StackError):
    """ROS names no specific code for a delete blocked by protection; this one is explicit."""

    code = "InvalidOperation.DeletionProtection"
    msg_fmt = "Stack {name} cannot be deleted while deletion protection is enabled."


class InvalidOperationSetDeletionProtection(StackError):
    code = "InvalidOperation.SetDeletionProtection"
    msg_fmt = "Fail to set deletion protection for {type} {id}, {reason}."


class StackPolicyValidationFailed(StackError):
    code = "StackPolicyValidationFailed"
    msg_fmt = "Action denied by stack policy: {reason}."
