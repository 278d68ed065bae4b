"""``validate()``: the whole static check, producing a ``ResolvedTemplate``.

Sections -> parameters -> mappings -> locals -> conditions -> Count -> resources (types,
properties, references) -> outputs -> rules -> dependency graph.  Errors are collected and
raised together (``TemplateErrors``) when there are several.

``mode="validate"`` is ValidateTemplate: parameter values are not required, every resource
is checked whatever its condition, and Count/conditions that need absent values are
evaluated leniently.
"""
from __future__ import annotations

from typing import Any, Mapping

from . import checks
from .catalogue import TypeSpec
from .conditions import Conditions
from .context import StackContext
from .count import expand
from .errors import (InvalidTemplate, InvalidTemplateReference, InvalidTemplateSection, InvalidTemplateVersion,
                     MissingTemplateVersion, NotSupported, StackValidationFailed, TemplateError, collect)
from .functions import (CONDITIONS_SECTION_FUNCTIONS, RULES_FUNCTIONS, Intrinsic, ResolveContext, contains_function,
                        iter_references, parse)
from .graph import DependencyGraph
from .loader import Template
from .locals import Locals
from .parameters import INDEX, PLACEHOLDERS, PSEUDO, parse_schemas, pseudo_values, resolve_values
from .resolved import ResolvedTemplate, ResourceDefinition

VERSION = "2015-09-01"
SECTIONS = frozenset({"ROSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions",
                      "Resources", "Outputs", "Rules", "Locals", "Transform", "Workspace"})
MODES = ("create", "update", "preview", "validate")


