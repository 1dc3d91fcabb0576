"""Reads for the team: members, pending invitations."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Membership, Tenant
from teams.models import Invitation


def member_list(*, tenant: Tenant) -> QuerySet[Membership]:
    return Membership.objects.for_tenant(tenant).select_related("user").order_by("created_at", "pk")


def invitation_list(*, tenant: Tenant, include_expired: bool = True) -> QuerySet[Invitation]:
    """Invitations not yet accepted or revoked (expired ones too, unless asked: they can be re-sent)."""
    invitations = Invitation.objects.for_tenant(tenant).filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )
    if not include_expired:
        invitations = invitations.filter(expires_at__gt=timezone.now())
    return invitations.select_related("invited_by").order_by("-created_at", "pk")
