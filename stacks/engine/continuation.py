"""ContinueCreateStack (Mode=Recreate) with a modified template and parameter overrides (spec §6 "Create").

What the continued creation may change, and the check that refuses the rest:

* Template: only the Description, Metadata, Resources and Outputs sections may differ from the stack's
  template; every other top-level section (ROSTemplateFormatVersion, Parameters, Mappings, Conditions,
  Rules, Locals, ...) must be equal.
* Resources: a *kept* resource -- one that is CREATE_COMPLETE and is not re-created by this call (not named
  in RecreatingResources, not a dependent of one) -- can be neither removed nor changed: its template
  definition (Type, Properties, DependsOn, DeletionPolicy, Condition, Count, Metadata, ...) must be equal.
  Failed, uncreated and re-created resources may be changed or removed; new resources may be added.
* Conditions: no condition may change its value (compared with the stack's template and parameters).
* Parameters (overrides merged on the stack's values), the rule DryRun reports:
  - NotAllowed: a parameter a kept resource uses in its definition (Ref, Fn::Sub placeholder, directly or
    through Locals): a new value would change an already-created resource, so it is refused, naming the
    parameter and the resources;
  - ConditionallyAllowed: a parameter used by the Conditions section (and by no kept resource): a new value
    is accepted as long as no condition flips;
  - Allowed: every other parameter.

Removed resources that never got a physical resource lose their row at once; removed ones that did (failed
after provisioning, or re-created) are deleted in the operation's cleanup phase.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from stacks import errors
from stacks.engine import planning, templates
from stacks.models import Stack, StackResource
from stacks.template import ResolvedTemplate, load
from stacks.template.functions import iter_references, parse

EDITABLE_SECTIONS = ("Description", "Metadata", "Resources", "Outputs")
DEFINITION_KEYS_ORDER = ("Type", "Properties", "DependsOn", "DeletionPolicy", "Condition", "Count", "Metadata",
                         "Description")


@dataclass
class Continuation:
    """Everything a Recreate continuation will run with (or, for DryRun, report)."""

    template_body: str
    parameters: dict[str, Any]
    resolved: ResolvedTemplate
    targets: list[str]                        # re-created, in creation order
    kept: dict[str, str]                      # logical id -> status of the resources left alone
    removed: list[StackResource] = field(default_factory=list)   # rows of resources the new template drops
    parameter_classes: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False                     # a template or parameter overrides were given

    def dry_run_result(self) -> dict[str, list[str]]:
        return dict(self.parameter_classes)


def prepare(stack: Stack, template_body: str | None = None, overrides: Mapping[str, Any] | None = None,
            named: Iterable[str] = ()) -> Continuation:
    """Validate the continuation of a CREATE_FAILED stack; raise ContinueCreateStackValidationFailed."""
    named = list(named)
    old = templates.validate_for(stack, stack.template_body, stack.parameters)
    body = stack.template_body if template_body is None else template_body
    params = dict(stack.parameters or {})
    params.update(overrides or {})
    changed = template_body is not None or bool(overrides)
    new = templates.validate_for(stack, body, params) if changed else old
    for logical_id in named:
        if logical_id not in new.resources:
            raise errors.ContinueCreateStackValidationFailed(reason=f"Resource {logical_id} is not in the stack")
    rows = {r.logical_id: r for r in planning.live_rows(stack)}
    old_targets = targets_of(old, rows, [n for n in named if n in old.resources])
    kept = {lid: rows[lid].status for lid in old.resources if lid in rows and lid not in old_targets}
    old_body, new_body = load(stack.template_body).body, load(body).body
    kept_keys = _template_keys(old, kept)
    users = parameter_users(new_body, new, kept_keys)
    classes = parameter_classes(new_body, new, users)
    problems = []
    if template_body is not None:
        problems += _section_problems(old_body, new_body)
        problems += _resource_problems(old, new, old_body, new_body, kept, kept_keys)
    problems += _parameter_problems(old, new, users)
    problems += _condition_problems(old, new)
    if problems:
        raise errors.ContinueCreateStackValidationFailed(reason="; ".join(problems))
    removed = [row for lid, row in rows.items() if lid not in new.resources]
    return Continuation(template_body=body, parameters=params, resolved=new, targets=targets_of(new, rows, named),
                        kept=kept, removed=removed, parameter_classes=classes, changed=changed)


def targets_of(resolved: ResolvedTemplate, rows: Mapping[str, StackResource], named: Iterable[str]) -> list[str]:
    """Failed + not-yet-created + named resources and everything that depends on them, in creation order."""
    targets = {lid for lid in resolved.resources if lid not in rows or rows[lid].status != "CREATE_COMPLETE"}
    targets |= set(named)
    graph = resolved.graph
    pending = list(targets)
    while pending:
        for dependent in graph.required_by(pending.pop()):
            if dependent not in targets:
                targets.add(dependent)
                pending.append(dependent)
    return [lid for lid in graph.create_order() if lid in targets]


# --- the checks -----------------------------------------------------------------------------------

def _template_keys(resolved: ResolvedTemplate, logical_ids: Iterable[str]) -> dict[str, list[str]]:
    """Template resource key (the Count base) -> the kept logical ids made from it."""
    out: dict[str, list[str]] = {}
    for lid in logical_ids:
        definition = resolved.resources[lid]
        out.setdefault(definition.count_of or lid, []).append(lid)
    return out


def _section_problems(old_body: Mapping, new_body: Mapping) -> list[str]:
    problems = []
    for key in dict.fromkeys([*old_body, *new_body]):
        if key in EDITABLE_SECTIONS or old_body.get(key) == new_body.get(key):
            continue
        how = "added" if key not in old_body else "removed" if key not in new_body else "changed"
        problems.append(f"Section {key} cannot be {how} (only {', '.join(EDITABLE_SECTIONS[:-1])} and "
                        f"{EDITABLE_SECTIONS[-1]} may change)")
    return problems


def _resource_problems(old: ResolvedTemplate, new: ResolvedTemplate, old_body: Mapping, new_body: Mapping,
                       kept: Mapping[str, str], kept_keys: Mapping[str, list[str]]) -> list[str]:
    old_resources = old_body.get("Resources") or {}
    new_resources = new_body.get("Resources") or {}
    problems = []
    for key, ids in kept_keys.items():
        shown = ", ".join(ids) if ids != [key] else key
        status = kept[ids[0]]
        if key not in new_resources:
            problems.append(f"Resource {shown} ({status}) cannot be removed")
            continue
        before, after = old_resources.get(key), new_resources[key]
        if before == after:
            continue
        if not (isinstance(before, dict) and isinstance(after, dict)):
            problems.append(f"Resource {shown} ({status}) cannot be changed")
            continue
        differ = [k for k in dict.fromkeys([*DEFINITION_KEYS_ORDER, *before, *after])
                  if before.get(k) != after.get(k) and (k in before or k in after)]
        problems.append(f"Resource {shown} ({status}) cannot be changed ({', '.join(differ)} differ)")
    for lid, status in kept.items():
        if lid not in new.resources and (old.resources[lid].count_of or lid) in new_resources:
            problems.append(f"Resource {lid} ({status}) cannot be removed")
    return problems


def _parameter_problems(old: ResolvedTemplate, new: ResolvedTemplate, users: Mapping[str, list[str]]) -> list[str]:
    """`users`: parameter -> the kept resources using it (parameter_users)."""
    problems = []
    for name in new.parameters:
        if name in users and name in old.parameters and old.parameters[name] != new.parameters[name]:
            problems.append(f"Parameter {name} cannot be changed: it is used by the already created resource"
                            f"{'s' if len(users[name]) > 1 else ''} {', '.join(users[name])}")
    return problems


def _condition_problems(old: ResolvedTemplate, new: ResolvedTemplate) -> list[str]:
    problems = []
    for name, before in old.conditions.items():
        after = new.conditions.get(name, before)
        if after != before:
            problems.append(f"Condition {name} cannot change its value (from {str(before).lower()} to "
                            f"{str(after).lower()})")
    return problems


# --- which parameters may change ------------------------------------------------------------------

def parameter_users(body: Mapping, resolved: ResolvedTemplate, kept_keys: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """User parameter -> the kept resources whose template definition uses it (directly or via Locals)."""
    resources = body.get("Resources") or {}
    locals_ = _local_trees(body)
    users: dict[str, list[str]] = {}
    for key, ids in kept_keys.items():
        definition = resources.get(key)
        if definition is None:
            continue
        for name in _names_used(parse(definition, f"Resources.{key}"), locals_):
            if name in resolved.schemas:
                users.setdefault(name, []).extend(ids)
    return users


def parameter_classes(body: Mapping, resolved: ResolvedTemplate, users: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The DryRunResult lists (template order); `users` as parameter_users gives them."""
    in_conditions: set[str] = set()
    locals_ = _local_trees(body)
    for name, expression in (body.get("Conditions") or {}).items():
        in_conditions |= _names_used(parse(expression, f"Conditions.{name}"), locals_)
    result: dict[str, list[str]] = {"ParametersAllowedToBeModified": [],
                                    "ParametersConditionallyAllowedToBeModified": [],
                                    "ParametersNotAllowedToBeModified": []}
    for name in resolved.schemas:
        key = ("ParametersNotAllowedToBeModified" if name in users else
               "ParametersConditionallyAllowedToBeModified" if name in in_conditions else
               "ParametersAllowedToBeModified")
        result[key].append(name)
    return result


def _local_trees(body: Mapping) -> dict[str, Any]:
    section = body.get("Locals")
    if not isinstance(section, dict):
        return {}
    return {name: parse(d.get("Value"), f"Locals.{name}.Value") for name, d in section.items() if isinstance(d, dict)}


def _names_used(tree: Any, locals_: Mapping[str, Any]) -> set[str]:
    """Names referenced (Ref / Fn::Sub / GetAtt's resource), following Locals."""
    out: set[str] = set()
    stack, seen = [tree], set()
    while stack:
        for ref in iter_references(stack.pop()):
            name = ref[0] if isinstance(ref, tuple) else ref
            if name in locals_ and name not in seen:
                seen.add(name)
                stack.append(locals_[name])
            out.add(name)
    return out
