"""Parameters: definitions, coercion of user values, constraints, NoEcho, pseudo parameters.

Order of checks (spec Appendix B): definition -> user value (else Default) -> constraints.
A failed constraint is ``StackValidationFailed``: ``Parameter '<name>' is invalid: <reason>``,
where ConstraintDescription replaces the generic reason.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import NotSupported, StackValidationFailed, TemplateError, UnknownUserParameter, UserParameterMissing
from .functions import NO_VALUE, contains_function
from .functions.base import to_number, to_text
from .functions.conditions import values_equal

TYPES = ("String", "Number", "CommaDelimitedList", "Json", "Boolean")
OOS_TYPES = ("ALIYUN::OOS::Parameter::Value", "ALIYUN::OOS::SecretParameter::Value")
PROPERTIES = frozenset({
    "Type", "Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue",
    "NoEcho", "Description", "ConstraintDescription", "Label", "AssociationProperty",
    "AssociationPropertyMetadata", "Confirm", "TextArea", "Required", "ReadOnly", "Placeholder",
})
# Keys whose values must be plain data; console hints (AssociationPropertyMetadata ...) may hold conditions.
VALUE_KEYS = frozenset({"Type", "Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue",
                        "MaxValue", "NoEcho"})
PSEUDO = ("ALIYUN::StackName", "ALIYUN::StackId", "ALIYUN::Region", "ALIYUN::AccountId", "ALIYUN::TenantId",
          "ALIYUN::ResourceGroupId", "ALIYUN::NoValue")
INDEX = "ALIYUN::Index"
NO_ECHO_MASK = "****"
_NAME = re.compile(r"^[A-Za-z0-9_]+$")
MISSING = object()
PLACEHOLDERS: dict[str, Any] = {"String": "", "Number": 0, "CommaDelimitedList": [], "Json": {}, "Boolean": False}


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


@dataclass
class ParameterSchema:
    """One parameter definition."""

    name: str
    type: str
    definition: dict[str, Any]
    default: Any = MISSING
    no_echo: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"Parameters.{self.name}"

    def invalid(self, reason: str, generic: bool = True) -> StackValidationFailed:
        custom = self.definition.get("ConstraintDescription")
        if generic and isinstance(custom, str) and custom:
            reason = custom
        return StackValidationFailed(self.path, reason=f"Parameter '{self.name}' is invalid: {reason}")

    def coerce(self, value: Any) -> Any:
        """A user value (API string or typed) as this parameter's type."""
        return _COERCE[self.type](self, value)

    def check_constraints(self, value: Any) -> None:
        definition = self.definition
        items = value if self.type == "CommaDelimitedList" else [value]
        allowed = definition.get("AllowedValues")
        if isinstance(allowed, list) and self.type != "Json":
            for item in items:
                if not any(values_equal(item, a) for a in allowed):
                    raise self.invalid(f"{to_text(item)!r} is not one of the allowed values {allowed}")
        pattern = definition.get("AllowedPattern")
        if isinstance(pattern, str) and self.type in ("String", "CommaDelimitedList"):
            self._check_pattern(pattern, items)
        self._check_length(value)
        if self.type == "Number":
            self._check_range(value)

    def _check_pattern(self, pattern: str, items: list[Any]) -> None:
        try:
            regex = re.compile(pattern)
        except re.error as exc:
            raise self.invalid(f"AllowedPattern is not a valid regular expression: {exc}", generic=False) from None
        for item in items:
            if not isinstance(item, str) or not regex.fullmatch(item):
                raise self.invalid(f"{to_text(item)!r} does not match pattern {pattern!r}")

    def _bound(self, key: str) -> int | float | None:
        raw = self.definition.get(key)
        if raw is None:
            return None
        number = to_number(raw)
        if number is None:
            raise self.invalid(f"{key} {raw!r} is not a number", generic=False)
        return number

    def _check_length(self, value: Any) -> None:
        low, high = self._bound("MinLength"), self._bound("MaxLength")
        if low is None and high is None:
            return
        if self.type == "String" or (self.type == "Json" and isinstance(value, list)):
            size = len(value)
            if low is not None and size < low:
                raise self.invalid(f"length {size} is less than MinLength {low}")
            if high is not None and size > high:
                raise self.invalid(f"length {size} is greater than MaxLength {high}")

    def _check_range(self, value: Any) -> None:
        low, high = self._bound("MinValue"), self._bound("MaxValue")
        if low is not None and value < low:
            raise self.invalid(f"{value} is less than MinValue {low}")
        if high is not None and value > high:
            raise self.invalid(f"{value} is greater than MaxValue {high}")


def _string(schema: ParameterSchema, value: Any) -> Any:
    if isinstance(value, (dict, list)):
        raise schema.invalid("Value must be a string", generic=False)
    return to_text(value)


def _number(schema: ParameterSchema, value: Any) -> Any:
    number = to_number(value)
    if number is None:
        raise schema.invalid(f"Value {to_text(value)!r} must be a number", generic=False)
    return number


