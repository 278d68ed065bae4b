"""ListResourceTypes, GetResourceType, GetResourceTypeTemplate: from the template catalogue."""
from __future__ import annotations

import fnmatch
import json
import re
from typing import Any

from stacks.api.context import ApiContext
from stacks.api.errors import ApiError
from stacks.template import catalogue

ENTITY_TYPES = ("Resource", "DataSource", "Module", "All")
PROVIDERS = ("ROS", "Self")
PARAMETER_TYPES = {"String": "String", "Number": "Number", "Boolean": "Boolean"}  # others become Json


def entity_type(name: str) -> str:
    if name.startswith("DATASOURCE::"):
        return "DataSource"
    if name.startswith("MODULE::"):
        return "Module"
    return "Resource"


def describe(name: str) -> str:
    if catalogue.is_emulated(name):
        return f"{name}: provisioned by this installation."
    return (f"{name}: known to the template language but not emulated here; a stack using it fails unless "
            "it is created with the tag rosconsole:simulate=true.")


def not_found(name: str) -> ApiError:
    return ApiError("ResourceTypeNotFound", f"The Resource Type ({name}) could not be found.")


def list_resource_types(ctx: ApiContext) -> dict[str, Any]:
    wanted = ctx.params.enum("EntityType", ENTITY_TYPES, default="Resource")
    provider = ctx.params.enum("Provider", PROVIDERS, default="ROS")
    pattern = ctx.params.string("ResourceType")
    names: list[str] = []
    if provider == "ROS":  # no types are registered by users ("Self") here
        for name in sorted(catalogue.all_types()):
            if wanted != "All" and entity_type(name) != wanted:
                continue
            if pattern and not fnmatch.fnmatchcase(name, pattern):
                continue
            names.append(name)
    summaries = [{"ResourceType": n, "EntityType": entity_type(n), "Provider": "ROS", "Description": describe(n)}
                 for n in names]
    return {"ResourceTypes": names, "ResourceTypeSummaries": summaries}


def _spec(ctx: ApiContext) -> catalogue.TypeSpec:
    name = ctx.params.required("ResourceType")
    if ctx.params.string("VersionId"):
        raise ApiError("NotSupported", "VersionId is not supported: only the built-in (ROS) resource types exist here.")
    spec = catalogue.get_type(name) if not name.startswith("Custom::") else None
    if spec is None:
        raise not_found(name)
    return spec


def property_schema(prop: catalogue.PropSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"Type": prop.type.lower(), "Required": prop.required}
    if prop.update_allowed is not None:
        schema["UpdateAllowed"] = prop.update_allowed
        schema["Immutable"] = not prop.update_allowed
    constraints: list[dict[str, Any]] = []
    if prop.allowed_values is not None:
        constraints.append({"AllowedValues": list(prop.allowed_values)})
    if prop.min is not None or prop.max is not None:
        kind = "Range" if prop.type == "Number" else "Length"
        bounds = {k: v for k, v in (("Min", prop.min), ("Max", prop.max)) if v is not None}
        constraints.append({kind: bounds})
    if prop.pattern:
        constraints.append({"AllowedPattern": prop.pattern})
    if constraints:
        schema["Constraints"] = constraints
    return schema


def get_resource_type(ctx: ApiContext) -> dict[str, Any]:
    spec = _spec(ctx)
    return {
        "ResourceType": spec.name,
        "EntityType": entity_type(spec.name),
        "Provider": "ROS",
        "Description": describe(spec.name),
        "Properties": {name: property_schema(prop) for name, prop in spec.properties.items()},
        "Attributes": {name: {} for name in sorted(spec.attributes)},
        "SupportDriftDetection": False,
        "SupportScratchDetection": False,
    }


def sample_template(spec: catalogue.TypeSpec) -> dict[str, Any]:
    """Every property as a parameter (optional ones default to null and are dropped when empty),
    every attribute as an output."""
    logical_id = re.sub(r"[^A-Za-z0-9]", "", spec.name.split("::")[-1]) or "Resource"
    if logical_id in spec.properties:
        logical_id += "Resource"
    parameters: dict[str, Any] = {}
    conditions: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for name, prop in spec.properties.items():
        param: dict[str, Any] = {"Type": PARAMETER_TYPES.get(prop.type, "Json")}
        if prop.allowed_values is not None:
            param["AllowedValues"] = list(prop.allowed_values)
        if prop.type == "Number" and prop.min is not None:
            param["MinValue"] = prop.min
        if prop.type == "Number" and prop.max is not None:
            param["MaxValue"] = prop.max
        if prop.type == "String" and prop.min is not None:
            param["MinLength"] = prop.min
        if prop.type == "String" and prop.max is not None:
            param["MaxLength"] = prop.max
        if prop.pattern and prop.type == "String":
            param["AllowedPattern"] = prop.pattern
        if prop.required:
            properties[name] = {"Ref": name}
        else:
            param["Default"] = None
            conditions[f"Has{name}"] = {"Fn::Not": {"Fn::Equals": ["", {"Ref": name}]}}
            properties[name] = {"Fn::If": [f"Has{name}", {"Ref": name}, {"Ref": "ALIYUN::NoValue"}]}
        parameters[name] = param
    template: dict[str, Any] = {"ROSTemplateFormatVersion": "2015-09-01", "Parameters": parameters}
    if conditions:
        template["Conditions"] = conditions
    template["Resources"] = {logical_id: {"Type": spec.name, "Properties": properties}}
    template["Outputs"] = {attr: {"Value": {"Fn::GetAtt": [logical_id, attr]}} for attr in sorted(spec.attributes)}
    return template


def get_resource_type_template(ctx: ApiContext) -> dict[str, Any]:
    template = sample_template(_spec(ctx))
    return {"TemplateBody": template, "TemplateContent": json.dumps(template, indent=2)}
