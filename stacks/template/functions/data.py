"""JSON data functions: Fn::Jq, Fn::GetJsonValue."""
from __future__ import annotations

import json
from typing import Any

from ..jq_runner import JqError, run_jq
from .base import Intrinsic, resolve_value, to_text
from .context import ResolveContext


def _as_json(fn: Intrinsic, value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise fn.error("the object must be JSON or JSON text") from None
    return value


class Jq(Intrinsic):
    """Runs a jq program on a JSON object (or JSON text); ``First`` result or ``All`` results.

    Takes the form::

        {"Fn::Jq": ["First", ".test", "{\\"test\\": \\"x\\"}"]}   ->  "x"
    """

    name = "Fn::Jq"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.error("the argument must be [method, script, object]")
        method = self.args[0]
        if isinstance(method, str) and method not in ("First", "All"):
            raise self.error("the method must be First or All")
        if isinstance(self.args[1], str):
            self._compile(self.args[1])

    def _compile(self, script: str) -> Any:
        import jq
        try:
            return jq.compile(script)
        except ValueError as exc:
            raise self.error(f"invalid jq script: {str(exc).splitlines()[0] if str(exc) else script}") from None

    def resolve(self, ctx: ResolveContext) -> Any:
        method, script = (to_text(resolve_value(a, ctx)) for a in self.args[:2])
        if method not in ("First", "All"):
            raise self.error("the method must be First or All")
        data = _as_json(self, resolve_value(self.args[2], ctx))
        self._compile(script)  # a syntax error is reported with the script, before forking
        try:
            results = run_jq(script, data)
        except JqError as exc:
            raise self.error(f"jq failed: {exc}") from None
        ctx.budget.charge(len(results), self.path)
        if method == "All":
            return results
        return results[0] if results else None


class GetJsonValue(Intrinsic):
    """The value of a top-level key of JSON text ("" when the key is missing).

    Takes the form::

        {"Fn::GetJsonValue": ["1", "{\\"1\\": \\"abc\\"}"]}   ->  "abc"
    """

    name = "Fn::GetJsonValue"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.error("the argument must be [key, jsonString]")

    def resolve(self, ctx: ResolveContext) -> Any:
        key = to_text(resolve_value(self.args[0], ctx))
        data = _as_json(self, resolve_value(self.args[1], ctx))
        if not isinstance(data, dict):
            raise self.error("the JSON value must be an object")
        return data.get(key, "")
