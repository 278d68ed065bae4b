"""Update planning: which resources to add, modify in place, replace, remove or leave alone. PURE.

`diff(old, new, replacement_props)` compares resolved properties. A property change that the type
declares non-updatable (Prop(update="replace"), or the catalogue's update_allowed=False) makes the
resource REPLACE; any other change is MODIFY (in place). A type change is a replacement. Tainted
resources are replaced even when unchanged. "Modification update takes priority over replacement"
only in the sense that a resource needing both is replaced once.
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


@dataclass(frozen=True)
class Change:
    logical_id: str
    action: Action
    changed: tuple[str, ...] = ()            # property names whose value changed (added/removed count)
    replace_causes: tuple[str, ...] = ()     # the changed ones that cannot be updated in place
    tainted: bool = False

    @property
    def requires_replacement(self) -> bool:
        return self.action is Action.REPLACE


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
