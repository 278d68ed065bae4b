"""Update planning: which resources to add, modify in place, replace, remove or leave alone. PURE.

`diff(old, new, replacement_props)` compares resolved properties. A property change that the type
declares non-updatable (Prop(update="replace"), or the catalogue's update_allowed=False) makes the
resource REPLACE; any other change is MODIFY (in place). A type change is a replacement. Tainted
resources are replaced even when unchanged. "Modification update takes priority over replacement"
only in the sense that a resource needing both is replaced once.

`explain(...)` adds what a preview or change set shows (ROS's `Details` and `Replacement`): per changed
property, why it changes (ChangeSource, CausingEntity) and whether its new value is known now (Static: a
direct modification in the template, a changed parameter) or only once the update runs (Dynamic: a Ref or
Fn::GetAtt of a resource being added or replaced, or an Fn::GetAtt of one being modified). A property that
cannot be updated in place (RequiresRecreation Always) makes the replacement True when Static and Conditional
when Dynamic; the resource's Replacement is the strongest of its details (True > Conditional > False). A
dependent whose resolved value looks unchanged only because the new physical id is not known yet becomes a
Modify with Dynamic details. `diff()` itself is unchanged: the engine decides at apply time from resolved values.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping


class Action(str, enum.Enum):
    ADD = "Add"
    MODIFY = "Modify"
    REPLACE = "Replace"
    REMOVE = "Remove"
    NONE = "None"


@dataclass(frozen=True)
class ResourceSpec:
    type: str
    properties: Mapping[str, Any] = field(default_factory=dict)


# ChangeSource values (spec §6, change sets)
DIRECT = "DirectModification"
PARAMETER = "ParameterReference"
RESOURCE = "ResourceReference"
ATTRIBUTE = "ResourceAttribute"
STATIC, DYNAMIC = "Static", "Dynamic"
NEVER, CONDITIONALLY, ALWAYS = "Never", "Conditionally", "Always"


@dataclass(frozen=True)
class Detail:
    """One reason a property changes (a GetChangeSet `Details` element)."""

    name: str                                 # Target.Name (the property)
    change_source: str                        # DirectModification | ParameterReference | Resource*
    evaluation: str                           # Static | Dynamic
    requires_recreation: str                  # Never | Conditionally | Always
    causing_entity: str | None = None         # parameter name, "Res" or "Res.Attr"
    attribute: str = "Properties"             # Target.Attribute

    @property
    def replacement(self) -> str:
        """What this detail alone means for the resource: "True", "Conditional" or "False"."""
        if self.requires_recreation == ALWAYS:
            return "True" if self.evaluation == STATIC else "Conditional"
        if self.requires_recreation == CONDITIONALLY:
            return "Conditional"
        return "False"


_STRENGTH = {"False": 0, "Conditional": 1, "True": 2}


def strongest(flags: Iterable[str]) -> str:
    """The strongest replacement flag: True > Conditional > False (no flags: False)."""
    return max(flags, key=_STRENGTH.__getitem__, default="False")


@dataclass(frozen=True)
class Change:
    logical_id: str
    action: Action
    changed: tuple[str, ...] = ()            # property names whose value changed (added/removed count)
    replace_causes: tuple[str, ...] = ()     # the changed ones that cannot be updated in place
    tainted: bool = False
    details: tuple[Detail, ...] = ()         # set by explain() (previews and change sets only)
    replacement: str | None = None           # "True" | "False" | "Conditional", set by explain()

    @property
    def requires_replacement(self) -> bool:
        return self.action is Action.REPLACE

    @property
    def replacement_flag(self) -> str:
        """Replacement as ROS shows it: explain()'s verdict, else True exactly when the plan replaces."""
        if self.replacement is not None:
            return self.replacement
        return "True" if self.action is Action.REPLACE else "False"


ReplacementProps = Callable[[str], Iterable[str]]


