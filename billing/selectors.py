"""Reads of billing: the public plan list, a tenant's usage, API keys' credit balances, referral stats."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from accounts.models import ApiKey
from billing.models import (
    Invoice,
    InvoiceStatus,
    Plan,
    PlanLimit,
    Referral,
    Subscription,
    UsageCounter,
    UsageMetric,
)
from billing.providers import get_provider
from billing.services import subscription_for

# X-Credits-Remaining's value for a plan without a credit limit (the b2d convention).
UNLIMITED = -1


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.filter(is_public=True).order_by("sort_order", "monthly_price")


@dataclass(frozen=True)
class Meter:
    used: int
    limit: int | None  # None: unlimited

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used)


def _window_counts(*, tenant_id, period_start: datetime) -> dict[str, int]:
    return dict(
        UsageCounter.objects.filter(tenant_id=tenant_id, period_start=period_start).values_list(
            "metric", "used"
        )
    )


def usage_summary(*, tenant_id, active_jobs: int, now: datetime | None = None) -> dict:
    """This metering period's usage against the plan, with the subscription's state.

    ``active_jobs`` is counted by the caller (billing does not read other apps' tables).
    """
    now = now or timezone.now()
    subscription = subscription_for(tenant_id=tenant_id)
    plan = subscription.plan
    period_start, period_end = subscription.usage_window(now)
    counts = _window_counts(tenant_id=tenant_id, period_start=period_start)
    status = subscription.effective_status(now)
    return {
        "subscription_status": status,
        "subscription": {
            "status": status,
            "plan": plan,
            "trial_ends_at": subscription.trial_ends_at,
            "current_period_start": subscription.current_period_start,
            "current_period_end": subscription.current_period_end,
            "read_only": not subscription.is_writable(now),
            "free_months_pending": subscription.free_months_pending,
        },
        "period_start": period_start,
        "period_end": period_end,
        "cv_uploads": Meter(counts.get(UsageMetric.CV_UPLOAD, 0), plan.limit(PlanLimit.CV_UPLOADS)),
        "jobs_created": Meter(counts.get(UsageMetric.JOB_CREATED, 0), None),
        "active_jobs": Meter(active_jobs, plan.limit(PlanLimit.ACTIVE_JOBS)),
        "credits": Meter(counts.get(UsageMetric.ASSESS, 0), plan.limit(PlanLimit.CREDITS)),
        "assessments": Meter(counts.get(UsageMetric.ASSESSMENT_INVITE, 0), plan.limit(PlanLimit.ASSESSMENTS)),
    }


@dataclass(frozen=True)
class CreditBalance:
    used: int  # every credit this API key ever used
    used_assess: int  # of which for assessments (scoring CVs)
    remaining: int  # the tenant's credits left this period; -1 unlimited


def credit_balance(*, tenant_id, api_key_id) -> CreditBalance:
    """The X-Credits-* headers of a response to ``api_key_id``, in one query (they are on every response).

    The key's totals are running counters on the key (kept by ``usage_consume``), so this costs the same
    for a key that scored a million CVs as for a new one.
    """
    key_totals = ApiKey.objects.filter(pk=api_key_id)
    latest_counter = UsageCounter.objects.filter(
        tenant_id=OuterRef("tenant_id"), metric=UsageMetric.ASSESS
    ).order_by("-period_start")
    subscription = (
        Subscription.objects.select_related("plan")
        .filter(tenant_id=tenant_id)
        .annotate(
            key_used=Subquery(key_totals.values("credits_used")[:1]),
            key_assess=Subquery(key_totals.values("credits_used_assess")[:1]),
            window_start=Subquery(latest_counter.values("period_start")[:1]),
            window_used=Subquery(latest_counter.values("used")[:1]),
        )
        .first()
    )
    if subscription is None:  # a tenant made outside sign-up, on its first request
        subscription_for(tenant_id=tenant_id)
        return credit_balance(tenant_id=tenant_id, api_key_id=api_key_id)
    allowed = subscription.plan.credits_per_period
    if allowed is None:
        remaining = UNLIMITED
    else:
        # The newest counter is this period's only if it started with the current window.
        in_window = subscription.window_start == subscription.usage_window()[0]
        remaining = max(0, allowed - (subscription.window_used if in_window else 0))
    return CreditBalance(
        used=subscription.key_used or 0, used_assess=subscription.key_assess or 0, remaining=remaining
    )


def referral_stats(*, tenant_id) -> dict:
    stats = Referral.objects.filter(tenant_id=tenant_id).aggregate(
        invited=Count("id"),
        converted=Count("id", filter=Q(converted_at__isnull=False)),
        months_earned=Sum("months_awarded"),
    )
    return {**stats, "months_earned": stats["months_earned"] or 0}


def invoice_list(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """A tenant's invoices (``queryset``, already scoped to it), newest first, with their plans."""
    return queryset.select_related("plan").order_by("-created_at", "-pk")


def invoice_payment_instructions(invoice: Invoice) -> str | None:
    """How to pay an open invoice, in its provider's words; None once it is paid or void."""
    if invoice.status != InvoiceStatus.OPEN:
        return None
    return get_provider(invoice.provider).payment_instructions(invoice)
