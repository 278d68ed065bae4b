"""Build the traversal of an operation from the template and the stack's resource rows."""
from __future__ import annotations

from typing import Iterable, Mapping

from stacks.engine import plan, states
from stacks.engine.operations import Step, Traversal
from stacks.engine.templates import DbState, replacement_properties
from stacks.models import Stack, StackResource
from stacks.template import ResolvedTemplate, TemplateError
from stacks.template.errors import AttributeUnavailable

GONE = ("DELETE_COMPLETE",)


def live_rows(stack: Stack) -> list[StackResource]:
    return list(StackResource.objects.filter(stack=stack).exclude(status__in=GONE))


def create_traversal(resolved: ResolvedTemplate) -> Traversal:
    return Traversal(main={lid: Step(states.DO_CREATE, tuple(sorted(d.depends_on)))
                           for lid, d in resolved.resources.items()})


def ensure_rows(stack: Stack, resolved: ResolvedTemplate, simulate: bool) -> None:
    """One row per resource of the template (INIT_COMPLETE for new ones); existing rows are kept."""
    from stacks.resources import registry

    existing = set(StackResource.objects.filter(stack=stack).values_list("logical_id", flat=True))
    new = [StackResource(stack=stack, logical_id=lid, type=d.type, deletion_policy=d.deletion_policy,
                         requires=sorted(d.depends_on), description=d.description or "",
                         metadata=d.metadata if isinstance(d.metadata, dict) else {},
                         simulated=simulate and not registry.is_registered(d.type))
           for lid, d in resolved.resources.items() if lid not in existing]
    StackResource.objects.bulk_create(new, batch_size=500)
    StackResource.objects.filter(stack=stack, logical_id__in=[lid for lid in resolved.resources if lid in existing],
                                 status__in=GONE).update(status="INIT_COMPLETE", physical_id="", attributes={},
                                                         properties={})


def delete_traversal(rows: Iterable[StackResource], retain: Iterable[str] = (), retain_all: bool = False) -> Traversal:
    rows = [r for r in rows if r.status not in GONE]
    keep = frozenset(retain)
    ids = {r.logical_id for r in rows}
    main = {}
    for row in rows:
        forget = retain_all or row.logical_id in keep or row.deletion_policy == "Retain"
        dependents = tuple(r.logical_id for r in rows if row.logical_id in (r.requires or []) and r.logical_id in ids)
        main[row.logical_id] = Step(states.DO_FORGET if forget else states.DO_DELETE, dependents)
    return Traversal(main=main)


def update_traversal(stack: Stack, resolved: ResolvedTemplate, recreate: Iterable[str] = ()) -> Traversal:
    rows = {r.logical_id: r for r in live_rows(stack)}
    main = {}
    for lid, d in resolved.resources.items():
        row = rows.get(lid)
        fresh = row is None or row.status == "INIT_COMPLETE" or lid in set(recreate)
        main[lid] = Step(states.DO_CREATE if fresh else states.DO_UPDATE, tuple(sorted(d.depends_on)))
    removed = [r for lid, r in rows.items() if lid not in resolved.resources]
    cleanup = delete_traversal(removed).main
    return Traversal(main=main, cleanup=cleanup)


def old_specs(stack: Stack) -> dict[str, plan.ResourceSpec]:
    return {r.logical_id: plan.ResourceSpec(r.type, r.properties or {}) for r in live_rows(stack)
            if r.status != "INIT_COMPLETE"}


def new_specs(stack: Stack, resolved: ResolvedTemplate) -> dict[str, plan.ResourceSpec]:
    """Properties resolved against the current state (unknown refs become placeholders)."""
    state = DbState(live_rows(stack), unknown=True)
    specs = {}
    for lid, d in resolved.resources.items():
        try:
            props = resolved.resolve_properties(lid, state)
        except (TemplateError, AttributeUnavailable):
            props = {"{{unresolved}}": lid}
        specs[lid] = plan.ResourceSpec(d.type, props)
    return specs


def changes(stack: Stack, resolved: ResolvedTemplate, taint: Iterable[str] = ()) -> dict[str, plan.Change]:
    return plan.diff(old_specs(stack), new_specs(stack, resolved), replacement_properties, taint)


def explained(stack: Stack, resolved: ResolvedTemplate, diff: Mapping[str, plan.Change]) -> dict[str, plan.Change]:
    """`diff` with Details and Replacement (True|False|Conditional) for a preview or change set.

    What each property reads comes from the new template's unresolved trees; which properties were edited
    and which parameters changed, from comparing with the stack's current template and parameters.
    """
    from stacks.engine.templates import validate_for
    from stacks.template.functions import unparse

    try:
        previous = validate_for(stack, stack.template_body, stack.parameters or {}, mode="update")
    except TemplateError:
        previous = None
    if previous is not None:
        changed_parameters = {k for k, v in resolved.parameters.items()
                              if k not in previous.parameters or previous.parameters[k] != v}
        modified = {}
        for lid, definition in resolved.resources.items():
            before = previous.resources.get(lid)
            old_props = unparse(before.properties) if before is not None else {}
            new_props = unparse(definition.properties)
            modified[lid] = {n for n in list(old_props) + list(new_props)
                             if old_props.get(n, _ABSENT) != new_props.get(n, _ABSENT)}
    else:
        old_values = stack.parameters or {}
        changed_parameters = {k for k, v in resolved.parameters.items() if str(old_values.get(k)) != str(v)}
        modified = None
    references = {lid: resolved.property_references(lid) for lid in resolved.resources}
    types = {lid: d.type for lid, d in resolved.resources.items()}
    return plan.explain(diff, resolved.graph.create_order(), types, references, replacement_properties,
                        changed_parameters, modified)


_ABSENT = object()


def is_same_stack(stack: Stack, resolved: ResolvedTemplate, template_body: str, parameters: Mapping,
                  diff: Mapping[str, plan.Change]) -> bool:
    """Nothing would change: same resources, same outputs and description (an update is then NotSupported)."""
    same_text = template_body == stack.template_body and dict(parameters) == dict(stack.parameters)
    return plan.is_noop(diff) and same_text
