"""List and map functions: Fn::Select, Fn::Index, Fn::Length, Fn::ListMerge, Fn::SelectMapList,
Fn::MergeMapToList, Fn::MemberListToMap, Fn::MergeMap, Fn::Cidr."""
from __future__ import annotations

import ipaddress
from typing import Any

from .base import Intrinsic, resolve_value, to_number, to_text
from .context import ResolveContext


def _list_arg(fn: Intrinsic, value: Any, what: str = "the list") -> list[Any]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",")] if value else []
    if not isinstance(value, list):
        raise fn.error(f"{what} must be a list, not {type(value).__name__}")
    return value


def _two_args(fn: Intrinsic, shape: str) -> None:
    if not isinstance(fn.args, list) or len(fn.args) != 2:
        raise fn.error(f"the argument must be {shape}")


class Select(Intrinsic):
    """An item of a list (index, negative index or ``start:stop[:step]`` slice) or a map value.
    Out of range or missing key gives ``""``.

    Takes the form::

        {"Fn::Select": ["1", ["a", "b"]]}          ->  "b"
        {"Fn::Select": ["1:3", [1, 2, 3, 4, 5]]}   ->  [2, 3]
        {"Fn::Select": ["key", {"key": "v"}]}      ->  "v"
        {"Fn::Select": ["k", {}, "fallback"]}     ->  "fallback"  (optional default, seen in official templates)
    """

    name = "Fn::Select"

    def check(self) -> None:
        # A 4th item (a message, in Composer-generated templates) is accepted and ignored.
        if not isinstance(self.args, list) or len(self.args) not in (2, 3, 4):
            raise self.error("the argument must be [index, list] or [index, list, default]")
        index = self.args[0]
        if not isinstance(index, (str, int, Intrinsic)) or isinstance(index, bool):
            raise self.error("the index must be an integer, a slice or a key")

    def resolve(self, ctx: ResolveContext) -> Any:
        index = resolve_value(self.args[0], ctx)
        container = resolve_value(self.args[1], ctx)
        default = resolve_value(self.args[2], ctx) if len(self.args) >= 3 else ""
        if isinstance(container, dict):
            return container.get(to_text(index), default)
        items = _list_arg(self, container)
        if isinstance(index, str) and ":" in index:
            return items[self._slice(index)]
        number = to_number(index)
        if not isinstance(number, int):
            raise self.error(f"the index {index!r} is not an integer")
        return items[number] if -len(items) <= number < len(items) else default

    def _slice(self, text: str) -> slice:
        parts = text.split(":")
        if len(parts) > 3:
            raise self.error(f"invalid slice {text!r}")
        bounds: list[int | None] = []
        for part in parts:
            number = to_number(part) if part.strip() else None
            if part.strip() and not isinstance(number, int):
                raise self.error(f"invalid slice {text!r}")
            bounds.append(number)  # type: ignore[arg-type]
        if len(bounds) == 3 and bounds[2] == 0:
            raise self.error("the slice step must not be zero")
        return slice(*bounds)


class Index(Intrinsic):
    """The position of an item in a list ("" when absent).

    Takes the form::

        {"Fn::Index": ["b", ["a", "b"]]}   ->  1
    """

    name = "Fn::Index"

    def check(self) -> None:
        _two_args(self, "[item, list]")

    def resolve(self, ctx: ResolveContext) -> Any:
        item = resolve_value(self.args[0], ctx)
        items = _list_arg(self, resolve_value(self.args[1], ctx))
        for position, candidate in enumerate(items):
            if candidate == item and type(candidate) is type(item):
                return position
        return ""


class Length(Intrinsic):
    """The length of a string, list or map.

    Takes the form::

        {"Fn::Length": [1, 2, 3]}   ->  3
    """

    name = "Fn::Length"

    def resolve(self, ctx: ResolveContext) -> Any:
        value = resolve_value(self.args, ctx)
        if not isinstance(value, (str, list, dict)):
            raise self.error(f"cannot take the length of {type(value).__name__}")
        return len(value)


class ListMerge(Intrinsic):
    """Concatenates lists.

    Takes the form::

        {"Fn::ListMerge": [[1], [2, 3]]}   ->  [1, 2, 3]
    """

    name = "Fn::ListMerge"

    def check(self) -> None:
        if not isinstance(self.args, (list, Intrinsic)):
            raise self.error("the argument must be a list of lists")

    def resolve(self, ctx: ResolveContext) -> Any:
        out: list[Any] = []
        for item in _list_arg(self, resolve_value(self.args, ctx)):
            part = _list_arg(self, item, "each item")
            ctx.budget.charge(len(part), self.path)
            out.extend(part)
        return out


