"""String and encoding functions: Fn::Join, Fn::Sub, Fn::Replace, Fn::Split, Fn::Base64Encode
(Fn::Base64), Fn::Base64Decode, Fn::Str, Fn::Indent, Fn::FormatTime."""
from __future__ import annotations

import base64
import binascii
import datetime
import re
import textwrap
from typing import Any, Iterator

from .base import NO_VALUE, Intrinsic, resolve_value, to_number, to_text
from .context import ResolveContext

_SUB_VAR = re.compile(r"\$\{([^}]*)\}")


def _scalar_text(fn: Intrinsic, value: Any, what: str) -> str:
    if isinstance(value, (dict, list)):
        raise fn.error(f"{what} must be a string, not {type(value).__name__}")
    return to_text(value)


class Join(Intrinsic):
    """Concatenates values with a delimiter.

    Takes the form::

        {"Fn::Join": [",", ["a", "b", "c"]]}   ->  "a,b,c"
    """

    name = "Fn::Join"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.error("the argument must be [delimiter, [values...]]")
        if not isinstance(self.args[0], (str, Intrinsic)):
            raise self.error("the delimiter must be a string")
        if not isinstance(self.args[1], (list, Intrinsic)):
            raise self.error("the values must be a list")

    def resolve(self, ctx: ResolveContext) -> Any:
        delim = _scalar_text(self, resolve_value(self.args[0], ctx), "the delimiter")
        items = resolve_value(self.args[1], ctx)
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            raise self.error("the values must resolve to a list")
        parts = [_scalar_text(self, item, "each value") for item in items if item is not NO_VALUE]
        ctx.budget.charge(sum(map(len, parts)) + len(delim) * len(parts), self.path)
        return delim.join(parts)


class Sub(Intrinsic):
    """Substitutes ``${Name}`` (parameter, pseudo parameter, resource), ``${Res.Attr}`` and
    variables of the optional map; ``${!Literal}`` gives ``${Literal}``.

    Takes the form::

        {"Fn::Sub": "arn:${ALIYUN::Region}:${Fn.ARN}"}
        {"Fn::Sub": ["${Greeting}, ${ALIYUN::StackName}", {"Greeting": "hello"}]}
    """

    name = "Fn::Sub"

    def check(self) -> None:
        args = self.args
        if isinstance(args, list) and len(args) == 1:
            args = [args[0], {}]
        if isinstance(args, str):
            args = [args, {}]
        if not isinstance(args, list) or len(args) != 2 or not isinstance(args[0], str):
            raise self.error("the argument must be a string or [string, {variables}]")
        if not isinstance(args[1], dict):
            raise self.error("the variables must be a map")
        self.args = args
        self.parts = self._split(args[0])

    @staticmethod
    def _split(text: str) -> list[tuple[str, str | None]]:
        """[(literal, name-or-None), ...] with ``${!x}`` already turned into literal ``${x}``."""
        parts: list[tuple[str, str | None]] = []
        pos = 0
        for match in _SUB_VAR.finditer(text):
            inner = match.group(1)
            literal = text[pos:match.start()]
            if inner.startswith("!"):
                parts.append((literal + "${" + inner[1:] + "}", None))
            else:
                parts.append((literal, inner.strip()))
            pos = match.end()
        parts.append((text[pos:], None))
        return parts

    def names(self) -> Iterator[str]:
        """Placeholders that are not variables of the map."""
        for _, name in self.parts:
            if name is not None and name not in self.args[1]:
                yield name

    def own_references(self) -> Iterator[Any]:
        from ..loader import split_getatt
        for name in self.names():
            if "." in name:
                resource, attribute = split_getatt(name)
                yield (resource, attribute)
            else:
                yield name

    def resolve(self, ctx: ResolveContext) -> Any:
        variables = self.args[1]
        cache: dict[str, str] = {}
        out: list[str] = []
        size = 0
        for literal, name in self.parts:
            out.append(literal)
            if name is not None:
                if name not in cache:
                    cache[name] = self._value(name, variables, ctx)
                out.append(cache[name])
                size += len(cache[name])
            size += len(literal)
            if size > ctx.budget.single:
                break
        ctx.budget.charge(size, self.path)
        return "".join(out)

    def _value(self, name: str, variables: dict[str, Any], ctx: ResolveContext) -> str:
        if name in variables:
            value = resolve_value(variables[name], ctx)
        elif "." in name:
            from ..loader import split_getatt
            resource, attribute = split_getatt(name)
            value = ctx.get_att(resource, attribute, self.path)
        else:
            value = ctx.lookup(name, self.path)
        if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
            return ",".join(map(to_text, value))
        if isinstance(value, (dict, list)):
            import json
            return json.dumps(value, ensure_ascii=False)
        return to_text(value)


