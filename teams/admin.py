from django.contrib import admin

from accounts.admin import TenantAdmin
from accounts.models import Tenant
from billing.admin import change_plan, extend_trial
from teams.models import Invitation
from teams.services import tenant_provision

# The tenant page gains what only the layer above accounts knows: its plan, and provisioning a new one.
admin.site.unregister(Tenant)


@admin.register(Tenant)
class TeamTenantAdmin(TenantAdmin):
    """Plans and subscriptions are changed on the Billing > Subscriptions page."""

    list_display = ["name", "slug", "plan", "subscription_status", "created_at"]
    list_filter = ["subscription__status", "subscription__plan"]
    list_select_related = ["subscription__plan"]
    actions = ["extend_trial", "change_plan"]

    @admin.display(description="Plan", ordering="subscription__plan__sort_order")
    def plan(self, tenant: Tenant) -> str:
        subscription = getattr(tenant, "subscription", None)
        return subscription.plan.name if subscription else "-"

    @admin.display(description="Subscription", ordering="subscription__status")
    def subscription_status(self, tenant: Tenant) -> str:
        subscription = getattr(tenant, "subscription", None)
        return subscription.effective_status() if subscription else "-"

    # The same one-step actions as on the subscriptions page, where operators look for a company first.
    @admin.action(description="Extend the trial by some days…")
    def extend_trial(self, request, queryset):
        return extend_trial(self, request, queryset, tenant_ids=queryset.values_list("pk", flat=True))

    @admin.action(description="Change the plan…")
    def change_plan(self, request, queryset):
        return change_plan(self, request, queryset, tenant_ids=queryset.values_list("pk", flat=True))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a tenant made here starts like one that signed up: default board, free trial
            tenant_provision(tenant=obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Operators see invitations; the team manages them (the API), so nothing is edited here."""

    list_display = [
        "email",
        "tenant",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "tenant__name"]
    list_select_related = ["tenant", "invited_by"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
