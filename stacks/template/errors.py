"""The TemplateError family: one class per ROS error code (spec §7).

Every error carries ``code`` (the ROS error code), ``message`` (the spec's
message template, filled) and ``path`` (where in the template, dotted:
``Resources.Fn.Properties.Code``).  ``str(err)`` is ``"CODE: message (path)"``.
"""
from __future__ import annotations

from typing import Any, Iterable


class TemplateError(Exception):
    """Base class; subclasses fix ``code`` and ``msg_fmt``."""

    code = "InvalidTemplate"
    msg_fmt = "{reason}."

    def __init__(self, path: str = "", **kwargs: Any) -> None:
        for key in ("reason", "feature"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = kwargs[key].rstrip(".")
        self.path = path
        self.params = kwargs
        try:
            self.message = self.msg_fmt.format(**kwargs)
        except (KeyError, IndexError):
            self.message = f"{self.msg_fmt} {kwargs}"
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.code}: {self.message} ({self.path})"

    def at(self, path: str) -> "TemplateError":
        """Set the path when the raiser did not know it."""
        if not self.path:
            self.path = path
            self.args = (str(self),)
        return self


class InvalidTemplate(TemplateError):
    code = "InvalidTemplate"
    msg_fmt = "{reason}."


class InvalidTemplateVersion(TemplateError):
    code = "InvalidTemplateVersion"
    msg_fmt = "The template version is invalid: {reason}."


class MissingTemplateVersion(InvalidTemplateVersion):
    msg_fmt = "Template version was not provided."


class InvalidTemplateSection(TemplateError):
    code = "InvalidTemplateSection"
    msg_fmt = "The template section is invalid: {section}."


class InvalidTemplateReference(TemplateError):
    code = "InvalidTemplateReference"
    msg_fmt = 'The specified reference "{name}" (in {referencer}) is incorrect.'


class InvalidTemplateAttribute(TemplateError):
    code = "InvalidTemplateAttribute"
    msg_fmt = "The Referenced Attribute ({resource} {name}) is incorrect."


class InvalidTemplatePropertyType(TemplateError):
    code = "InvalidTemplatePropertyType"
    msg_fmt = "The specified value type of ({resource} {section}) is incorrect."


class CircularDependency(TemplateError):
    code = "CircularDependency"
    msg_fmt = "Circular Dependency Found: {reason}."

    def __init__(self, nodes: Iterable[str] = (), path: str = "Resources") -> None:
        self.nodes = list(nodes)
        cycle = self.nodes + self.nodes[:1]
        super().__init__(path, reason=" -> ".join(cycle))


class UserParameterMissing(TemplateError):
    code = "UserParameterMissing"
    msg_fmt = "The Parameter {name} was not provided."


class UnknownUserParameter(TemplateError):
    code = "UnknownUserParameter"
    msg_fmt = "The Parameter ({name}) was not defined in template."


class StackValidationFailed(TemplateError):
    code = "StackValidationFailed"
    msg_fmt = "{reason}."


class NotSupported(TemplateError):
    code = "NotSupported"
    msg_fmt = "{feature} is not supported."


class AttributeUnavailable(Exception):
    """Raised by a ResourceState when an attribute has no value (yet)."""


class TemplateErrors(TemplateError):
    """Several errors found by one validation; ``.errors`` lists them."""

    def __init__(self, errors: Iterable[TemplateError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        self.code = first.code
        self.msg_fmt = "{summary}"
        more = len(self.errors) - 1
        summary = first.message + (f" (and {more} more error{'s' * (more > 1)})" if more else "")
        super().__init__(first.path, summary=summary)


def collect(errors: list[TemplateError]) -> None:
    """Raise the collected errors: one as itself, several as TemplateErrors."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise TemplateErrors(errors)
