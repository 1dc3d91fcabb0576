from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm

from accounts.actors import Actor
from accounts.models import ApiKey, AuditEntry, Membership, Tenant, User
from accounts.operators import MEMBER_CANNOT_OPERATE, OPERATOR_CANNOT_JOIN, user_is_member, user_is_operator
from accounts.services import api_key_revoke


class MembershipForm(forms.ModelForm):
    """A membership made or moved here obeys the operators rule (``accounts.operators``)."""

    class Meta:
        model = Membership
        fields = ["user", "tenant", "role"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user is not None and user_is_operator(user):
            raise forms.ValidationError(OPERATOR_CANNOT_JOIN, code="operator_account")
        return user


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class OperatorUserChangeForm(UserChangeForm):
    """Staff or superuser access is for operators, who are never tenant members (``accounts.operators``)."""

    def clean(self):
        cleaned = super().clean()
        made_operator = cleaned.get("is_staff") or cleaned.get("is_superuser")
        if made_operator and self.instance.pk and user_is_member(self.instance):
            raise forms.ValidationError(MEMBER_CANNOT_OPERATE, code="member_account")
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = OperatorUserChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login", "created_at"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "created_at", "updated_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    """The tenant's own fields and members. ``teams.admin`` extends it with the plan and provisioning."""

    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["id", "created_at", "updated_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "tenant", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "tenant__name"]
    list_select_related = ["user", "tenant"]
    autocomplete_fields = ["user", "tenant"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Operators see which keys exist and revoke them; the hash is never shown."""

    list_display = [
        "name",
        "prefix",
        "scope",
        "tenant",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "tenant__name", "created_by__email"]
    list_select_related = ["tenant", "created_by"]
    exclude = ["key_hash"]
    # The scope is chosen when the key is made; widening it here would silently change what a program may do.
    readonly_fields = ["id", "tenant", "prefix", "scope", "created_by", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # a key made here could never be shown to its owner

    @admin.action(description="Revoke selected API keys")
    def revoke(self, request, queryset):
        active = list(queryset.filter(revoked_at__isnull=True))
        for api_key in active:
            api_key_revoke(api_key=api_key, by=Actor.member(request.user))
        self.message_user(request, f"Revoked {len(active)} key(s).")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: an audit trail that operators could edit would prove nothing."""

    list_display = [
        "created_at",
        "tenant",
        "actor_kind",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "ip",
    ]
    list_filter = [
        ("created_at", admin.DateFieldListFilter),
        "actor_kind",
        "action",
        ("tenant", admin.RelatedOnlyFieldListFilter),  # only tenants that have entries
    ]
    search_fields = ["tenant__name", "tenant__slug", "actor_label", "action", "target_type", "target_id"]
    list_select_related = ["tenant"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
