"""Static checks of one resource: keys, type, properties against the catalogue, references."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from .catalogue import PropSpec, TypeSpec
from .errors import (InvalidTemplateAttribute, InvalidTemplatePropertyType, InvalidTemplateReference,
                     NotSupported, StackValidationFailed, TemplateError)
from .functions import Intrinsic, iter_references
from .functions.base import to_number
from .functions.conditions import values_equal

RESOURCE_KEYS = frozenset({"Type", "Properties", "Metadata", "DependsOn", "DeletionPolicy", "Description",
                           "Condition", "Count"})
DELETION_POLICIES = ("Delete", "Retain")


def check_resource_shape(name: str, raw: Any, warnings: list[str]) -> None:
    path = f"Resources.{name}"
    if "/" in name:
        raise StackValidationFailed(path, reason=f"Resource name {name} must not contain '/'")
    if not isinstance(raw, dict):
        raise StackValidationFailed(path, reason=f"Resource {name} must be a map")
    if not isinstance(raw.get("Type"), str) or not raw.get("Type"):
        raise StackValidationFailed(path, reason="Each Resource must contain a Type key")
    for key in raw:
        if key not in RESOURCE_KEYS:
            warnings.append(f"{path}: unknown resource attribute {key!r} ignored")
    policy = raw.get("DeletionPolicy", "Delete")
    if policy not in DELETION_POLICIES:
        raise StackValidationFailed(f"{path}.DeletionPolicy", reason=f"Invalid deletion policy {policy!r}")
    if "Properties" in raw and raw["Properties"] is not None and not isinstance(raw["Properties"], dict):
        raise StackValidationFailed(f"{path}.Properties", reason=f"Properties of {name} must be a map")


def depends_on_names(name: str, raw: dict[str, Any]) -> list[str]:
    value = raw.get("DependsOn")
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise StackValidationFailed(f"Resources.{name}.DependsOn", reason="DependsOn must be a name or a list of names")
    return items


def resolve_type(kind: str, path: str, extra: Mapping[str, TypeSpec]) -> TypeSpec:
    from .catalogue import get_type
    if kind in extra:
        return extra[kind]
    if kind.startswith("MODULE::"):
        raise NotSupported(f"{path}.Type", feature=f"Module resource type {kind}")
    spec = get_type(kind)
    if spec is None:
        raise StackValidationFailed(f"{path}.Type", reason=f"Unknown resource Type : {kind}")
    return spec


def check_properties(name: str, spec: TypeSpec, properties: dict[str, Any], warnings: list[str]
                     ) -> list[TemplateError]:
    """Unknown / missing required properties and literal values of the wrong type.

    Unknown properties are errors for emulated (and test) types, whose schema is exact; for
    other types the CDK-derived schema lags the service (deprecated properties), so they warn.
    """
    errors: list[TemplateError] = []
    path = f"Resources.{name}.Properties"
    if not spec.open_properties:
        for key in properties:
            if key not in spec.properties:
                if spec.emulated or spec.name.startswith("ROSCONSOLE::"):
                    errors.append(StackValidationFailed(f"{path}.{key}", reason=f"Unknown Property {key}"))
                else:
                    warnings.append(f"{path}.{key}: property not in the {spec.name} catalogue schema")
    for key, prop in spec.properties.items():
        if key not in properties:
            if prop.required:
                errors.append(StackValidationFailed(f"{path}.{key}", reason=f"Property {key} of resource {name} is required"))
            continue
        try:
            check_value(name, key, prop, properties[key], f"{path}.{key}")
        except TemplateError as exc:
            errors.append(exc)
    return errors


_KINDS = {
    "String": lambda v: isinstance(v, (str, int, float)),
    "Number": lambda v: to_number(v) is not None,
    "Boolean": lambda v: isinstance(v, bool) or (isinstance(v, str) and v.lower() in ("true", "false")),
    "List": lambda v: isinstance(v, list),
    "Map": lambda v: isinstance(v, dict),
}


def check_value(resource: str, key: str, prop: PropSpec, value: Any, path: str) -> None:
    if isinstance(value, Intrinsic) or value is None:
        return
    test = _KINDS.get(prop.type)
    if test is not None and not test(value):
        raise InvalidTemplatePropertyType(path, resource=resource, section=key)
    if prop.allowed_values is not None and not isinstance(value, (dict, list)):
        if not any(values_equal(value, allowed) for allowed in prop.allowed_values):
            raise StackValidationFailed(path, reason=f"Value {value!r} of property {key} is not one of {list(prop.allowed_values)}")
    _check_bounds(key, prop, value, path)


def _check_bounds(key: str, prop: PropSpec, value: Any, path: str) -> None:
    if prop.min is None and prop.max is None:
        return
    if prop.type == "Number":
        measure, what = to_number(value), "value"
    elif isinstance(value, (str, list)):
        measure, what = len(value), "length"
    else:
        return
    if measure is None or any(isinstance(x, Intrinsic) for x in (value if isinstance(value, list) else [])):
        return
    if prop.min is not None and measure < prop.min:
        raise StackValidationFailed(path, reason=f"Property {key}: {what} {measure} is less than {prop.min}")
    if prop.max is not None and measure > prop.max:
        raise StackValidationFailed(path, reason=f"Property {key}: {what} {measure} is greater than {prop.max}")


def check_references(tree: Any, path: str, referencer: str, names: set[str], resources: Mapping[str, TypeSpec],
                     refs: Iterable[Any] | None = None) -> list[TemplateError]:
    """Every Ref / Sub name is known; every GetAtt names a resource and one of its attributes."""
    errors: list[TemplateError] = []
    for ref in (iter_references(tree) if refs is None else refs):
        if isinstance(ref, str):
            if ref not in names:
                errors.append(InvalidTemplateReference(path, name=ref, referencer=referencer))
            continue
        resource, attribute = ref
        spec = resources.get(resource)
        if spec is None:
            errors.append(InvalidTemplateReference(path, name=resource, referencer=referencer))
        elif attribute and not _has_attribute(spec, attribute):
            errors.append(InvalidTemplateAttribute(path, resource=resource, name=attribute))
    return errors


def _has_attribute(spec: TypeSpec, attribute: str) -> bool:
    if spec.open_attributes and (spec.name != "ALIYUN::ROS::Stack" or attribute.startswith("Outputs.")):
        return True
    return attribute in spec.attributes


def dedupe(errors: Iterable[TemplateError]) -> list[TemplateError]:
    seen, out = set(), []
    for err in errors:
        if str(err) not in seen:
            seen.add(str(err))
            out.append(err)
    return out
