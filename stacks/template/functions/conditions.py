"""Condition and predicate functions: Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::If, Fn::Any,
Fn::Contains, Fn::EachMemberIn, Fn::MatchPattern."""
from __future__ import annotations

import re
from typing import Any

from .base import Intrinsic, resolve_value, to_number, to_text
from .context import ResolveContext


def values_equal(left: Any, right: Any) -> bool:
    """ROS equality: ``"0"`` equals ``0``; ``"true"`` equals ``True``."""
    if left == right and type(left) is type(right):
        return True
    if isinstance(left, (dict, list)) or isinstance(right, (dict, list)):
        return left == right and not isinstance(left, bool) and not isinstance(right, bool)
    if isinstance(left, bool) or isinstance(right, bool):
        return to_text(left).lower() == to_text(right).lower()
    a, b = to_number(left), to_number(right)
    if a is not None and b is not None and (not isinstance(left, str) or not isinstance(right, str)):
        return a == b
    return to_text(left) == to_text(right)


def truth(fn: Intrinsic, value: Any, ctx: ResolveContext, path: str) -> bool:
    """A condition operand: a boolean, a ``"true"``/``"false"`` string, or a condition name."""
    if isinstance(value, Intrinsic):
        value = value.resolve(ctx)
        if isinstance(value, bool):
            return value
    if isinstance(value, bool):
        return value
    if isinstance(value, dict) and list(value) == ["Condition"] and isinstance(value["Condition"], str):
        return ctx.condition(value["Condition"], path)
    if isinstance(value, str):
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        return ctx.condition(value, path)
    raise fn.error(f"{value!r} is not a condition")


class Equals(Intrinsic):
    """True when both values are equal.

    Takes the form::

        {"Fn::Equals": [{"Ref": "Env"}, "prod"]}
    """

    name = "Fn::Equals"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.error("the argument must be [value1, value2]")

    def resolve(self, ctx: ResolveContext) -> Any:
        return values_equal(resolve_value(self.args[0], ctx), resolve_value(self.args[1], ctx))


class And(Intrinsic):
    """True when every condition is true (2-10 conditions or condition names).

    Takes the form::

        {"Fn::And": ["IsProd", {"Fn::Equals": ["a", "a"]}]}
    """

    name = "Fn::And"
    combine = all

    def check(self) -> None:
        if not isinstance(self.args, list) or not 2 <= len(self.args) <= 10:
            raise self.error("the argument must be a list of 2 to 10 conditions")

    def resolve(self, ctx: ResolveContext) -> Any:
        return type(self).combine(truth(self, item, ctx, self.path) for item in self.args)


class Or(And):
    """True when any condition is true (2-10 conditions or condition names).

    Takes the form::

        {"Fn::Or": ["IsProd", "IsStaging"]}
    """

    name = "Fn::Or"
    combine = any


class Not(Intrinsic):
    """Negation of a condition.

    Takes the form::

        {"Fn::Not": {"Fn::Equals": ["a", "b"]}}   or   {"Fn::Not": ["IsProd"]}
    """

    name = "Fn::Not"

    def check(self) -> None:
        if isinstance(self.args, list):
            if len(self.args) != 1:
                raise self.error("the argument must be one condition")
            self.args = self.args[0]

    def resolve(self, ctx: ResolveContext) -> Any:
        return not truth(self, self.args, ctx, self.path)


class If(Intrinsic):
    """The second value when the named condition is true, else the third;
    ``{"Ref": "ALIYUN::NoValue"}`` as the chosen value removes the property.

    Takes the form::

        {"Fn::If": ["IsProd", "large", "small"]}
    """

    name = "Fn::If"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.error("the argument must be [conditionName, valueIfTrue, valueIfFalse]")
        if not isinstance(self.args[0], (str, Intrinsic)):
            raise self.error("the condition must be a condition name")

    @property
    def condition_name(self) -> str | None:
        return self.args[0] if isinstance(self.args[0], str) else None

    def resolve(self, ctx: ResolveContext) -> Any:
        chosen = self.args[1] if truth(self, self.args[0], ctx, self.path) else self.args[2]
        return resolve_value(chosen, ctx)


class AnyOf(Intrinsic):
    """True when any element is true.

    Takes the form::

        {"Fn::Any": [false, {"Fn::Equals": [1, 1]}]}
    """

    name = "Fn::Any"

    def check(self) -> None:
        if not isinstance(self.args, (list, Intrinsic)):
            raise self.error("the argument must be a list")

    def resolve(self, ctx: ResolveContext) -> Any:
        values = resolve_value(self.args, ctx)
        if not isinstance(values, list):
            raise self.error("the argument must resolve to a list")
        return any(v is True or (isinstance(v, str) and v.lower() == "true") for v in values)


def _pair(fn: Intrinsic, shape: str) -> None:
    if not isinstance(fn.args, list) or len(fn.args) != 2:
        raise fn.error(f"the argument must be {shape}")


class Contains(Intrinsic):
    """True when some member of the list equals the value.

    Takes the form::

        {"Fn::Contains": [["a", "b"], "a"]}   ->  true
    """

    name = "Fn::Contains"

    def check(self) -> None:
        _pair(self, "[list, value]")

    def resolve(self, ctx: ResolveContext) -> Any:
        items = resolve_value(self.args[0], ctx)
        value = resolve_value(self.args[1], ctx)
        if not isinstance(items, list):
            raise self.error("the first argument must be a list")
        return any(values_equal(item, value) for item in items)


class EachMemberIn(Intrinsic):
    """True when every member of the first list is in the second.

    Takes the form::

        {"Fn::EachMemberIn": [[1, 2, 3], [1, 2, 3, 3, 4]]}   ->  true
    """

    name = "Fn::EachMemberIn"

    def check(self) -> None:
        _pair(self, "[list1, list2]")

    def resolve(self, ctx: ResolveContext) -> Any:
        first, second = resolve_value(self.args[0], ctx), resolve_value(self.args[1], ctx)
        if not isinstance(first, list) or not isinstance(second, list):
            raise self.error("both arguments must be lists")
        return all(any(values_equal(a, b) for b in second) for a in first)


class MatchPattern(Intrinsic):
    """True when the string matches the regular expression (whole string).

    Takes the form::

        {"Fn::MatchPattern": ["^[a-z]+$", {"Ref": "Name"}]}
    """

    name = "Fn::MatchPattern"

    def check(self) -> None:
        _pair(self, "[pattern, string]")
        if isinstance(self.args[0], str):
            self._compile(self.args[0])

    def _compile(self, pattern: str) -> re.Pattern[str]:
        try:
            return re.compile(pattern)
        except re.error as exc:
            raise self.error(f"invalid pattern: {exc}") from None

    def resolve(self, ctx: ResolveContext) -> Any:
        pattern = to_text(resolve_value(self.args[0], ctx))
        text = to_text(resolve_value(self.args[1], ctx))
        return self._compile(pattern).fullmatch(text) is not None
