"""Plans, subscriptions, metered usage, invoices and referrals.

The subscription is the one truth about what a tenant may do: its plan (the limits), its status and its
period. A tenant's status is stored as of its last explicit change (sign-up, payment, cancellation);
the passing of time (a trial or a paid period ending) is applied by :meth:`Subscription.effective_status`,
so a trial ends at its exact second even before the periodic sweep writes the new status down.
"""

import calendar
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import ApiKey, Tenant, TenantOwnedModel, User


class PlanLimit(models.TextChoices):
    """The counted allowances of a plan; the value is the :class:`Plan` field holding the number."""

    CV_UPLOADS = "cv_uploads_per_period", "CV uploads per period"
    ACTIVE_JOBS = "active_jobs", "Active jobs"
    SEATS = "seats", "Seats"
    API_KEYS = "api_keys", "API keys"
    WEBHOOKS = "webhooks", "Webhook endpoints"
    ASSESSMENTS = "assessments", "Assessments"
    CREDITS = "credits_per_period", "Credits per period"


def _limit_field(help_text: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(null=True, blank=True, help_text=help_text + " Empty = unlimited.")


class Plan(models.Model):
    """A price and its limits. Operators manage plans in the admin; a migration seeds the ladder.

    A limit left empty (``NULL``) is unlimited; ``0`` means the feature is not on the plan.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=40, unique=True, help_text="Stable identifier clients use.")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    monthly_price = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code, e.g. USD.")
    cv_uploads_per_period = _limit_field("CVs accepted per monthly period (trial: the whole trial).")
    active_jobs = _limit_field("Jobs in ACTIVE status at the same time.")
    seats = _limit_field("Members of the tenant.")
    api_keys = _limit_field("Active API keys.")
    webhooks = _limit_field("Webhook endpoints.")
    assessments = _limit_field("Assessment invitations per period.")
    credits_per_period = _limit_field("Credits per monthly period; scoring a CV costs one assess credit.")
    features = models.JSONField(default=list, blank=True, help_text="Feature codes included in the plan.")
    is_trial = models.BooleanField(default=False, help_text="The plan new tenants start on; never sold.")
    is_public = models.BooleanField(default=True, help_text="Listed by GET /billing/plans.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "monthly_price"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_price__gte=0), name="plan_price_not_negative"),
            models.UniqueConstraint(fields=["is_trial"], condition=Q(is_trial=True), name="plan_one_trial"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def limit(self, limit: str) -> int | None:
        return getattr(self, PlanLimit(limit).value)


class SubscriptionStatus(models.TextChoices):
    TRIALING = "TRIALING", "Trialing"
    ACTIVE = "ACTIVE", "Active"
    PAST_DUE = "PAST_DUE", "Past due"
    CANCELED = "CANCELED", "Canceled"
    EXPIRED = "EXPIRED", "Expired"


# Reads always work; these statuses refuse writes (HTTP 403 ``subscription_inactive``).
READ_ONLY_STATUSES = frozenset({SubscriptionStatus.EXPIRED, SubscriptionStatus.CANCELED})


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` later, on the month's last day when it is shorter (Jan 31 + 1)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


class Subscription(models.Model):
    """A tenant's plan, status and current period; exactly one per tenant.

    - TRIALING: from sign-up until ``trial_ends_at``; then EXPIRED unless a payment arrived.
    - ACTIVE: paid until ``current_period_end``; then PAST_DUE for ``BILLING_GRACE_DAYS`` (writes still
      work), then EXPIRED.
    - CANCELED (by an operator) and EXPIRED are read-only; a payment makes the tenant ACTIVE again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(
        max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.TRIALING, db_index=True
    )
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    current_period_start = models.DateTimeField()
    current_period_end = models.DateTimeField()
    free_months_pending = models.PositiveSmallIntegerField(
        default=0, help_text="Referral months earned while not on a paid period; added to the next one."
    )
    first_paid_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_period_end__gte=models.F("current_period_start")),
                name="subscription_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant} on {self.plan.code} ({self.status})"

    def effective_status(self, now: datetime | None = None) -> str:
        """The status with time applied: an ended trial is EXPIRED, an ended paid period PAST_DUE then EXPIRED."""
        now = now or timezone.now()
        if self.status == SubscriptionStatus.TRIALING:
            ends = self.trial_ends_at or self.current_period_end
            return SubscriptionStatus.EXPIRED if now >= ends else SubscriptionStatus.TRIALING
        if self.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE):
            if now >= self.current_period_end + timedelta(days=settings.BILLING_GRACE_DAYS):
                return SubscriptionStatus.EXPIRED
            if now >= self.current_period_end:
                return SubscriptionStatus.PAST_DUE
        return self.status

    def is_writable(self, now: datetime | None = None) -> bool:
        return self.effective_status(now) not in READ_ONLY_STATUSES

    def usage_window(self, now: datetime | None = None) -> tuple[datetime, datetime]:
        """The metering period containing ``now``: the whole trial, else monthly from the period start.

        Paid periods can span several months (referral months, an invoice for a quarter); limits are per
        month all the same, so usage is counted in month-long windows anchored at the period's start.
        """
        now = now or timezone.now()
        start = self.current_period_start
        if self.status == SubscriptionStatus.TRIALING:
            return start, self.trial_ends_at or self.current_period_end
        months = max(0, (now.year - start.year) * 12 + now.month - start.month)
        window_start = add_months(start, months)
        if window_start > now:
            months -= 1
            window_start = add_months(start, months)
        return window_start, add_months(start, months + 1)


