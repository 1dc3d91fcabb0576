"""Reads for the team: members, pending invitations, and the plan's allowances as the team uses them."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import ApiKey, Membership, Tenant
from billing.models import PlanLimit
from billing.selectors import Meter, usage_summary
from hiresscope.exceptions import NotFoundError
from jobs.selectors import job_active_count
from teams.models import Invitation
from teams.services import seats_in_use
from webhooks.models import WebhookEndpoint


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


def member_get(*, tenant: Tenant, member_id) -> Membership:
    membership = member_list(tenant=tenant).filter(pk=member_id).first()
    if membership is None:
        raise NotFoundError("Member not found.")
    return membership


def invitation_get(*, tenant: Tenant, invitation_id) -> Invitation:
    """An open invitation of the tenant (an accepted or revoked one is not found: nothing to do with it)."""
    invitation = invitation_list(tenant=tenant).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFoundError("Invitation not found.")
    return invitation


def plan_usage(*, tenant: Tenant) -> dict:
    """Billing's usage summary plus the allowances the team's own rows use up: seats, API keys, webhooks.

    Billing reads no other app's tables, so the counts it cannot make are made here, where the
    workflows that spend them (invitations, keys, endpoints) live too.
    """
    summary = usage_summary(tenant_id=tenant.id, active_jobs=job_active_count(tenant=tenant))
    plan = summary["subscription"]["plan"]
    active_keys = ApiKey.objects.for_tenant(tenant).filter(revoked_at__isnull=True).count()
    return {
        **summary,
        "seats": Meter(seats_in_use(tenant=tenant), plan.limit(PlanLimit.SEATS)),
        "api_keys": Meter(active_keys, plan.limit(PlanLimit.API_KEYS)),
        "webhooks": Meter(WebhookEndpoint.objects.for_tenant(tenant).count(), plan.limit(PlanLimit.WEBHOOKS)),
    }
