"""Reads for accounts."""

from django.db.models import F, QuerySet

from accounts.models import ApiKey, AuditEntry, Membership, Tenant, User
from hiresscope.exceptions import NotFoundError


def membership_list_for_user(*, user: User) -> list[Membership]:
    """Every employer the person belongs to, most recently used first (the order login picks from)."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("tenant")
        .order_by(F("last_used_at").desc(nulls_last=True), "created_at")
    )


def api_key_list(*, tenant: Tenant, include_revoked: bool = False) -> QuerySet[ApiKey]:
    """The tenant's API keys, newest first (the revoked ones too when asked: the dashboard shows them)."""
    keys = ApiKey.objects.for_tenant(tenant).select_related("created_by").order_by("-created_at", "pk")
    return keys if include_revoked else keys.filter(revoked_at__isnull=True)


def api_key_get(*, tenant: Tenant, key_id) -> ApiKey:
    api_key = api_key_list(tenant=tenant, include_revoked=True).filter(pk=key_id).first()
    if api_key is None:
        raise NotFoundError("API key not found.")
    return api_key


def audit_entry_list(*, tenant: Tenant) -> QuerySet[AuditEntry]:
    """The tenant's audit trail, newest first (filters: ``teams.filters.AuditEntryFilter``)."""
    return AuditEntry.objects.for_tenant(tenant).order_by("-created_at", "-pk")
