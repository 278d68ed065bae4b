"""Admin for every fcruntime model: list filters, search, engine-owned fields read-only.

Account scoping: a superuser sees everything; staff users see only the rows of accounts they belong to.
"""
from __future__ import annotations

from django.contrib import admin

from fcruntime.models import (
    Alias,
    Bucket,
    CustomDomain,
    Function,
    Invocation,
    Layer,
    Object,
    ProvisionConfig,
    Service,
    Trigger,
    Version,
)


class AccountScoped(admin.ModelAdmin):
    account_path = "account"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.account_path}__memberships__user": request.user}).distinct()


@admin.register(Service)
class ServiceAdmin(AccountScoped):
    list_display = ("name", "account", "region", "service_id", "internet_access", "modified_at")
    list_filter = ("region", "internet_access", "account")
    search_fields = ("name", "service_id", "description")
    readonly_fields = ("service_id", "created_at", "modified_at")


@admin.register(Function)
class FunctionAdmin(AccountScoped):
    account_path = "service__account"
    list_display = ("name", "service", "runtime", "handler", "memory_size", "timeout", "code_size", "modified_at")
    list_filter = ("runtime", "service__region", "service__account")
    search_fields = ("name", "function_id", "service__name", "handler")
    readonly_fields = ("function_id", "code_checksum", "code_blob", "code_size", "created_at", "modified_at")


@admin.register(Version)
class VersionAdmin(AccountScoped):
    account_path = "service__account"
    list_display = ("service", "version_id", "description", "created_at")
    list_filter = ("service__account",)
    search_fields = ("service__name", "version_id")
    readonly_fields = ("service", "version_id", "snapshot", "created_at")


@admin.register(Alias)
class AliasAdmin(AccountScoped):
    account_path = "service__account"
    list_display = ("name", "service", "version", "additional_version", "additional_weight")
    list_filter = ("service__account",)
    search_fields = ("name", "service__name")
    readonly_fields = ("created_at", "modified_at")


@admin.register(Trigger)
class TriggerAdmin(AccountScoped):
    account_path = "function__service__account"
    list_display = ("name", "function", "trigger_type", "qualifier", "enabled", "next_fire_at", "last_fired_at")
    list_filter = ("trigger_type", "enabled", "function__service__account")
    search_fields = ("name", "trigger_id", "function__name", "function__service__name")
    readonly_fields = ("trigger_id", "next_fire_at", "last_fired_at", "created_at", "modified_at")


@admin.register(ProvisionConfig)
class ProvisionConfigAdmin(AccountScoped):
    account_path = "function__service__account"
    list_display = ("function", "qualifier", "target", "current", "modified_at")
    list_filter = ("function__service__account",)
    search_fields = ("function__name", "function__service__name", "qualifier")
    readonly_fields = ("current", "created_at", "modified_at")


@admin.register(Layer)
class LayerAdmin(AccountScoped):
    list_display = ("name", "version", "account", "region", "code_size", "created_at")
    list_filter = ("region", "account")
    search_fields = ("name",)
    readonly_fields = ("version", "code_checksum", "code_blob", "code_size", "created_at")


@admin.register(CustomDomain)
class CustomDomainAdmin(AccountScoped):
    list_display = ("domain_name", "account", "protocol", "api_version", "modified_at")
    list_filter = ("protocol", "account")
    search_fields = ("domain_name",)
    readonly_fields = ("created_at", "modified_at")


@admin.register(Invocation)
class InvocationAdmin(AccountScoped):
    list_display = ("request_id", "service_name", "function_name", "qualifier", "source", "invocation_type",
                    "status", "duration_ms", "cold_start", "attempt", "created_at")
    list_filter = ("status", "invocation_type", "cold_start", "account")
    search_fields = ("request_id", "service_name", "function_name", "source", "error_message")
    date_hierarchy = "created_at"
    list_select_related = ("account",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]  # invocations are the engine's record

    def has_add_permission(self, request):
        return False


@admin.register(Bucket)
class BucketAdmin(AccountScoped):
    list_display = ("name", "account", "region", "acl", "storage_class", "created_at")
    list_filter = ("region", "acl", "storage_class", "account")
    search_fields = ("name",)
    readonly_fields = ("created_at",)


@admin.register(Object)
class ObjectAdmin(AccountScoped):
    account_path = "bucket__account"
    list_display = ("key", "bucket", "size", "content_type", "last_modified")
    list_filter = ("bucket__account", "content_type")
    search_fields = ("key", "bucket__name", "etag")
    readonly_fields = ("size", "etag", "blob_path", "last_modified")
