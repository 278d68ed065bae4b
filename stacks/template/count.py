"""``Count``: resource ``A`` with ``Count: n`` becomes ``A[0]`` .. ``A[n-1]`` before anything else.

``{"Ref": "ALIYUN::Index"}`` (and ``${ALIYUN::Index}`` in ``Fn::Sub``) inside A's Properties
becomes the copy's index.  Refs to A elsewhere become lists and ``DependsOn: A`` every copy;
that part is done by the validator with the ``counts`` map returned here.
"""
from __future__ import annotations

from typing import Any, Callable

from .errors import InvalidTemplate, StackValidationFailed, TemplateError
from .functions import COUNT_FUNCTIONS, parse
from .functions.base import to_number

INDEX = "ALIYUN::Index"
MAX_RESOURCES = 300


def substitute_index(value: Any, index: int) -> Any:
    """A copy of ``value`` with ALIYUN::Index replaced by ``index``."""
    if isinstance(value, dict):
        if value == {"Ref": INDEX}:
            return index
        if len(value) == 1 and "Fn::Sub" in value:
            return {"Fn::Sub": _sub_index(value["Fn::Sub"], index)}
        return {k: substitute_index(v, index) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute_index(v, index) for v in value]
    return value


def _sub_index(args: Any, index: int) -> Any:
    if isinstance(args, str):
        return args.replace("${" + INDEX + "}", str(index))
    if isinstance(args, list) and args and isinstance(args[0], str):
        return [args[0].replace("${" + INDEX + "}", str(index))] + [substitute_index(a, index) for a in args[1:]]
    return substitute_index(args, index)


def count_value(raw: Any, path: str, evaluate: Callable[[Any], Any], lenient: bool = False) -> int:
    """The natural number a Count expression gives (1 when ``lenient`` and it cannot be evaluated)."""
    tree = parse(raw, path, COUNT_FUNCTIONS, "Count")
    try:
        value = to_number(evaluate(tree))
    except TemplateError:
        if lenient:
            return 1
        raise
    if not isinstance(value, int) or value < 0:
        if lenient and not isinstance(raw, (int, str)):
            return 1
        raise StackValidationFailed(path, reason=f"Count must be a natural number, got {value!r}")
    if lenient and value == 0:
        return 1          # validate the resource even when placeholder values give no copies
    if value > MAX_RESOURCES:
        raise InvalidTemplate(path, reason=f"Count {value} exceeds the limit of {MAX_RESOURCES} resources")
    return value


def expand(resources: dict[str, Any], evaluate: Callable[[Any], Any], lenient: bool
           ) -> tuple[dict[str, Any], dict[str, int | None], list[TemplateError]]:
    """(expanded resources, {base id: count or None}, errors)."""
    out: dict[str, Any] = {}
    counts: dict[str, int | None] = {}
    errors: list[TemplateError] = []
    counted = False
    for name, resource in resources.items():
        if not isinstance(resource, dict) or "Count" not in resource:
            counts[name] = None
            out[name] = resource
            continue
        counted = True
        path = f"Resources.{name}.Count"
        try:
            n = count_value(resource["Count"], path, evaluate, lenient)
        except TemplateError as exc:
            errors.append(exc)
            continue
        counts[name] = n
        if sum(1 if c is None else c for c in counts.values()) > MAX_RESOURCES:
            errors.append(InvalidTemplate(path, reason=f"Count expands the template past {MAX_RESOURCES} resources"))
            break
        body = {k: v for k, v in resource.items() if k != "Count"}
        for i in range(n):
            copy_id = f"{name}[{i}]"
            if copy_id in resources:
                errors.append(StackValidationFailed(path, reason=f"Expanded resource name {copy_id} already exists"))
                continue
            item = dict(body)
            if "Properties" in body:
                item["Properties"] = substitute_index(body["Properties"], i)
            out[copy_id] = item
    if counted and len(out) > MAX_RESOURCES:
        errors.append(InvalidTemplate("Resources", reason=f"Count expands the template to {len(out)} resources, more than {MAX_RESOURCES}"))
    return out, counts, errors


__all__ = ["expand", "substitute_index", "MAX_RESOURCES"]
