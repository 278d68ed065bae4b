"""Base class of intrinsic functions and the parser that builds function trees.

A template value is parsed once into a tree where every single-key mapping whose key
names a function becomes an ``Intrinsic``.  The constructor checks the argument shape
and raises ``InvalidTemplate`` with the path; ``resolve(ctx)`` computes the value;
``references()`` yields what the function needs: resource/parameter names (``str``)
and ``(resource, attribute)`` pairs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from ..errors import InvalidTemplate

if TYPE_CHECKING:
    from .context import ResolveContext

Reference = "str | tuple[str, str]"


class _NoValue:
    """The value of ``{"Ref": "ALIYUN::NoValue"}``: removes the enclosing property or item."""

    _instance: ClassVar["_NoValue | None"] = None

    def __new__(cls) -> "_NoValue":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __reduce__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()


class Intrinsic:
    """One intrinsic function call in a parsed template."""

    name: ClassVar[str] = ""

    def __init__(self, args: Any, path: str) -> None:
        self.args = args
        self.path = path
        self.check()

    def check(self) -> None:
        """Validate the argument shape; subclasses raise ``self.error(...)``."""

    def error(self, reason: str) -> InvalidTemplate:
        return InvalidTemplate(self.path, reason=f"{self.name}: {reason}")

    def own_references(self) -> Iterator[Any]:
        """References made by this call itself (not by nested calls)."""
        return iter(())

    def references(self) -> Iterator[Any]:
        """Names (str) and (resource, attribute) pairs this call and nested calls depend on."""
        yield from iter_references(self)

    def functions(self) -> Iterator["Intrinsic"]:
        """This call and every call nested in its arguments."""
        yield self
        yield from iter_functions(self.args)

    def resolve(self, ctx: "ResolveContext") -> Any:
        raise NotImplementedError(f"{type(self).__name__}.resolve")

    def to_template(self) -> dict[str, Any]:
        return {self.name: unparse(self.args)}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_template() == other.to_template()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return repr(self.to_template())


def iter_references(value: Any) -> Iterator[Any]:
    """Every reference made by the functions inside ``value`` (iterative for deep data)."""
    for fn in iter_functions(value):
        yield from fn.own_references()


def iter_functions(value: Any) -> Iterator[Intrinsic]:
    """Every Intrinsic inside ``value`` in document order, outermost first (iterative for deep data)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Intrinsic):
            yield item
            stack.append(item.args)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def unparse(value: Any) -> Any:
    """A parsed tree back to template data (long-form functions)."""
    if isinstance(value, Intrinsic):
        return value.to_template()
    if isinstance(value, dict):
        return {k: unparse(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unparse(v) for v in value]
    return value


def is_literal(value: Any) -> bool:
    """True when ``value`` contains no function call."""
    return next(iter_functions(value), None) is None


# --- argument helpers -----------------------------------------------------------------

def describe(value: Any) -> str:
    if isinstance(value, Intrinsic):
        return f"function {value.name}"
    return type(value).__name__ if value is not None else "null"


def to_number(value: Any) -> int | float | None:
    """int/float, or a numeric string; None when not a number (bool is not a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


def to_text(value: Any) -> str:
    """Scalar -> string the way ROS prints it (booleans lower-case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value is NO_VALUE:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return repr(value)
    return str(value)


def resolve_value(value: Any, ctx: "ResolveContext") -> Any:
    """Resolve every function inside ``value``; ``NO_VALUE`` items and keys are dropped."""
    if isinstance(value, Intrinsic):
        return value.resolve(ctx)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            resolved = resolve_value(item, ctx)
            if resolved is not NO_VALUE:
                out[key] = resolved
        return out
    if isinstance(value, list):
        return [r for r in (resolve_value(item, ctx) for item in value) if r is not NO_VALUE]
    return value


def strip_no_value(value: Any) -> Any:
    """NO_VALUE left where nothing could remove it becomes None."""
    return None if value is NO_VALUE else value