class UsageMetric(models.TextChoices):
    """What is metered. Each event names its source (the application, the job) so it counts once."""

    CV_UPLOAD = "CV_UPLOAD", "CV upload"
    JOB_CREATED = "JOB_CREATED", "Job created"
    ASSESS = "ASSESS", "Assessment credit (a CV scored)"
    ASSESSMENT_INVITE = "ASSESSMENT", "Assessment invitation"


# Credits each metric costs; metrics not listed are counted but cost none.
CREDIT_COST = {UsageMetric.ASSESS: 1}


class UsageCounter(TenantOwnedModel):
    """How many units of a metric a tenant used in one metering window.

    Limits are enforced on this row with ``UPDATE … SET used = used + 1 WHERE used < limit``: the
    database serialises concurrent consumers on the row, so exactly ``limit`` succeed.
    """

    metric = models.CharField(max_length=16, choices=UsageMetric.choices)
    period_start = models.DateTimeField()
    used = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "metric", "period_start"], name="usage_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.metric} from {self.period_start:%Y-%m-%d}: {self.used}"


class UsageEvent(TenantOwnedModel):
    """One metered unit, recorded exactly once per (tenant, metric, source id)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    metric = models.CharField(max_length=16, choices=UsageMetric.choices)
    source_id = models.CharField(max_length=64, help_text="The id of what was metered (application, job).")
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    credits = models.PositiveSmallIntegerField(default=0)
    period_start = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "metric", "source_id"], name="usage_event_once")
        ]
        indexes = [models.Index(fields=["api_key", "metric"], name="usage_event_api_key")]

    def __str__(self) -> str:
        return f"{self.metric} {self.source_id}"


class InvoiceStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    PAID = "PAID", "Paid"
    VOID = "VOID", "Void"


class Invoice(TenantOwnedModel):
    """A bill for some months of a plan. With the manual provider an operator marks it paid in the admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=20, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="invoices")
    months = models.PositiveSmallIntegerField(default=1)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=8, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN, db_index=True
    )
    provider = models.CharField(max_length=20, default="manual")
    payment_reference = models.CharField(
        max_length=120, blank=True, help_text="The bank transfer's reference, a receipt number…"
    )
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    paid_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=1), name="invoice_at_least_one_month"),
            models.CheckConstraint(
                condition=~Q(status=InvoiceStatus.PAID) | Q(paid_at__isnull=False),
                name="invoice_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.amount} {self.currency} ({self.status})"


class ReferralCode(TenantOwnedModel):
    """The tenant's one referral code, shared in its sign-up link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["tenant"], name="referral_code_one_per_tenant")]

    def __str__(self) -> str:
        return self.code


class Referral(TenantOwnedModel):
    """A tenant (``tenant``, the referrer) invited another (``referred``), which signed up with its code.

    ``converted_at`` is set once, at the referred tenant's first payment, and the referrer then earns
    ``months_awarded`` (one) free month. A tenant can be referred only once and never by itself.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referred = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="referral")
    code = models.CharField(max_length=16)
    converted_at = models.DateTimeField(null=True, blank=True)
    months_awarded = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(tenant=models.F("referred")), name="referral_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} → {self.referred_id}"
