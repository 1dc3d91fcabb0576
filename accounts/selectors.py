"""Reads for accounts."""

from django.db.models import F

from accounts.models import Membership, User


def membership_list_for_user(*, user: User) -> list[Membership]:
    """Every employer the person belongs to, most recently used first (the order login picks from)."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("tenant")
        .order_by(F("last_used_at").desc(nulls_last=True), "created_at")
    )