def changed_properties(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    names = list(old) + [k for k in new if k not in old]
    return tuple(n for n in names if old.get(n, _MISSING) != new.get(n, _MISSING))


_MISSING = object()


def classify(logical_id: str, old: ResourceSpec | None, new: ResourceSpec | None,
             replacement_props: ReplacementProps, tainted: bool = False) -> Change:
    """The change of one resource."""
    if old is None and new is None:
        raise ValueError(f"{logical_id}: nothing to compare")
    if old is None:
        return Change(logical_id, Action.ADD, tuple(new.properties))  # type: ignore[union-attr]
    if new is None:
        return Change(logical_id, Action.REMOVE)
    changed = changed_properties(old.properties, new.properties)
    if old.type != new.type:
        return Change(logical_id, Action.REPLACE, changed, ("Type",), tainted)
    causes = tuple(n for n in changed if n in frozenset(replacement_props(new.type)))
    if causes or tainted:
        return Change(logical_id, Action.REPLACE, changed, causes, tainted)
    if changed:
        return Change(logical_id, Action.MODIFY, changed)
    return Change(logical_id, Action.NONE)


def diff(old: Mapping[str, ResourceSpec], new: Mapping[str, ResourceSpec],
         replacement_props: ReplacementProps, taint: Iterable[str] = ()) -> dict[str, Change]:
    """Per logical id: new resources in template order, then removed ones in their old order."""
    tainted = frozenset(taint)
    result = {lid: classify(lid, old.get(lid), spec, replacement_props, lid in tainted)
              for lid, spec in new.items()}
    for lid, spec in old.items():
        if lid not in new:
            result[lid] = classify(lid, spec, None, replacement_props)
    return result


def is_noop(changes: Mapping[str, Change]) -> bool:
    return all(c.action is Action.NONE for c in changes.values())


Reference = Any   # a name (parameter or resource; Ref, ${X}) or a (resource, attribute) pair (Fn::GetAtt)


def explain(changes: Mapping[str, Change], order: Iterable[str], types: Mapping[str, str],
            references: Mapping[str, Mapping[str, Iterable[Reference]]], replacement_props: ReplacementProps,
            changed_parameters: Iterable[str] = (),
            modified: Mapping[str, Iterable[str]] | None = None) -> dict[str, Change]:
    """`changes` (from diff) with Details and Replacement, as a preview or change set reports them.

    `order`: the new template's resources in dependency order (a resource after what it references);
    `types`: new resource types; `references[lid][prop]`: what each property's unresolved value reads;
    `changed_parameters`: parameters whose value differs from the stack's; `modified[lid]`: properties whose
    template text changed (None when the old template is not known: an unexplained change then counts as a
    direct modification). Keys and their order are those of `changes`.
    """
    changed_params = frozenset(changed_parameters)
    new_ids: dict[str, str] = {}     # resources whose physical id changes or may change -> "Add" | flag
    new_attrs: set[str] = set()      # resources whose attributes may change (new id, or modified in place)
    out = dict(changes)
    for lid in order:
        change = changes.get(lid)
        if change is None or change.action is Action.REMOVE:
            continue
        if change.action is Action.ADD:
            new_ids[lid] = "Add"
            new_attrs.add(lid)
            continue
        edited = None if modified is None else frozenset(modified.get(lid, ()))
        explained = _explain_one(change, types.get(lid, ""), references.get(lid, {}), replacement_props,
                                 changed_params, edited, new_ids, new_attrs)
        out[lid] = explained
        if explained.action is Action.NONE:
            continue
        new_attrs.add(lid)
        if explained.replacement_flag != "False":
            new_ids[lid] = explained.replacement_flag
    return out


def _explain_one(change: Change, type_: str, refs: Mapping[str, Iterable[Reference]],
                 replacement_props: ReplacementProps, changed_params: frozenset[str],
                 edited: frozenset[str] | None, new_ids: Mapping[str, str], new_attrs: set[str]) -> Change:
    recreate = frozenset(replacement_props(type_))
    names = list(change.changed) + [n for n in refs if n not in change.changed]
    details: list[Detail] = []
    touched: list[str] = []
    for name in names:
        requires = ALWAYS if name in recreate else NEVER
        dynamic: list[Detail] = []
        parameters: list[Detail] = []
        for ref in refs.get(name, ()):
            if isinstance(ref, tuple):
                target, attr = ref[0], ref[1]
                if target in new_attrs:
                    dynamic.append(Detail(name, ATTRIBUTE, DYNAMIC, requires, f"{target}.{attr}"))
            elif ref in new_ids:
                dynamic.append(Detail(name, RESOURCE, DYNAMIC, requires, ref))
            elif ref in changed_params:
                parameters.append(Detail(name, PARAMETER, STATIC, requires, ref))
        if name not in change.changed and not dynamic:
            continue    # value unchanged and nothing it reads will change
        found: list[Detail] = []
        if name in change.changed:
            # the template text changed, or nothing else explains the new value
            if (edited is not None and name in edited) or not (parameters or dynamic):
                found.append(Detail(name, DIRECT, STATIC, requires))
            found += parameters
        found += dynamic
        details += found
        touched.append(name)
    if change.replace_causes == ("Type",) or change.tainted:
        flag = "True"
    else:
        flag = strongest(d.replacement for d in details)
    action = change.action
    if action is Action.NONE and details:
        action = Action.MODIFY      # only Dynamic reasons: the value is known once the update runs
    causes = tuple(n for n in touched if n in recreate) if change.replace_causes != ("Type",) else ("Type",)
    return Change(change.logical_id, action, tuple(touched) if touched else change.changed, causes,
                  change.tainted, tuple(details), flag if action is not Action.NONE else None)
