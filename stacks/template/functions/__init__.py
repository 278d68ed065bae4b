"""Intrinsic functions: the one registry, the per-section allow lists, and the parser."""
from __future__ import annotations

from typing import Any, Iterable

from ..errors import InvalidTemplate, NotSupported
from . import conditions, data, lists, math, passthrough, references, strings
from .base import NO_VALUE, Intrinsic, is_literal, iter_functions, iter_references, resolve_value, unparse
from .context import Budget, ResolveContext

REGISTRY: dict[str, type[Intrinsic]] = {
    "Ref": references.Ref,
    "Fn::GetAtt": references.GetAtt,
    "Fn::FindInMap": references.FindInMap,
    "Fn::GetAZs": references.GetAZs,
    "Fn::GetStackOutput": references.GetStackOutput,
    "Fn::MarketplaceImage": references.MarketplaceImage,
    "Fn::Join": strings.Join,
    "Fn::Sub": strings.Sub,
    "Fn::Replace": strings.Replace,
    "Fn::Split": strings.Split,
    "Fn::Base64Encode": strings.Base64Encode,
    "Fn::Base64": strings.Base64,
    "Fn::Base64Decode": strings.Base64Decode,
    "Fn::Str": strings.Str,
    "Fn::Indent": strings.Indent,
    "Fn::FormatTime": strings.FormatTime,
    "Fn::Jq": data.Jq,
    "Fn::GetJsonValue": data.GetJsonValue,
    "Fn::Select": lists.Select,
    "Fn::Index": lists.Index,
    "Fn::Length": lists.Length,
    "Fn::ListMerge": lists.ListMerge,
    "Fn::SelectMapList": lists.SelectMapList,
    "Fn::MergeMapToList": lists.MergeMapToList,
    "Fn::MemberListToMap": lists.MemberListToMap,
    "Fn::MergeMap": lists.MergeMap,
    "Fn::Cidr": lists.Cidr,
    "Fn::Add": math.Add,
    "Fn::Avg": math.Avg,
    "Fn::Calculate": math.Calculate,
    "Fn::Max": math.Max,
    "Fn::Min": math.Min,
    "Fn::Equals": conditions.Equals,
    "Fn::And": conditions.And,
    "Fn::Or": conditions.Or,
    "Fn::Not": conditions.Not,
    "Fn::If": conditions.If,
    "Fn::Any": conditions.AnyOf,
    "Fn::Contains": conditions.Contains,
    "Fn::EachMemberIn": conditions.EachMemberIn,
    "Fn::MatchPattern": conditions.MatchPattern,
    "Fn::ResourceFacade": passthrough.ResourceFacade,
    "Fn::TransformNamespace": passthrough.TransformNamespace,
}

CONDITION_FUNCTIONS = frozenset({"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not"})
# Spec §4 "Where functions may appear".
COUNT_FUNCTIONS = frozenset({
    "Ref", "Fn::FindInMap", "Fn::Select", "Fn::Join", "Fn::Split", "Fn::Replace", "Fn::Base64Encode",
    "Fn::Base64", "Fn::Base64Decode", "Fn::MemberListToMap", "Fn::If", "Fn::ListMerge",
    "Fn::GetJsonValue", "Fn::MergeMapToList", "Fn::SelectMapList", "Fn::Add", "Fn::Avg", "Fn::Str",
    "Fn::Calculate", "Fn::Max", "Fn::Min",
    "Fn::Length",   # not in the documented list, but official templates count with it
})
# Documented list plus the predicates official (Composer-generated) templates use in Conditions.
CONDITIONS_SECTION_FUNCTIONS = COUNT_FUNCTIONS | CONDITION_FUNCTIONS | {
    "Fn::TransformNamespace", "Fn::Contains", "Fn::EachMemberIn", "Fn::Any", "Fn::MatchPattern", "Fn::Index",
    "Fn::Jq"}
RULES_FUNCTIONS = CONDITIONS_SECTION_FUNCTIONS
CFN_ONLY = frozenset({"Fn::ImportValue", "Fn::Transform", "Fn::ToJsonString", "Fn::ForEach", "Fn::RefAll",
                      "Fn::ValueOf", "Fn::ValueOfAll", "Fn::EachMemberEquals", "Fn::Test", "Fn::Condition"})


def parse(value: Any, path: str, allowed: Iterable[str] | None = None, section: str = "") -> Any:
    """Turn template data into a tree of Intrinsic objects.

    ``allowed`` limits the functions accepted (``None``: every function); ``section`` names the
    place in error messages.
    """
    allow = None if allowed is None else frozenset(allowed)
    return _parse(value, path, allow, section or path.split(".")[0])


def _parse(value: Any, path: str, allowed: frozenset[str] | None, section: str) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            key = next(iter(value))
            cls = REGISTRY.get(key)
            if cls is not None:
                if allowed is not None and key not in allowed:
                    raise InvalidTemplate(f"{path}.{key}", reason=f"Function {key} is not allowed in {section}")
                fn_path = f"{path}.{key}"
                return cls(_parse(value[key], fn_path, allowed, section), fn_path)
            if key in CFN_ONLY:
                raise NotSupported(f"{path}.{key}", feature=f"Function {key}")
        return {k: _parse(v, f"{path}.{k}", allowed, section) for k, v in value.items()}
    if isinstance(value, list):
        return [_parse(v, f"{path}.{i}", allowed, section) for i, v in enumerate(value)]
    return value


def contains_function(value: Any) -> str | None:
    """The name of the first function-shaped mapping inside raw data, or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if len(item) == 1 and next(iter(item)) in REGISTRY:
                return next(iter(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


__all__ = [
    "REGISTRY", "CONDITION_FUNCTIONS", "COUNT_FUNCTIONS", "CONDITIONS_SECTION_FUNCTIONS", "RULES_FUNCTIONS",
    "NO_VALUE", "Budget", "Intrinsic", "ResolveContext", "contains_function", "is_literal", "iter_functions",
    "iter_references", "parse", "resolve_value", "unparse",
]
