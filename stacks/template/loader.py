"""Template text -> ``Template``: JSON or YAML, with ROS short tags.

Bounds applied before anything else looks at the body:
- the text is at most ``MAX_TEMPLATE_BYTES`` (524,288, the ROS API limit);
- brackets and indentation nest at most ``MAX_DEPTH`` levels (checked on the raw text
  first, so a 10,000-level document never reaches a recursive parser);
- YAML aliases cannot expand the document past ``MAX_NODES`` values (alias bombs).
Errors carry the line and column of the problem in ``path`` (``line 3, column 5``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import InvalidTemplate

MAX_TEMPLATE_BYTES = 524_288
MAX_DEPTH = 100
MAX_NODES = 300_000

# Tags registered by Alibaba's own YAML loaders (spec §1), each meaning {"Fn::<Tag>": value}.
FN_TAGS = (
    "Sub", "Join", "Select", "Split", "Replace", "Base64", "Base64Encode", "Base64Decode", "Str",
    "Indent", "FindInMap", "GetAZs", "Equals", "And", "Or", "Not", "If", "Index", "Length",
    "ListMerge", "GetJsonValue", "MergeMapToList", "SelectMapList", "MergeMap", "MemberListToMap",
    "Avg", "Add", "Calculate", "Max", "Min", "GetStackOutput", "Jq", "FormatTime",
    "MarketplaceImage", "Any", "Contains", "EachMemberIn", "MatchPattern", "Cidr",
    "ResourceFacade", "TransformNamespace",
)


@dataclass(frozen=True)
class Template:
    """A loaded template: ``body`` uses long-form functions only."""

    body: dict[str, Any]
    format: str
    text: str


def load(text: str | bytes) -> Template:
    """Parse template text (JSON or YAML) into a ``Template``; raise InvalidTemplate."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise InvalidTemplate("Template", reason=f"Template size {len(raw)} bytes exceeds the limit of {MAX_TEMPLATE_BYTES} bytes")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidTemplate("Template", reason=f"Template is not valid UTF-8 (byte {exc.start})") from None
    stripped = text.lstrip()
    if not stripped:
        raise InvalidTemplate("Template", reason="Template is empty")
    if stripped.startswith("{"):
        body, fmt = _load_json(text), "json"
    else:
        _check_text_depth(text)   # libyaml composes recursively in C: bound depth before parsing
        body, fmt = _load_yaml(text), "yaml"
    if not isinstance(body, dict):
        raise InvalidTemplate("Template", reason="Template format error: the template must be a JSON object or YAML mapping")
    _check_expanded_size(body)
    return Template(body=body, format=fmt, text=text)



_KEEP = re.compile(r"[^\[\]{}]+")
_INDENT = re.compile(r"^[ \t-]*", re.M)


def _check_text_depth(text: str) -> None:
    """Reject text whose brackets or indentation nest deeper than MAX_DEPTH (cheap, no parsing)."""
    brackets = _KEEP.sub("", text)
    depth = deepest = 0
    if len(brackets) > 2 * MAX_DEPTH:
        for ch in brackets:
            depth += 1 if ch in "[{" else -1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
    else:
        for ch in brackets:
            depth += 1 if ch in "[{" else -1
            deepest = max(deepest, depth)
    widest = max((len(m) for m in _INDENT.findall(text)), default=0)
    if deepest > MAX_DEPTH or widest > 2 * MAX_DEPTH * 4:
        raise InvalidTemplate("Template", reason=f"Template nesting exceeds {MAX_DEPTH} levels")


def _load_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise InvalidTemplate(f"line {exc.lineno}, column {exc.colno}", reason=f"Template format error: {exc.msg}") from None
    except RecursionError:
        raise InvalidTemplate("Template", reason=f"Template nesting exceeds {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise InvalidTemplate("Template", reason=f"Template format error: {exc}") from None


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader plus ROS short tags; timestamps stay strings (unquoted 2015-09-01)."""


def _scalar_value(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    tag = loader.resolve(yaml.ScalarNode, node.value, (True, False))
    return loader.construct_object(yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style))


def _node_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar_value(loader, node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


def _fn_constructor(fn_name: str):
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        return {fn_name: _node_value(loader, node)}
    return construct


def _ref(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else _node_value(loader, node)
    return {"Ref": value}


def split_getatt(value: str) -> list[str]:
    """``A.B`` -> [A, B]; ``Stack.Outputs.Key`` -> [Stack, Outputs.Key]; else [all-but-last, last]."""
    parts = value.split(".")
    if len(parts) >= 3 and parts[-2] == "Outputs":
        return [".".join(parts[:-2]), "Outputs." + parts[-1]]
    if len(parts) >= 2:
        return [".".join(parts[:-1]), parts[-1]]
    return [value]


def _getatt(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        return {"Fn::GetAtt": split_getatt(loader.construct_scalar(node))}
    return {"Fn::GetAtt": _node_value(loader, node)}


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool):
            key = "true" if key else "false"
        elif key is None:
            key = "null"
        if not isinstance(key, (str, int, float)):
            raise yaml.constructor.ConstructorError(None, None, "mapping keys must be scalars", key_node.start_mark)
        key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("!Ref", _ref)
_Loader.add_constructor("!GetAtt", _getatt)
for _tag in FN_TAGS:
    _Loader.add_constructor(f"!{_tag}", _fn_constructor(f"Fn::{_tag}"))


def _load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "Template"
        problem = exc.problem or exc.context or "invalid YAML"
        raise InvalidTemplate(where, reason=f"Template format error: {problem}") from None
    except RecursionError:
        raise InvalidTemplate("Template", reason=f"Template nesting exceeds {MAX_DEPTH} levels") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise InvalidTemplate("Template", reason=f"Template format error: {exc}") from None
    except (IndexError, KeyError, AttributeError) as exc:
        # PyYAML's own constructors raise these on some malformed scalars (`!!int` with an empty value).
        raise InvalidTemplate("Template", reason=f"Template format error: malformed YAML value ({type(exc).__name__})") from None


def _check_expanded_size(body: Any) -> None:
    """Walk the body counting every value as YAML aliases would expand it; bound count and depth."""
    stack: list[tuple[Any, int]] = [(body, 0)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise InvalidTemplate("Template", reason=f"Template expands to more than {MAX_NODES} values (YAML aliases)")
        if depth > MAX_DEPTH:
            raise InvalidTemplate("Template", reason=f"Template nesting exceeds {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
