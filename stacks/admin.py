"""Admin for stacks: browse everything; fields the engine owns are read-only (change them via services)."""
from __future__ import annotations

from django.contrib import admin

from stacks.models import ChangeSet, Stack, StackEvent, StackOperation, StackResource, WaitConditionSignal


class ReadOnlyEngineFields(admin.ModelAdmin):
    """Rows are written by the engine; the admin may look, not change status or add rows behind its back."""

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.editable]

    editable: tuple[str, ...] = ()
    account_path = "stack__account"

    def get_queryset(self, request):
        """Staff who are not superusers see only the accounts they belong to (DESIGN.md §3 Accounts)."""
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.account_path}__memberships__user": request.user}).distinct()


@admin.register(Stack)
class StackAdmin(ReadOnlyEngineFields):
    list_display = ("name", "status", "account", "region", "created_at", "updated_at", "deletion_protection")
    list_filter = ("status", "region", "account", "deletion_protection", "simulate_unsupported")
    search_fields = ("name", "id", "status_reason")
    editable = ("description",)
    account_path = "account"


@admin.register(StackOperation)
class StackOperationAdmin(ReadOnlyEngineFields):
    list_display = ("id", "stack", "action", "kind", "status", "started_at", "finished_at")
    list_filter = ("action", "status", "kind")
    search_fields = ("id", "stack__name", "status_reason")


@admin.register(StackResource)
class StackResourceAdmin(ReadOnlyEngineFields):
    list_display = ("logical_id", "type", "stack", "status", "physical_id", "simulated", "step_state")
    list_filter = ("status", "type", "simulated", "step_state")
    search_fields = ("logical_id", "physical_id", "stack__name")


@admin.register(StackEvent)
class StackEventAdmin(ReadOnlyEngineFields):
    list_display = ("stack", "sequence", "logical_id", "resource_type", "status", "created_at")
    list_filter = ("status", "resource_type")
    search_fields = ("stack__name", "logical_id", "physical_id", "status_reason")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChangeSet)
class ChangeSetAdmin(ReadOnlyEngineFields):
    list_display = ("name", "stack", "type", "status", "execution_status", "created_at")
    list_filter = ("type", "status", "execution_status")
    search_fields = ("name", "id", "stack__name")
    editable = ("description",)


@admin.register(WaitConditionSignal)
class WaitConditionSignalAdmin(ReadOnlyEngineFields):
    list_display = ("handle", "unique_id", "status", "stack", "created_at")
    list_filter = ("status",)
    search_fields = ("handle", "unique_id", "stack__name")
