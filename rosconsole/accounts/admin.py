from django.contrib import admin

from rosconsole.accounts.models import AccessKey, Account, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "account_id", "created_at")
    search_fields = ("name", "account_id")
    readonly_fields = ("account_id", "created_at")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "account", "role", "created_at")
    list_filter = ("role", "account")
    search_fields = ("user__username", "account__name")


@admin.register(AccessKey)
class AccessKeyAdmin(admin.ModelAdmin):
    list_display = ("access_key_id", "user", "account", "is_active", "scope", "expires_at", "last_used_at")
    list_filter = ("is_active", "account")
    search_fields = ("access_key_id", "user__username")
    readonly_fields = ("access_key_id", "created_at", "last_used_at")
    exclude = ("secret",)