def validate(template: Template, parameters: Mapping[str, Any] | None = None, context: StackContext | None = None,
             extra_types: Mapping[str, TypeSpec] | None = None, mode: str = "create") -> ResolvedTemplate:
    """Check ``template`` with ``parameters``; return the ResolvedTemplate or raise TemplateError(s)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    return _Validation(template, parameters or {}, context or StackContext(), extra_types or {}, mode).run()


class _Validation:
    def __init__(self, template: Template, given: Mapping[str, Any], context: StackContext,
                 extra_types: Mapping[str, TypeSpec], mode: str) -> None:
        self.body = template.body
        self.given = given
        self.context = context
        self.extra = extra_types
        self.lenient = mode == "validate"
        self.mode = mode
        self.errors: list[TemplateError] = []
        self.warnings: list[str] = []

    # --- driver ---------------------------------------------------------------------------

    def run(self) -> ResolvedTemplate:
        self._check_sections()
        collect(self.errors)
        self._parameters()
        self.mappings = self._mappings()
        self.raw_resources = self._resources_section()
        self.locals = Locals(self.body.get("Locals"), list(self.schemas) + list(self.raw_resources))
        self.errors += self.locals.errors
        self.conditions_def = Conditions(self.body.get("Conditions"),
                                         list(self.schemas) + list(PSEUDO) + list(self.locals.names))
        self.errors += self.conditions_def.errors
        self.conditions = self.conditions_def.evaluate(self._context(), self.lenient)
        self.errors += [e for e in self.conditions_def.errors if e not in self.errors]
        expanded, self.counts, errors = expand(self.raw_resources, self._evaluate, self.lenient)
        self.errors += errors
        definitions = self._definitions(expanded)
        outputs = self._outputs()
        rules = self._rules()
        graph = self._graph(definitions)
        collect(checks.dedupe(self.errors))
        resolved = self._result(definitions, graph, outputs, rules)
        if not self.lenient:
            resolved.check_rules()
        return resolved

    # --- sections -------------------------------------------------------------------------

    def _check_sections(self) -> None:
        for key in self.body:
            if key not in SECTIONS:
                self.errors.append(InvalidTemplateSection(key, section=key))
        version = self.body.get("ROSTemplateFormatVersion")
        if version is None:
            self.errors.append(MissingTemplateVersion("ROSTemplateFormatVersion"))
        elif str(version) != VERSION:
            self.errors.append(InvalidTemplateVersion("ROSTemplateFormatVersion", reason=f"{version} (expected {VERSION})"))
        transform = self.body.get("Transform")
        if transform is not None:
            if isinstance(transform, str) and transform.startswith(("Aliyun::Serverless-", "Aliyun::Terraform-")):
                self.errors.append(NotSupported("Transform", feature=f"Transform {transform}"))
            else:
                self.errors.append(InvalidTemplate("Transform", reason=f"Unknown Transform {transform!r}"))
        elif "Workspace" in self.body:
            self.errors.append(InvalidTemplate("Workspace", reason="Workspace is only valid with a Terraform Transform"))
        description = self.body.get("Description")
        if description is not None and not isinstance(description, (str, dict)):
            self.errors.append(InvalidTemplate("Description", reason="Description must be a string"))
        self._check_interface()

    def _check_interface(self) -> None:
        metadata = self.body.get("Metadata")
        if metadata is not None and not isinstance(metadata, dict):
            self.errors.append(InvalidTemplate("Metadata", reason="Metadata must be a map"))
            return
        interface = (metadata or {}).get("ALIYUN::ROS::Interface")
        if interface is None:
            return
        path = "Metadata.ALIYUN::ROS::Interface"
        if not isinstance(interface, dict):
            self.errors.append(InvalidTemplate(path, reason="ALIYUN::ROS::Interface must be a map"))
            return
        params = self.body.get("Parameters") if isinstance(self.body.get("Parameters"), dict) else {}
        outputs = self.body.get("Outputs") if isinstance(self.body.get("Outputs"), dict) else {}
        for i, group in enumerate(interface.get("ParameterGroups") or []):
            names = group.get("Parameters") if isinstance(group, dict) else None
            if not isinstance(names, list):
                self.errors.append(InvalidTemplate(f"{path}.ParameterGroups.{i}", reason="Each parameter group needs a Parameters list"))
                continue
            self.warnings += [f"{path}.ParameterGroups.{i}: unknown parameter {n}" for n in names if n not in params]
        for key, known in (("Hidden", params), ("Outputs", outputs)):
            value = interface.get(key)
            if value is not None and not isinstance(value, list):
                self.errors.append(InvalidTemplate(f"{path}.{key}", reason=f"{key} must be a list"))
            self.warnings += [f"{path}.{key}: unknown name {n}" for n in value or [] if n not in known]

    def _parameters(self) -> None:
        self.schemas, errors = parse_schemas(self.body.get("Parameters"))
        self.errors += errors
        for schema in self.schemas.values():
            self.warnings += schema.warnings
        self.values, errors = resolve_values(self.schemas, self.given, require=not self.lenient)
        self.errors += errors
        self.eval_values = dict(self.values)
        for name, schema in self.schemas.items():
            self.eval_values.setdefault(name, PLACEHOLDERS[schema.type])
        self.pseudo = pseudo_values(self.context)

    def _mappings(self) -> dict[str, Any]:
        mappings = self.body.get("Mappings")
        if mappings is None:
            return {}
        if not isinstance(mappings, dict):
            self.errors.append(StackValidationFailed("Mappings", reason="The Mappings section must be a map"))
            return {}
        for name, mapping in mappings.items():
            if not isinstance(mapping, dict) or not all(isinstance(v, dict) for v in mapping.values()):
                self.errors.append(StackValidationFailed(f"Mappings.{name}", reason=f"Mapping {name} must be a two-level map"))
            function = contains_function(mapping)
            if function:
                self.errors.append(StackValidationFailed(f"Mappings.{name}", reason=f"Functions such as {function} are not allowed in Mappings"))
        return mappings

    def _resources_section(self) -> dict[str, Any]:
        resources = self.body.get("Resources")
        if resources is None:
            return {}
        if not isinstance(resources, dict):
            self.errors.append(StackValidationFailed("Resources", reason="The Resources section must be a map"))
            return {}
        return resources

    # --- evaluation helpers ---------------------------------------------------------------

    def _context(self, state: Any = None) -> ResolveContext:
        live = getattr(self, "live_counts", {})
        return ResolveContext(
            parameters=self.eval_values, pseudo=self.pseudo, mappings=self.mappings,
            conditions=self._condition, local=self.locals.value, local_names=self.locals.names,
            resources=live, state=state, region=self.context.region,
            regions_zones=self.context.regions_zones, get_stack_output=self.context.get_stack_output,
        )

    def _condition(self, name: str, path: str) -> bool:
        if name not in getattr(self, "conditions", {}):
            raise InvalidTemplateReference(path, name=name, referencer=path)
        return self.conditions[name]

    def _evaluate(self, tree: Any) -> Any:
        from .functions import resolve_value
        return resolve_value(tree, self._context())

    # --- resources ------------------------------------------------------------------------

    def _live(self, raw: Any) -> bool:
        if not isinstance(raw, dict):  # reported as an error by _definition; never live
            return False
        condition = raw.get("Condition")
        return self.lenient or condition is None or self.conditions.get(condition, False)

    def _definitions(self, expanded: dict[str, Any]) -> dict[str, ResourceDefinition]:
        specs: dict[str, TypeSpec] = {}
        parsed: dict[str, ResourceDefinition] = {}
        self.refs: dict[str, list[Any]] = {}
        for name, raw in expanded.items():
            try:
                definition, spec = self._definition(name, raw)
            except TemplateError as exc:
                self.errors.append(exc)
                base = _split_copy(name, self.counts)[0]
                specs.setdefault(base, TypeSpec(str(raw.get("Type")) if isinstance(raw, dict) else "?",
                                                open_attributes=True))
                continue
            base = definition.count_of or name
            specs[base] = spec
            parsed[name] = definition
        live_bases = {n: c for n, c in self.counts.items() if n in specs and self._live(self.raw_resources[n])}
        self.live_counts = live_bases
        names = set(self.schemas) | set(PSEUDO) | self.locals.names | set(self.counts)
        self.locals.check_references(self.schemas, names)
        self.errors += [e for e in self.locals.errors if e not in self.errors]
        self.specs = specs
        for name, definition in parsed.items():
            path = f"Resources.{name}.Properties"
            self.refs[name] = list(dict.fromkeys(iter_references(definition.properties)))
            self.errors += checks.check_references(None, path, name, names, specs, self.refs[name])
        return {n: d for n, d in parsed.items() if (d.count_of or n) in live_bases}

    def _definition(self, name: str, raw: Any) -> tuple[ResourceDefinition, TypeSpec]:
        base, index = _split_copy(name, self.counts)
        checks.check_resource_shape(name, raw, self.warnings if index in (None, 0) else [])
        path = f"Resources.{name}"
        condition = raw.get("Condition")
        if condition is not None and condition not in self.conditions_def:
            raise InvalidTemplateReference(f"{path}.Condition", name=str(condition), referencer=name)
        spec = checks.resolve_type(raw["Type"], path, self.extra)
        properties = _parse_properties(raw.get("Properties") or {}, f"{path}.Properties")
        self.errors += checks.check_properties(name, spec, properties, self.warnings)
        checks.depends_on_names(name, raw)
        return ResourceDefinition(
            logical_id=name, type=raw["Type"], properties=properties,
            deletion_policy=raw.get("DeletionPolicy", "Delete"), condition=condition,
            metadata=raw.get("Metadata"), description=raw.get("Description"), emulated=spec.emulated,
            count_of=base if index is not None else None, index=index, prop_specs=dict(spec.properties),
        ), spec

    def _copies(self, base: str) -> list[str]:
        count = self.live_counts.get(base, 0) if base in self.live_counts else None
        if base not in self.live_counts:
            return []
        return [base] if count is None else [f"{base}[{i}]" for i in range(count)]

    def _requirements(self, name: str, definition: ResourceDefinition) -> set[str]:
        raw = self.raw_resources[definition.count_of or name]
        needed: set[str] = set()
        for target in checks.depends_on_names(name, raw):
            if target not in self.counts:
                self.errors.append(InvalidTemplateReference(f"Resources.{name}.DependsOn", name=target, referencer=name))
            needed.update(self._copies(target))
        for ref in _expand_locals(self.refs[name], self.locals):
            target = ref[0] if isinstance(ref, tuple) else ref
            if target in self.counts:
                needed.update(self._copies(target))
        needed.discard(name)
        return needed

    def _graph(self, definitions: dict[str, ResourceDefinition]) -> DependencyGraph:
        requires = {}
        for name, definition in definitions.items():
            definition.depends_on = frozenset(self._requirements(name, definition))
            requires[name] = definition.depends_on
        try:
            return DependencyGraph(requires)
        except TemplateError as exc:
            self.errors.append(exc)
            return DependencyGraph({n: () for n in requires})

    # --- outputs and rules ----------------------------------------------------------------

    def _outputs(self) -> dict[str, dict[str, Any]]:
        section = self.body.get("Outputs")
        if section is None:
            return {}
        if not isinstance(section, dict):
            self.errors.append(StackValidationFailed("Outputs", reason="The Outputs section must be a map"))
            return {}
        names = set(self.schemas) | set(PSEUDO) | self.locals.names | set(self.counts)
        outputs: dict[str, dict[str, Any]] = {}
        for key, output in section.items():
            path = f"Outputs.{key}"
            try:
                if not isinstance(output, dict) or "Value" not in output:
                    raise StackValidationFailed(path, reason=f"Output {key} must be a map with a Value")
                condition = output.get("Condition")
                if condition is not None and condition not in self.conditions_def:
                    raise InvalidTemplateReference(f"{path}.Condition", name=str(condition), referencer=path)
                value = parse(output["Value"], f"{path}.Value", None, "Outputs")
                self.errors += checks.check_references(value, f"{path}.Value", path, names, self.specs)
                outputs[key] = dict(output, Value=value)
            except TemplateError as exc:
                self.errors.append(exc)
        return outputs

    def _rules(self) -> dict[str, dict[str, Any]]:
        section = self.body.get("Rules")
        if section is None:
            return {}
        if not isinstance(section, dict):
            self.errors.append(StackValidationFailed("Rules", reason="The Rules section must be a map"))
            return {}
        rules: dict[str, dict[str, Any]] = {}
        for name, rule in section.items():
            try:
                rules[name] = self._rule(name, rule)
            except TemplateError as exc:
                self.errors.append(exc)
        return rules

    def _rule(self, name: str, rule: Any) -> dict[str, Any]:
        path = f"Rules.{name}"
        if not isinstance(rule, dict) or not isinstance(rule.get("Assertions"), list):
            raise StackValidationFailed(path, reason=f"Rule {name} needs an Assertions list")
        if len(rule["Assertions"]) > 100:
            raise StackValidationFailed(path, reason=f"Rule {name} has more than 100 assertions")
        names = set(self.schemas) | set(PSEUDO)
        out: dict[str, Any] = {"Assertions": []}
        if "RuleCondition" in rule:
            out["RuleCondition"] = parse(rule["RuleCondition"], f"{path}.RuleCondition", RULES_FUNCTIONS, "Rules")
            self.errors += checks.check_references(out["RuleCondition"], f"{path}.RuleCondition", path, names, {})
        for i, assertion in enumerate(rule["Assertions"]):
            apath = f"{path}.Assertions.{i}"
            if not isinstance(assertion, dict) or "Assert" not in assertion:
                raise StackValidationFailed(apath, reason="Each assertion needs an Assert")
            tree = parse(assertion["Assert"], f"{apath}.Assert", RULES_FUNCTIONS, "Rules")
            self.errors += checks.check_references(tree, f"{apath}.Assert", path, names, {})
            out["Assertions"].append(dict(assertion, Assert=tree))
        return out

    # --- result ---------------------------------------------------------------------------

    def _result(self, definitions: dict[str, ResourceDefinition], graph: DependencyGraph,
                outputs: dict[str, Any], rules: dict[str, Any]) -> ResolvedTemplate:
        metadata = self.body.get("Metadata")
        return ResolvedTemplate(
            description=self.body.get("Description"), format_version=str(self.body.get("ROSTemplateFormatVersion")),
            metadata=metadata if isinstance(metadata, dict) else {}, parameters=dict(self.values),
            no_echo={n for n, s in self.schemas.items() if s.no_echo}, schemas=self.schemas, pseudo=self.pseudo,
            conditions=dict(self.conditions), resources=definitions, graph=graph, warnings=self.warnings,
            outputs=outputs, rules=rules, mappings=self.mappings, counts=dict(self.counts),
            all_resources=self.raw_resources, context_factory=self._context,
            local_references={n: frozenset(self.locals.references_of(n)) for n in self.locals.names},
            condition_references=_condition_references(self.conditions_def.trees, self.locals),
        )


def _parse_properties(raw: dict[str, Any], path: str) -> dict[str, Any]:
    """Parse property values; a nested template body (``TemplateBody`` with its own
    ``ROSTemplateFormatVersion``) is data of the nested stack, not functions of this one."""
    out = {}
    for key, value in raw.items():
        if key == "TemplateBody" and isinstance(value, dict) and "ROSTemplateFormatVersion" in value:
            out[key] = value
        else:
            out[key] = parse(value, f"{path}.{key}", None, "Resources")
    return out


def _split_copy(name: str, counts: Mapping[str, int | None]) -> tuple[str, int | None]:
    if name.endswith("]") and "[" in name:
        base, _, index = name[:-1].rpartition("[")
        if counts.get(base) is not None and index.isdigit():
            return base, int(index)
    return name, None


def _condition_references(trees: Mapping[str, Any], locals_: Locals) -> dict[str, frozenset[Any]]:
    """Per condition, the parameters (and locals' inputs) it reads, through the conditions it names."""
    direct: dict[str, set[Any]] = {}
    named: dict[str, set[str]] = {}
    for name, tree in trees.items():
        direct[name] = set(_expand_locals(iter_references(tree), locals_))
        named[name] = {s for s in _strings(tree) if s in trees and s != name}
    out = {}
    for name in trees:
        refs, seen, todo = set(), set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            refs |= direct[current]
            todo.extend(named[current])
        out[name] = frozenset(refs)
    return out


def _strings(tree: Any) -> Any:
    """Every string inside a parsed tree (condition names appear as plain strings in And/Or/Not/If)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Intrinsic):
            stack.append(item.args)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _expand_locals(refs: Any, locals_: Locals) -> Any:
    for ref in refs:
        if isinstance(ref, str) and ref in locals_.names:
            yield from locals_.references_of(ref)
        else:
            yield ref


__all__ = ["validate", "INDEX", "CONDITIONS_SECTION_FUNCTIONS"]
