"""The one explicit registry of ROS API actions: name -> handler (+ whether it changes anything)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from stacks.api.actions import (changesets, events, policy, preview, regions, resource_types, signals, stack_reads,
                                stacks, templates)


@dataclass(frozen=True)
class Action:
    handler: Callable[[Any], dict[str, Any]]
    write: bool = False  # needs the operator role


ACTIONS: dict[str, Action] = {
    "DescribeRegions": Action(regions.describe_regions),
    "ListResourceTypes": Action(resource_types.list_resource_types),
    "GetResourceType": Action(resource_types.get_resource_type),
    "GetResourceTypeTemplate": Action(resource_types.get_resource_type_template),
    "ValidateTemplate": Action(templates.validate_template),
    "GetTemplateSummary": Action(templates.get_template_summary),
    "GetTemplate": Action(templates.get_template),
    "GetStack": Action(stack_reads.get_stack),
    "ListStacks": Action(stack_reads.list_stacks),
    "ListStackEvents": Action(events.list_stack_events),
    "ListStackResources": Action(events.list_stack_resources),
    "GetStackResource": Action(events.get_stack_resource),
    "CreateStack": Action(stacks.create_stack, write=True),
    "UpdateStack": Action(stacks.update_stack, write=True),
    "DeleteStack": Action(stacks.delete_stack, write=True),
    "SetDeletionProtection": Action(stacks.set_deletion_protection, write=True),
    "ContinueCreateStack": Action(stacks.continue_create_stack, write=True),
    "CancelUpdateStack": Action(stacks.cancel_update_stack, write=True),
    "SetStackPolicy": Action(policy.set_stack_policy, write=True),
    "GetStackPolicy": Action(policy.get_stack_policy),
    "PreviewStack": Action(preview.preview_stack),
    "SignalResource": Action(signals.signal_resource, write=True),
    "ListChangeSets": Action(changesets.list_change_sets),
    "GetChangeSet": Action(changesets.get_change_set),
    "CreateChangeSet": Action(changesets.create_change_set, write=True),
    "ExecuteChangeSet": Action(changesets.execute_change_set, write=True),
    "DeleteChangeSet": Action(changesets.delete_change_set, write=True),
}
