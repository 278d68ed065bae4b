"""Math functions: Fn::Add, Fn::Avg, Fn::Calculate, Fn::Max, Fn::Min."""
from __future__ import annotations

import ast
import operator
import re
from typing import Any, Callable

from .base import Intrinsic, resolve_value, to_number
from .context import ResolveContext

Number = "int | float"


def _numbers(fn: Intrinsic, values: Any) -> list[int | float]:
    if not isinstance(values, list) or not values:
        raise fn.error("the argument must be a non-empty list of numbers")
    out = []
    for value in values:
        number = to_number(value)
        if number is None:
            raise fn.error(f"{value!r} is not a number")
        out.append(number)
    return out


class Add(Intrinsic):
    """Sums numbers, concatenates lists or merges maps (later keys win); items of one type.

    Takes the form::

        {"Fn::Add": [1, 2]}                              ->  3
        {"Fn::Add": [{"Product": "ROS"}, {"Fn": "Add"}]}   ->  {"Product": "ROS", "Fn": "Add"}
    """

    name = "Fn::Add"

    def check(self) -> None:
        if isinstance(self.args, list) and len(self.args) < 2:
            raise self.error("the argument must be a list of at least two values")
        if not isinstance(self.args, (list, Intrinsic)):
            raise self.error("the argument must be a list of at least two values")

    def resolve(self, ctx: ResolveContext) -> Any:
        values = resolve_value(self.args, ctx)
        if not isinstance(values, list) or len(values) < 2:
            raise self.error("the argument must be a list of at least two values")
        if all(isinstance(v, dict) for v in values):
            out: dict[str, Any] = {}
            for item in values:
                out.update(item)
            return out
        if all(isinstance(v, list) for v in values):
            ctx.budget.charge(sum(map(len, values)), self.path)
            return [x for v in values for x in v]
        if all(isinstance(v, str) and to_number(v) is None for v in values):
            ctx.budget.charge(sum(map(len, values)), self.path)
            return "".join(values)
        return sum(_numbers(self, values))


class Avg(Intrinsic):
    """The mean of numbers rounded to ``ndigits``.

    Takes the form::

        {"Fn::Avg": [1, [1, 2, 6.0]]}   ->  3.0
    """

    name = "Fn::Avg"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.error("the argument must be [ndigits, [numbers...]]")

    def resolve(self, ctx: ResolveContext) -> Any:
        ndigits = to_number(resolve_value(self.args[0], ctx))
        if not isinstance(ndigits, int) or ndigits < 0:
            raise self.error("ndigits must be a non-negative integer")
        numbers = _numbers(self, resolve_value(self.args[1], ctx))
        return round(sum(numbers) / len(numbers), ndigits)


class Max(Intrinsic):
    """The largest number.

    Takes the form::

        {"Fn::Max": [1.1, 2, 3]}   ->  3
    """

    name = "Fn::Max"
    pick: Callable[..., Any] = max

    def resolve(self, ctx: ResolveContext) -> Any:
        values = resolve_value(self.args, ctx)
        numbers = _numbers(self, values)
        best = type(self).pick(range(len(numbers)), key=numbers.__getitem__)
        return numbers[best]


class Min(Max):
    """The smallest number.

    Takes the form::

        {"Fn::Min": [1.1, 2, 3]}   ->  1.1
    """

    name = "Fn::Min"
    pick = min


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Mod: operator.mod,
}
_PLACEHOLDER = re.compile(r"\{(\d+)\}")
MAX_EXPRESSION = 2_000


class Calculate(Intrinsic):
    """Evaluates an arithmetic expression; ``{i}`` takes item i of the list; integer division
    truncates; the result is rounded to ``ndigits`` when floats are involved.

    Takes the form::

        {"Fn::Calculate": ["(2+3)/2*3-1", 1]}               ->  5
        {"Fn::Calculate": ["(2.0+3)/2*3-1", 1]}             ->  6.5
        {"Fn::Calculate": ["({1}+3)/2*3-1", 1, [3, 5, 6]]}  ->  11
    """

    name = "Fn::Calculate"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) not in (2, 3):
            raise self.error("the argument must be [expression, ndigits] or [expression, ndigits, [numbers]]")

    def resolve(self, ctx: ResolveContext) -> Any:
        args = [resolve_value(a, ctx) for a in self.args]
        expression = args[0]
        ndigits = to_number(args[1])
        if not isinstance(expression, str) or len(expression) > MAX_EXPRESSION:
            raise self.error("the expression must be a string")
        if not isinstance(ndigits, int):
            raise self.error("ndigits must be an integer")
        numbers = _numbers(self, args[2]) if len(args) == 3 and args[2] != [] else []
        expression = _PLACEHOLDER.sub(lambda m: self._item(numbers, int(m.group(1))), expression)
        try:
            tree = ast.parse(expression.strip(), mode="eval")
        except SyntaxError:
            raise self.error(f"invalid expression {expression!r}") from None
        result = self._eval(tree.body)
        return round(result, ndigits) if isinstance(result, float) else result

    def _item(self, numbers: list[int | float], index: int) -> str:
        if index >= len(numbers):
            raise self.error(f"placeholder {{{index}}} has no value")
        return f"({numbers[index]!r})"

    def _eval(self, node: ast.AST) -> int | float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self._eval(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left), self._eval(node.right)
            return self._binary(node.op, left, right)
        raise self.error("only numbers, + - * / % // ** and parentheses are allowed")

    def _binary(self, op: ast.operator, left: int | float, right: int | float) -> int | float:
        if isinstance(op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise self.error("division by zero")
        if isinstance(op, ast.Div):
            if isinstance(left, int) and isinstance(right, int):
                quotient = abs(left) // abs(right)
                return quotient if (left < 0) == (right < 0) else -quotient
            return left / right
        if isinstance(op, ast.FloorDiv):
            return left // right
        if isinstance(op, ast.Pow):
            if abs(right) > 64 or abs(left) > 10**6:
                raise self.error("exponent too large")
            return left ** right
        if type(op) in _BINARY:
            result = _BINARY[type(op)](left, right)
            if isinstance(result, int) and result.bit_length() > 256:
                raise self.error("result too large")
            return result
        raise self.error("only numbers, + - * / % // ** and parentheses are allowed")