class Replace(Intrinsic):
    """Replaces every occurrence of each key by its value.

    Takes the form::

        {"Fn::Replace": [{"print": "echo"}, "print hi"]}   ->  "echo hi"
    """

    name = "Fn::Replace"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.error("the argument must be [{old: new}, string]")
        if not isinstance(self.args[0], (dict, Intrinsic)):
            raise self.error("the replacements must be a map")

    def resolve(self, ctx: ResolveContext) -> Any:
        mapping = resolve_value(self.args[0], ctx)
        text = _scalar_text(self, resolve_value(self.args[1], ctx), "the string")
        if not isinstance(mapping, dict):
            raise self.error("the replacements must resolve to a map")
        for old, new in mapping.items():
            if not old:
                continue
            new_text = _scalar_text(self, new, "each replacement")
            grown = len(text) + text.count(old) * (len(new_text) - len(old))
            ctx.budget.charge(grown, self.path)
            text = text.replace(old, new_text)
        return text


class Split(Intrinsic):
    """Splits a string on a delimiter, without trimming the pieces.

    Takes the form::

        {"Fn::Split": [";", "foo; bar; achoo"]}   ->  ["foo", " bar", " achoo"]
    """

    name = "Fn::Split"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 2:
            raise self.error("the argument must be [delimiter, string]")
        if not isinstance(self.args[0], (str, Intrinsic)):
            raise self.error("the delimiter must be a string")

    def resolve(self, ctx: ResolveContext) -> Any:
        delim = _scalar_text(self, resolve_value(self.args[0], ctx), "the delimiter")
        text = _scalar_text(self, resolve_value(self.args[1], ctx), "the string")
        if not delim:
            raise self.error("the delimiter must not be empty")
        pieces = text.split(delim)
        ctx.budget.charge(len(pieces), self.path)
        return pieces


class Base64Encode(Intrinsic):
    """Base64 of the UTF-8 bytes of a string.

    Takes the form::

        {"Fn::Base64Encode": "string to encode"}   ->  "c3RyaW5nIHRvIGVuY29kZQ=="
    """

    name = "Fn::Base64Encode"

    def resolve(self, ctx: ResolveContext) -> Any:
        text = _scalar_text(self, resolve_value(self.args, ctx), "the argument")
        return base64.b64encode(text.encode("utf-8")).decode("ascii")


class Base64(Base64Encode):
    """Old name of Fn::Base64Encode.

    Takes the form::

        {"Fn::Base64": "string to encode"}
    """

    name = "Fn::Base64"


class Base64Decode(Intrinsic):
    """Decodes a Base64 string to text.

    Takes the form::

        {"Fn::Base64Decode": "c3RyaW5nIHRvIGVuY29kZQ=="}   ->  "string to encode"
    """

    name = "Fn::Base64Decode"

    def resolve(self, ctx: ResolveContext) -> Any:
        text = _scalar_text(self, resolve_value(self.args, ctx), "the argument")
        try:
            return base64.b64decode("".join(text.split()).encode("ascii"), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeError, ValueError) as exc:
            raise self.error(f"invalid Base64 input ({exc})") from None


class Str(Intrinsic):
    """The string form of a number.

    Takes the form::

        {"Fn::Str": 123456}   ->  "123456"
    """

    name = "Fn::Str"

    def resolve(self, ctx: ResolveContext) -> Any:
        return _scalar_text(self, resolve_value(self.args, ctx), "the argument")


class Indent(Intrinsic):
    """Re-indents a (multi-line) string: ``level`` (0-20) times ``indent`` (0-4, default 2) spaces.

    Takes the form::

        {"Fn::Indent": ["a\\nb", 1]}   ->  "  a\\n  b"
    """

    name = "Fn::Indent"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) not in (2, 3):
            raise self.error("the argument must be [string, level] or [string, level, indent]")

    def resolve(self, ctx: ResolveContext) -> Any:
        args = [resolve_value(a, ctx) for a in self.args]
        text = _scalar_text(self, args[0], "the string")
        level = _bounded_int(self, args[1], 0, 20, "level")
        indent = _bounded_int(self, args[2], 0, 4, "indent") if len(args) == 3 else 2
        return textwrap.indent(textwrap.dedent(text), " " * (level * indent))


def _bounded_int(fn: Intrinsic, value: Any, low: int, high: int, what: str) -> int:
    number = to_number(value)
    if not isinstance(number, int) or not low <= number <= high:
        raise fn.error(f"{what} must be an integer between {low} and {high}")
    return number


class FormatTime(Intrinsic):
    """The current time formatted with strftime codes; time zone default UTC.

    Takes the form::

        {"Fn::FormatTime": ["%Y-%m-%d", "Asia/Shanghai"]}
    """

    name = "Fn::FormatTime"

    def check(self) -> None:
        if isinstance(self.args, str):
            self.args = [self.args]
        if not isinstance(self.args, list) or len(self.args) not in (1, 2):
            raise self.error("the argument must be format or [format, timeZone]")

    def resolve(self, ctx: ResolveContext) -> Any:
        args = [resolve_value(a, ctx) for a in self.args]
        fmt = _scalar_text(self, args[0], "the format")
        zone = _scalar_text(self, args[1], "the time zone") if len(args) == 2 else "UTC"
        try:
            from zoneinfo import ZoneInfo
            tz: datetime.tzinfo = datetime.timezone.utc if zone in ("", "UTC") else ZoneInfo(zone)
        except (ValueError, LookupError, OSError):
            raise self.error(f"unknown time zone {zone!r}") from None
        return datetime.datetime.now(tz).strftime(fmt)
