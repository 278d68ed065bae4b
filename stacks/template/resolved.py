"""``ResolvedTemplate``: the validated template, ready for the engine to resolve against state."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .catalogue import PropSpec
from .errors import AttributeUnavailable, StackValidationFailed, TemplateError
from .functions import NO_VALUE, Budget, ResolveContext, iter_functions, resolve_value
from .functions.base import strip_no_value, to_text
from .graph import DependencyGraph
from .parameters import NO_ECHO_MASK, PSEUDO, ParameterSchema, display_value, schema_summary

NO_VALUE_DEFAULTS = {"String": "", "Number": 0, "List": [], "Boolean": False, "Map": {}}


@dataclass
class ResourceDefinition:
    """One resource after conditions and Count expansion; ``properties`` is the parsed tree."""

    logical_id: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)
    depends_on: frozenset[str] = frozenset()
    deletion_policy: str = "Delete"
    condition: str | None = None
    metadata: Any = None
    description: str | None = None
    emulated: bool = False
    count_of: str | None = None
    index: int | None = None
    prop_specs: dict[str, PropSpec] = field(default_factory=dict, repr=False)


@dataclass
class ResolvedTemplate:
    """See docs/CONTRACTS.md §1."""

    description: str | None
    format_version: str
    metadata: dict[str, Any]
    parameters: dict[str, Any]
    no_echo: set[str]
    schemas: dict[str, ParameterSchema]
    pseudo: dict[str, Any]
    conditions: dict[str, bool]
    resources: dict[str, ResourceDefinition]
    graph: DependencyGraph
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    mappings: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int | None] = field(default_factory=dict)
    all_resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    local_references: dict[str, frozenset[Any]] = field(default_factory=dict)
    condition_references: dict[str, frozenset[Any]] = field(default_factory=dict)
    context_factory: Callable[..., ResolveContext] | None = field(default=None, repr=False)

    # --- resolution ------------------------------------------------------------------------

    def _context(self, state: Any = None) -> ResolveContext:
        assert self.context_factory is not None
        ctx = self.context_factory(state)
        ctx.budget = Budget()
        return ctx

    def resolve_properties(self, logical_id: str, state: Any) -> dict[str, Any]:
        """Resolved properties; ``ALIYUN::NoValue`` removed (a required one becomes its type's empty value)."""
        definition = self.resources[logical_id]
        ctx = self._context(state)
        out: dict[str, Any] = {}
        for name, tree in definition.properties.items():
            value = resolve_value(tree, ctx)
            if value is NO_VALUE:
                spec = definition.prop_specs.get(name)
                if spec is None or not spec.required:
                    continue
                value = NO_VALUE_DEFAULTS.get(spec.type, None)
            out[name] = _clean(value)
        return out

    def property_references(self, logical_id: str) -> dict[str, tuple[Any, ...]]:
        """Per property of a resource, what its value is computed from, read off the unresolved tree.

        Each reference is a name (``str``: a parameter, pseudo parameter or resource, from ``Ref`` and
        ``${X}``) or a ``(resource, attribute)`` pair (``Fn::GetAtt``, ``${X.Attr}``). Locals are followed
        to what they use, an ``Fn::If`` adds what its condition reads, and a reference to a ``Count``
        resource names each of its copies.
        """
        definition = self.resources[logical_id]
        return {name: tuple(dict.fromkeys(self._references_in(tree))) for name, tree in definition.properties.items()}

    def _references_in(self, tree: Any) -> Any:
        for fn in iter_functions(tree):
            condition = getattr(fn, "condition_name", None) if fn.name == "Fn::If" else None
            if isinstance(condition, str):
                yield from self._copies_of(sorted(self.condition_references.get(condition, ()), key=_ref_key))
            for ref in fn.own_references():
                target = ref[0] if isinstance(ref, tuple) else ref
                if isinstance(target, str) and target in self.local_references:
                    yield from self._copies_of(sorted(self.local_references[target], key=_ref_key))
                else:
                    yield from self._copies_of((ref,))

    def _copies_of(self, refs: Any) -> Any:
        for ref in refs:
            target = ref[0] if isinstance(ref, tuple) else ref
            if isinstance(target, str) and self.counts.get(target) is not None:
                for copy, d in self.resources.items():
                    if d.count_of == target:
                        yield (copy, ref[1]) if isinstance(ref, tuple) else copy
            else:
                yield ref

    def resolve_outputs(self, state: Any) -> list[dict[str, Any]]:
        """Outputs whose condition holds; an unresolvable one has OutputValue None and an Error."""
        result = []
        for key, output in self._ordered_outputs():
            condition = output.get("Condition")
            if condition is not None and not self.conditions.get(condition, False):
                continue
            entry: dict[str, Any] = {"OutputKey": key, "Description": output.get("Description", "")}
            try:
                entry["OutputValue"] = _clean(resolve_value(output["Value"], self._context(state)))
            except (TemplateError, AttributeUnavailable) as exc:
                entry["OutputValue"] = None
                entry["Error"] = str(exc)
            if output.get("NoEcho") in (True, "true", "True"):
                entry["NoEcho"] = True
            result.append(entry)
        return result

    def check_rules(self) -> None:
        """Raise StackValidationFailed with the AssertDescription of the first failing assertion."""
        for name, rule in self.rules.items():
            ctx = self._context()
            condition = rule.get("RuleCondition")
            if condition is not None and not _truthy(resolve_value(condition, ctx)):
                continue
            for i, assertion in enumerate(rule.get("Assertions", [])):
                if not _truthy(resolve_value(assertion.get("Assert"), ctx)):
                    text = assertion.get("AssertDescription") or f"Rule {name} assertion {i} failed"
                    raise StackValidationFailed(f"Rules.{name}.Assertions.{i}", reason=to_text(text))

    # --- descriptions ---------------------------------------------------------------------

    def display_parameters(self) -> list[dict[str, str]]:
        out = []
        for name, value in self.parameters.items():
            shown = NO_ECHO_MASK if name in self.no_echo else display_value(value)
            out.append({"ParameterKey": name, "ParameterValue": shown})
        for name in PSEUDO:
            out.append({"ParameterKey": name, "ParameterValue": display_value(self.pseudo.get(name))})
        return out

    def parameter_schemas(self) -> list[dict[str, Any]]:
        interface = self.metadata.get("ALIYUN::ROS::Interface") if isinstance(self.metadata, dict) else None
        interface = interface if isinstance(interface, dict) else {}
        order: list[str] = []
        for group in interface.get("ParameterGroups") or []:
            if isinstance(group, dict):
                order += [p for p in group.get("Parameters") or [] if p in self.schemas and p not in order]
        order += [p for p in self.schemas if p not in order]
        hidden = set(h for h in interface.get("Hidden") or [] if isinstance(h, str))
        result = []
        for name in order:
            entry = schema_summary(self.schemas[name])
            if name in hidden:
                entry["Hidden"] = True
            result.append(entry)
        return result

    def _ordered_outputs(self) -> list[tuple[str, dict[str, Any]]]:
        interface = self.metadata.get("ALIYUN::ROS::Interface") if isinstance(self.metadata, dict) else None
        first = [k for k in (interface or {}).get("Outputs") or [] if k in self.outputs] if isinstance(interface, dict) else []
        keys = first + [k for k in self.outputs if k not in first]
        return [(k, self.outputs[k]) for k in keys]

    def unsupported_types(self) -> list[str]:
        from .catalogue import is_emulated
        types = {r.get("Type") for r in self.all_resources.values() if isinstance(r, dict)}
        return sorted(t for t in types if isinstance(t, str) and not is_emulated(t) and not t.startswith("ROSCONSOLE::"))

    def summary(self) -> dict[str, Any]:
        """The ValidateTemplate response body (minus RequestId)."""
        resources, kinds, sources = [], set(), set()
        for name, raw in self.all_resources.items():
            kind = raw.get("Type") if isinstance(raw, dict) else None
            counted = isinstance(raw, dict) and "Count" in raw
            resources.append({"LogicalResourceIdPattern": f"{name}[*]" if counted else name,
                              "ResourcePath": name, "ResourceType": kind})
            if isinstance(kind, str):
                (sources if kind.startswith("DATASOURCE::") else kinds).add(kind)
        outputs = []
        for key, output in self._ordered_outputs():
            entry = {"OutputKey": key, "Description": output.get("Description", "")}
            if "Label" in output:
                entry["Label"] = output["Label"]
            outputs.append(entry)
        return {
            "Description": self.description if self.description is not None else "No description",
            "Parameters": self.parameter_schemas(),
            "Outputs": outputs,
            "Resources": resources,
            "ResourceTypes": {"Resources": sorted(kinds), "DataSources": sorted(sources)},
        }


def _ref_key(ref: Any) -> str:
    return ".".join(ref) if isinstance(ref, tuple) else str(ref)


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _clean(value: Any) -> Any:
    return strip_no_value(value)