def _list(schema: ParameterSchema, value: Any) -> Any:
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):
            raise schema.invalid("Value must be a comma-delimited list", generic=False)
        return [to_text(v) for v in value]
    text = to_text(value)
    return [item.strip() for item in text.split(",")] if text.strip() else []


def _json(schema: ParameterSchema, value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise schema.invalid("Value must be valid JSON", generic=False) from None
    if not isinstance(value, (dict, list)):
        raise schema.invalid("Value must be a JSON object or array", generic=False)
    return value


def _boolean(schema: ParameterSchema, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "True", "false", "False"):
        return value.lower() == "true"
    raise schema.invalid(f"Value {to_text(value)!r} must be true or false", generic=False)


_COERCE = {"String": _string, "Number": _number, "CommaDelimitedList": _list, "Json": _json, "Boolean": _boolean}


def parse_schemas(section: Any) -> tuple[dict[str, ParameterSchema], list[TemplateError]]:
    """Parameter definitions; definition errors are returned, not raised."""
    schemas: dict[str, ParameterSchema] = {}
    errors: list[TemplateError] = []
    if section is None:
        return schemas, errors
    if not isinstance(section, dict):
        return schemas, [StackValidationFailed("Parameters", reason="The Parameters section must be a map")]
    for name, definition in section.items():
        try:
            schemas[name] = parse_schema(name, definition)
        except TemplateError as exc:
            errors.append(exc)
    return schemas, errors


def parse_schema(name: str, definition: Any) -> ParameterSchema:
    path = f"Parameters.{name}"
    if not _NAME.match(name):
        raise StackValidationFailed(path, reason=f"Parameter name {name!r} is invalid: use letters and digits only")
    if not isinstance(definition, dict):
        raise StackValidationFailed(path, reason=f"Parameter {name} must be a map")
    kind = definition.get("Type")
    if kind in OOS_TYPES:
        raise NotSupported(f"{path}.Type", feature=f"Parameter type {kind} (not emulated)")
    if kind not in TYPES:
        raise StackValidationFailed(f"{path}.Type", reason=f"Parameter {name} has an invalid Type {kind!r}")
    function = contains_function({k: v for k, v in definition.items() if k in VALUE_KEYS})
    if function:
        raise StackValidationFailed(path, reason=f"Functions such as {function} are not allowed in Parameters")
    schema = ParameterSchema(name, kind, definition, no_echo=_flag(definition.get("NoEcho")))
    schema.warnings = [f"{path}: unknown parameter property {key}" for key in definition if key not in PROPERTIES]
    if "Default" in definition:
        schema.default = _checked_default(schema, definition["Default"])
    return schema


def _checked_default(schema: ParameterSchema, default: Any) -> Any:
    if default is None:
        return ""            # Default: null is an empty value and skips validation
    value = schema.coerce(default)
    schema.check_constraints(value)
    return value


def resolve_values(schemas: Mapping[str, ParameterSchema], given: Mapping[str, Any], require: bool
                   ) -> tuple[dict[str, Any], list[TemplateError]]:
    """Typed values of every parameter that has one (user value, else default)."""
    values: dict[str, Any] = {}
    errors: list[TemplateError] = []
    for key in given:
        if key not in schemas:
            errors.append(UnknownUserParameter(f"Parameters.{key}", name=key))
    for name, schema in schemas.items():
        try:
            if name in given:
                values[name] = schema.coerce(given[name])
                schema.check_constraints(values[name])
            elif schema.default is not MISSING:
                values[name] = schema.default
            elif require:
                raise UserParameterMissing(schema.path, name=name)
        except TemplateError as exc:
            errors.append(exc)
    return values, errors


def pseudo_values(context: Any) -> dict[str, Any]:
    """The pseudo parameters for a StackContext."""
    return {
        "ALIYUN::StackName": context.stack_name,
        "ALIYUN::StackId": context.stack_id,
        "ALIYUN::Region": context.region,
        "ALIYUN::AccountId": context.account_id,
        "ALIYUN::TenantId": context.tenant_id or context.account_id,
        "ALIYUN::ResourceGroupId": context.resource_group_id,
        "ALIYUN::NoValue": NO_VALUE,
    }


def display_value(value: Any) -> str:
    if value is NO_VALUE or value is None:
        return "None"
    if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
        return ",".join(map(to_text, value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return to_text(value)


def schema_summary(schema: ParameterSchema) -> dict[str, Any]:
    """One entry of the ValidateTemplate ``Parameters`` list."""
    definition = schema.definition
    out: dict[str, Any] = {
        "ParameterKey": schema.name,
        "Type": schema.type,
        "Description": definition.get("Description", ""),
        "Label": definition.get("Label", schema.name),
        "NoEcho": "true" if schema.no_echo else "false",
    }
    for key in ("Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue",
                "ConstraintDescription", "AssociationProperty", "AssociationPropertyMetadata", "Confirm",
                "TextArea", "Required", "Placeholder"):
        if key in definition:
            out[key] = definition[key]
    if schema.type == "Boolean" and "AllowedValues" not in out:
        out["AllowedValues"] = ["True", "true", "False", "false"]
    return out
