"""RPC request parameters: query and form merged, flattened lists/structs parsed back (pure Python).

The SDK flattens `[a, b]` to `Name.1=a&Name.2=b`, `[{"K": v}]` to `Name.1.K=v`, `{"k": v}` to `Name.k=v`,
and sends every leaf as `str(value)` — so booleans arrive as `True`/`False`.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from stacks.api.errors import ApiError, invalid_parameter, missing_parameter

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def merge(query: Iterable[tuple[str, str]], form: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Query first, then the form body (a body field wins over a query field of the same name)."""
    merged: dict[str, str] = {}
    for key, value in query:
        merged[key] = value
    for key, value in form:
        merged[key] = value
    return merged


def parse_bool(name: str, value: str) -> bool:
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise invalid_parameter(name, f'"{value}" is not a boolean (use true or false)')


class Params:
    """Typed access to one request's parameters; every problem raises MissingParameter/InvalidParameter."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = dict(values)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def has(self, name: str) -> bool:
        """True when the parameter or any flattened member of it (`Name.N...`) was sent."""
        prefix = name + "."
        return name in self.values or any(k.startswith(prefix) for k in self.values)

    # ------------------------------------------------------------ scalars
    def string(self, name: str, *, required: bool = False, default: str | None = None,
            max_length: int | None = None, allow_empty: bool = True) -> str | None:
        value = self.values.get(name)
        if value is None or (value == "" and not allow_empty):
            if required:
                raise missing_parameter(name)
            return default
        if max_length is not None and len(value) > max_length:
            raise invalid_parameter(name, f"its length must not exceed {max_length}")
        return value

    def required(self, name: str, *, max_length: int | None = None) -> str:
        value = self.string(name, required=True, max_length=max_length, allow_empty=False)
        assert value is not None
        return value

    def boolean(self, name: str, default: bool | None = None) -> bool | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        return parse_bool(name, value)

    def integer(self, name: str, default: int | None = None, *, min_value: int | None = None,
            max_value: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise invalid_parameter(name, f'"{value}" is not an integer') from None
        if min_value is not None and number < min_value:
            raise invalid_parameter(name, f"it must be at least {min_value}")
        if max_value is not None and number > max_value:
            raise invalid_parameter(name, f"it must be at most {max_value}")
        return number

    def enum(self, name: str, allowed: Sequence[str], default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if value not in allowed:
            raise invalid_parameter(name, f'"{value}" is not one of {", ".join(allowed)}')
        return value

    # ------------------------------------------------------------ flattened
    def _members(self, name: str) -> dict[int, dict[str, str]]:
        """`Name.N[.rest]` -> {N: {rest or "": value}}, N a positive integer."""
        pattern = re.compile(re.escape(name) + r"\.([^.]+)(?:\.(.+))?$")
        found: dict[int, dict[str, str]] = {}
        for key, value in self.values.items():
            m = pattern.match(key)
            if not m:
                continue
            index = m.group(1)
            if not index.isdigit() or int(index) < 1:
                raise invalid_parameter(key, f'the index "{index}" must be a positive integer')
            found.setdefault(int(index), {})[m.group(2) or ""] = value
        return found

    def items(self, name: str, *, max_items: int | None = None) -> list[str]:
        """`Name.1`, `Name.2` ... in index order."""
        members = self._members(name)
        result = []
        for index in sorted(members):
            entry = members[index]
            if "" not in entry:
                raise invalid_parameter(f"{name}.{index}", "it must be a plain value")
            result.append(entry[""])
        if max_items is not None and len(result) > max_items:
            raise invalid_parameter(name, f"at most {max_items} items are allowed")
        return result

    def struct_list(self, name: str, fields: Sequence[str], *, required_fields: Sequence[str] = (),
                    max_items: int | None = None) -> list[dict[str, str]]:
        """`Name.N.Field` -> [{Field: value}, ...] in index order; unknown fields are refused."""
        members = self._members(name)
        result = []
        for index in sorted(members):
            entry = members[index]
            for key in entry:
                if key not in fields:
                    label = f"{name}.{index}.{key}" if key else f"{name}.{index}"
                    raise invalid_parameter(label, f"expected one of {', '.join(f'{name}.N.{f}' for f in fields)}")
            for key in required_fields:
                if key not in entry:
                    raise missing_parameter(f"{name}.{index}.{key}")
            result.append({k: v for k, v in entry.items()})
        if max_items is not None and len(result) > max_items:
            raise invalid_parameter(name, f"at most {max_items} items are allowed")
        return result

    def mapping(self, name: str) -> dict[str, str]:
        """`Name.key=value` -> {key: value} (keys may contain dots)."""
        prefix = name + "."
        return {k[len(prefix):]: v for k, v in self.values.items() if k.startswith(prefix)}

    # ------------------------------------------------------------ ROS shapes
    def parameters(self, name: str = "Parameters") -> dict[str, str]:
        """`Parameters.N.ParameterKey/ParameterValue` -> {key: value}; both halves required, keys unique."""
        rows = self.struct_list(name, ("ParameterKey", "ParameterValue"),
                                required_fields=("ParameterKey", "ParameterValue"), max_items=200)
        result: dict[str, str] = {}
        for row in rows:
            key = row["ParameterKey"]
            if key in result:
                raise invalid_parameter(name, f'the ParameterKey "{key}" is given more than once')
            result[key] = row["ParameterValue"]
        return result

    def tags(self, name: str = "Tags", max_items: int = 20) -> list[dict[str, str]]:
        """`Tags.N.Key/Value` -> [{"Key", "Value"}] (Value optional, "" when absent)."""
        rows = self.struct_list(name, ("Key", "Value"), required_fields=("Key",), max_items=max_items)
        return [{"Key": row["Key"], "Value": row.get("Value", "")} for row in rows]

    def template_source(self) -> dict[str, Any]:
        """TemplateBody / TemplateURL / TemplateId(+Version) / TemplateScratchId as given (at most one)."""
        given = {k: self.values[k] for k in ("TemplateBody", "TemplateURL", "TemplateId", "TemplateScratchId")
                 if self.values.get(k)}
        if len(given) > 1:
            raise ApiError("MultipleParameter",
                           f"Only one of {', '.join(sorted(given))} may be specified.")
        return given