class SelectMapList(Intrinsic):
    """``map[key]`` of every map in a list that has the key.

    Takes the form::

        {"Fn::SelectMapList": ["k2", [{"k1": 1}, {"k2": 2}, {"k2": 3}]]}   ->  [2, 3]
    """

    name = "Fn::SelectMapList"

    def check(self) -> None:
        _two_args(self, "[key, [map, ...]]")

    def resolve(self, ctx: ResolveContext) -> Any:
        key = to_text(resolve_value(self.args[0], ctx))
        maps = _list_arg(self, resolve_value(self.args[1], ctx))
        return [m[key] for m in maps if isinstance(m, dict) and key in m]


class MergeMapToList(Intrinsic):
    """Zips maps of lists into a list of maps; shorter lists repeat their last item.

    Takes the form::

        {"Fn::MergeMapToList": [{"a": [1, 2]}, {"b": [3]}]}   ->  [{"a": 1, "b": 3}, {"a": 2, "b": 3}]
    """

    name = "Fn::MergeMapToList"

    def check(self) -> None:
        if not isinstance(self.args, (list, Intrinsic)):
            raise self.error("the argument must be a list of maps")

    def resolve(self, ctx: ResolveContext) -> Any:
        columns: list[tuple[str, list[Any]]] = []
        for item in _list_arg(self, resolve_value(self.args, ctx)):
            if not isinstance(item, dict):
                raise self.error("each item must be a map {key: [values]}")
            for key, values in item.items():
                columns.append((key, values if isinstance(values, list) else [values]))
        length = max((len(v) for _, v in columns), default=0)
        ctx.budget.charge(length * max(len(columns), 1), self.path)
        return [{key: values[min(i, len(values) - 1)] for key, values in columns if values} for i in range(length)]


class MemberListToMap(Intrinsic):
    """Turns a list of ``{keyName: k, valueName: v}`` maps into ``{k: v}``.

    Takes the form::

        {"Fn::MemberListToMap": ["Key", "Value", [{"Key": "a", "Value": 1}]]}   ->  {"a": 1}
    """

    name = "Fn::MemberListToMap"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.error("the argument must be [keyName, valueName, [maps...]]")

    def resolve(self, ctx: ResolveContext) -> Any:
        key_name = to_text(resolve_value(self.args[0], ctx))
        value_name = to_text(resolve_value(self.args[1], ctx))
        out: dict[str, Any] = {}
        for item in _list_arg(self, resolve_value(self.args[2], ctx)):
            if not isinstance(item, dict) or key_name not in item:
                raise self.error(f"each member must be a map with key {key_name!r}")
            out[to_text(item[key_name])] = item.get(value_name)
        return out


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


class MergeMap(Intrinsic):
    """Merges maps deeply; later maps win.

    Takes the form::

        {"Fn::MergeMap": [{"a": 1}, {"b": 2}]}   ->  {"a": 1, "b": 2}
    """

    name = "Fn::MergeMap"

    def check(self) -> None:
        if not isinstance(self.args, (list, Intrinsic)):
            raise self.error("the argument must be a list of maps")

    def resolve(self, ctx: ResolveContext) -> Any:
        out: dict[str, Any] = {}
        for item in _list_arg(self, resolve_value(self.args, ctx)):
            if not isinstance(item, dict):
                raise self.error("each item must be a map")
            out = deep_merge(out, item)
        return out


class Cidr(Intrinsic):
    """``count`` sub-CIDR blocks of ``ipBlock`` with ``cidrBits`` host bits each.

    Takes the form::

        {"Fn::Cidr": ["192.168.0.0/16", 2, 8]}   ->  ["192.168.0.0/24", "192.168.1.0/24"]
    """

    name = "Fn::Cidr"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.error("the argument must be [ipBlock, count, cidrBits]")

    def resolve(self, ctx: ResolveContext) -> Any:
        block, count, bits = (resolve_value(a, ctx) for a in self.args)
        count, bits = to_number(count), to_number(bits)
        if not isinstance(count, int) or not 1 <= count <= 256:
            raise self.error("count must be an integer between 1 and 256")
        try:
            network = ipaddress.ip_network(to_text(block), strict=False)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        if not isinstance(bits, int) or not 0 < bits <= network.max_prefixlen - network.prefixlen:
            raise self.error("cidrBits does not fit the ip block")
        new_prefix = network.max_prefixlen - bits
        if count > 2 ** (new_prefix - network.prefixlen):
            raise self.error(f"{block} has fewer than {count} subnets of /{new_prefix}")
        subnets = network.subnets(new_prefix=new_prefix)
        return [str(next(subnets)) for _ in range(count)]
