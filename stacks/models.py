"""Stacks, operations, resources, events and change sets.

Only the engine writes the status and step fields (services -> engine.operations); the admin shows
them read-only. Indexes are chosen for the hot paths: the stack list per account/region/status,
the event timeline per stack (by sequence), and the engine's per-operation step scans.
"""
from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from rosconsole.accounts.models import Account


class Stack(models.Model):
    id = models.UUIDField("StackId", primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="stacks")
    region = models.CharField(max_length=64)
    name = models.CharField("StackName", max_length=255)
    description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=40, default="CREATE_IN_PROGRESS")
    status_reason = models.TextField(blank=True, default="")
    template_body = models.TextField("TemplateBody", help_text="As submitted (JSON or YAML).")
    template_url = models.CharField(max_length=1024, blank=True, default="")
    # User parameter values as given (NoEcho ones included: the engine needs them; never displayed).
    parameters = models.JSONField(default=dict, blank=True)
    no_echo = models.JSONField(default=list, blank=True)
    disable_rollback = models.BooleanField(default=False)
    timeout_in_minutes = models.PositiveIntegerField(default=60)
    deletion_protection = models.BooleanField(default=False)
    tags = models.JSONField(default=dict, blank=True)
    parallelism = models.PositiveIntegerField(default=0, help_text="0 = unlimited")
    simulate_unsupported = models.BooleanField(
        default=False, help_text="Simulate resource types that are not emulated (never presented as real).")
    outputs = models.JSONField(default=list, blank=True)
    # SetStackPolicy / StackPolicyBody (null = no policy); services.update_stack enforces it.
    stack_policy = models.JSONField(null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    parent_logical_id = models.CharField(max_length=255, blank=True, default="")
    operation = models.ForeignKey("StackOperation", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", help_text="The current (or last) operation.")
    # The last template and parameters that completed; an update rolls back to them.
    previous_template_body = models.TextField(blank=True, default="")
    previous_parameters = models.JSONField(default=dict, blank=True)
    event_sequence = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["account", "region", "name"], condition=~Q(status="DELETE_COMPLETE"),
                                    name="stack_name_unique_among_live"),
        ]
        indexes = [
            models.Index(fields=["account", "region", "status"], name="stack_acct_region_status"),
            models.Index(fields=["account", "region", "-created_at"], name="stack_acct_region_created"),
            models.Index(fields=["parent"], name="stack_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


class StackOperation(models.Model):
    """One traversal: a create, update, delete, rollback or continue. Its id travels in every task."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="operations")
    action = models.CharField(max_length=32)      # CREATE | UPDATE | DELETE | ROLLBACK | CREATE_ROLLBACK
    kind = models.CharField(max_length=32, blank=True, default="")  # continue, change_set, cancel ... (display)
    status = models.CharField(max_length=16, default="IN_PROGRESS")  # IN_PROGRESS | COMPLETE | FAILED
    status_reason = models.TextField(blank=True, default="")
    failing = models.BooleanField(default=False, help_text="A step failed: schedule nothing new.")
    cancelled = models.BooleanField(default=False)
    template_body = models.TextField(blank=True, default="")
    parameters = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    # The traversal graph: logical id -> logical ids it waits for (forward and cleanup phases).
    graph = models.JSONField(default=dict, blank=True)
    phase = models.CharField(max_length=16, default="main")  # main | cleanup
    deadline = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["status", "deadline"], name="op_status_deadline"),
                   models.Index(fields=["stack", "-started_at"], name="op_stack_started")]

    def __str__(self) -> str:
        return f"{self.action} {self.status} ({self.id})"


class StackResource(models.Model):
    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="resources")
    logical_id = models.CharField("LogicalResourceId", max_length=255)
    type = models.CharField("ResourceType", max_length=255)
    physical_id = models.CharField("PhysicalResourceId", max_length=1024, blank=True, default="")
    status = models.CharField(max_length=40, default="INIT_COMPLETE")
    status_reason = models.TextField(blank=True, default="")
    description = models.TextField(blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)
    deletion_policy = models.CharField(max_length=16, default="Delete")
    requires = models.JSONField(default=list, blank=True, help_text="Logical ids this resource depends on.")
    properties = models.JSONField(default=dict, blank=True, help_text="Resolved properties last applied.")
    attributes = models.JSONField(default=dict, blank=True)
    context = models.JSONField(default=dict, blank=True, help_text="Provider context of an in-progress step.")
    simulated = models.BooleanField(default=False, help_text="Not emulated: a simulated resource, nothing real.")
    # Step bookkeeping of the current operation (the engine's sync point for this resource).
    step_operation = models.UUIDField(null=True, blank=True)
    step_state = models.CharField(max_length=16, blank=True, default="")
    step_action = models.CharField(max_length=16, blank=True, default="")
    step_attempts = models.PositiveIntegerField(default=0)
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_due_at = models.DateTimeField(null=True, blank=True)
    step_enqueued_at = models.DateTimeField(null=True, blank=True)
    step_task_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["stack", "logical_id"], name="resource_logical_id_unique")]
        indexes = [models.Index(fields=["step_operation", "step_state"], name="resource_op_step"),
                   models.Index(fields=["step_state", "step_started_at"], name="resource_step_started"),
                   models.Index(fields=["type", "physical_id"], name="resource_type_physical")]

    def __str__(self) -> str:
        return f"{self.logical_id} ({self.type})"


class StackEvent(models.Model):
    """Written only by stacks.engine.events.record(); `sequence` is per stack and is the SSE id."""

    id = models.UUIDField("EventId", primary_key=True, default=uuid.uuid4, editable=False)
    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="events")
    operation = models.ForeignKey(StackOperation, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="events")
    sequence = models.BigIntegerField()
    logical_id = models.CharField("LogicalResourceId", max_length=255)
    physical_id = models.CharField("PhysicalResourceId", max_length=1024, blank=True, default="")
    resource_type = models.CharField("ResourceType", max_length=255)
    status = models.CharField(max_length=40)
    status_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stack", "sequence"]
        constraints = [models.UniqueConstraint(fields=["stack", "sequence"], name="event_sequence_unique")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.logical_id} {self.status}"


class ChangeSet(models.Model):
    id = models.UUIDField("ChangeSetId", primary_key=True, default=uuid.uuid4, editable=False)
    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="change_sets")
    name = models.CharField("ChangeSetName", max_length=255)
    type = models.CharField("ChangeSetType", max_length=16, default="UPDATE")  # CREATE | UPDATE
    description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=32, default="CREATE_COMPLETE")
    status_reason = models.TextField(blank=True, default="")
    execution_status = models.CharField(max_length=32, default="AVAILABLE")
    template_body = models.TextField(blank=True, default="")
    parameters = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["stack", "name"], name="change_set_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


class WaitConditionSignal(models.Model):
    """A signal POSTed to a WaitConditionHandle URL (id unique per handle: the same id overwrites)."""

    stack = models.ForeignKey(Stack, on_delete=models.CASCADE, related_name="wait_signals")
    handle = models.CharField(max_length=64, help_text="Physical id of the WaitConditionHandle.")
    unique_id = models.CharField(max_length=255)
    status = models.CharField(max_length=16)  # SUCCESS | FAILURE | WARNING
    reason = models.TextField(blank=True, default="")
    data = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["handle", "unique_id"], name="wait_signal_unique_id")]
