"""Writes of billing: subscriptions, metered usage, plan allowances, invoices, referrals.

Other apps call these with plain data (tenant and source ids) from inside their own transactions, so
a refused limit rolls back whatever the caller was creating. Two mechanisms keep limits exact under
concurrency:

- metered usage (CV uploads, credits) is a counter row per (tenant, metric, window) raised with
  ``UPDATE … SET used = used + 1 WHERE used < limit``; the row lock makes concurrent consumers queue,
  and one whose update matched no row is over the limit. An event row unique on (tenant, metric,
  source id) makes each source count once, however often it is reported;
- counted resources (active jobs, API keys, webhooks) are counted while holding a lock on the
  tenant's subscription row (:func:`plan_allowance_check`), so two creations cannot both see room.
"""

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import ApiKey, Membership, MembershipRole
from billing.models import (
    CREDIT_COST,
    Invoice,
    InvoiceStatus,
    Plan,
    PlanLimit,
    Referral,
    ReferralCode,
    Subscription,
    SubscriptionStatus,
    UsageCounter,
    UsageEvent,
    UsageMetric,
    add_months,
)
from billing.plans import SEED_PLANS
from billing.providers import get_provider
from hiresscope.casing import camel_key
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError
from hiresscope.timefmt import utc_iso

logger = logging.getLogger(__name__)

# The plan limit each metered metric is held to (None: counted, never refused).
METRIC_LIMIT = {
    UsageMetric.CV_UPLOAD: PlanLimit.CV_UPLOADS,
    UsageMetric.JOB_CREATED: None,
    UsageMetric.ASSESS: PlanLimit.CREDITS,
    UsageMetric.ASSESSMENT_INVITE: PlanLimit.ASSESSMENTS,
}
# Unambiguous characters only (no 0/O, 1/I/L): codes are read aloud and typed.
REFERRAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERRAL_CODE_LENGTH = 8
MAX_INVOICE_MONTHS = 36
MAX_TRIAL_EXTENSION_DAYS = 90


class PlanLimitExceeded(DomainError):
    status_code = 403
    code = ErrorCode.PLAN_LIMIT_EXCEEDED


class SubscriptionInactive(DomainError):
    status_code = 403
    code = ErrorCode.SUBSCRIPTION_INACTIVE


# -- subscriptions ----------------------------------------------------------------------------------------
def plan_ladder_ensure() -> None:
    """Create any plan of the shipped ladder that is missing (by code); existing plans are left as edited.

    Migration 0002 seeds the ladder; this restores it where the rows are gone (a flushed database).
    """
    for seed in SEED_PLANS:
        Plan.objects.get_or_create(code=seed["code"], defaults=seed)


def _trial_plan() -> Plan:
    plan = Plan.objects.filter(is_trial=True).first()
    if plan is None:
        # The seeded trial plan is gone (a flushed test database); sign-up cannot work without one.
        plan_ladder_ensure()
        plan = Plan.objects.filter(is_trial=True).first()
    return plan


def subscription_start_trial(*, tenant_id, now: datetime | None = None) -> Subscription:
    """Start the free trial (``TRIAL_DAYS``) of a new tenant; a tenant that has a subscription keeps it."""
    now = now or timezone.now()
    trial_end = now + timedelta(days=settings.TRIAL_DAYS)
    subscription, _ = Subscription.objects.select_related("plan").get_or_create(
        tenant_id=tenant_id,
        defaults={
            "plan": _trial_plan(),
            "status": SubscriptionStatus.TRIALING,
            "trial_ends_at": trial_end,
            "current_period_start": now,
            "current_period_end": trial_end,
        },
    )
    return subscription


def subscription_for(*, tenant_id) -> Subscription:
    """The tenant's subscription with its plan. Tenants made outside sign-up (the admin, scripts) get
    their trial on first use, so every tenant has exactly one."""
    subscription = Subscription.objects.select_related("plan").filter(tenant_id=tenant_id).first()
    return subscription or subscription_start_trial(tenant_id=tenant_id)


def _locked(tenant_id) -> Subscription:
    """The subscription row locked until the caller's transaction ends (plan loaded separately: the
    lock must not extend to the shared plan row)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Lock the subscription inside the transaction that acts on it.")
    subscription_for(tenant_id=tenant_id)
    return Subscription.objects.select_for_update().get(tenant_id=tenant_id)


def _inactive(subscription: Subscription, now: datetime, message: str | None = None) -> SubscriptionInactive:
    status = subscription.effective_status(now)
    return SubscriptionInactive(
        message
        or (
            f"The subscription is {status.lower().replace('_', ' ')}: the account is read-only. "
            "Choose a plan (GET /billing/plans) and pay its invoice (POST /billing/invoices) to make changes."
        ),
        details={"subscriptionStatus": status},
    )


def subscription_require_writable(
    *, tenant_id, subscription: Subscription | None = None, now: datetime | None = None
) -> Subscription:
    """Raise 403 ``subscription_inactive`` when the tenant is read-only (EXPIRED or CANCELED).

    ``subscription``: the tenant's, when the caller loaded it already (the credential does).
    """
    now = now or timezone.now()
    subscription = subscription or subscription_for(tenant_id=tenant_id)
    if not subscription.is_writable(now):
        raise _inactive(subscription, now)
    return subscription


def _activate(*, tenant_id, plan: Plan, months: int, now: datetime, paid: bool) -> bool:
    """Put the tenant on ``plan`` for ``months`` (plus any referral months it earned); True on a first payment.

    Paying for the same plan while its period runs (or in the grace after it) extends the period, so a
    renewal never loses days; anything else (trial, expired, canceled, another plan) starts a new period
    now. There is no proration: an operator settles a mid-period upgrade by hand.
    """
    subscription = _locked(tenant_id)
    months += subscription.free_months_pending
    continuing = subscription.effective_status(now) in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.PAST_DUE,
    )
    if continuing and subscription.plan_id == plan.id:
        subscription.current_period_end = add_months(subscription.current_period_end, months)
    else:
        subscription.current_period_start = now
        subscription.current_period_end = add_months(now, months)
    subscription.plan = plan
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.free_months_pending = 0
    subscription.canceled_at = None
    first_payment = paid and subscription.first_paid_at is None
    if first_payment:
        subscription.first_paid_at = now
    subscription.save()
    return first_payment


@transaction.atomic
def subscription_grant(*, tenant_id, plan_code: str, months: int, by: Actor) -> Subscription:
    """An operator's complimentary months of a plan (a pilot, the demo tenant); not a payment, so no
    referral reward follows."""
    plan = _sellable_plan(plan_code)
    _activate(tenant_id=tenant_id, plan=plan, months=months, now=timezone.now(), paid=False)
    _audit(tenant_id, by=by, action="subscription.granted", details={"plan": plan.code, "months": months})
    logger.info("Tenant %s granted %s month(s) of %s by %s", tenant_id, months, plan.code, by.label)
    return subscription_for(tenant_id=tenant_id)


@transaction.atomic
def subscription_change_plan(*, tenant_id, plan_code: str, by: Actor) -> Subscription:
    """An operator moves the tenant to another plan; its status and period stay as they are."""
    subscription = _locked(tenant_id)
    plan = Plan.objects.filter(code=plan_code).first()
    if plan is None:
        raise DomainError(f"No plan has the code {plan_code!r}.", code=ErrorCode.UNKNOWN_PLAN)
    previous = Plan.objects.filter(pk=subscription.plan_id).values_list("code", flat=True).first()
    subscription.plan = plan
    subscription.save(update_fields=["plan", "updated_at"])
    _audit(tenant_id, by=by, action="subscription.plan_changed", details={"from": previous, "to": plan.code})
    logger.info("Tenant %s moved to plan %s by %s", tenant_id, plan.code, by.label)
    return subscription_for(tenant_id=tenant_id)


@transaction.atomic
def subscription_extend_trial(
    *, tenant_id, days: int, by: Actor, now: datetime | None = None
) -> Subscription:
    """An operator gives a trial ``days`` more (a prospect still evaluating); 409 ``not_in_trial`` otherwise.

    The days are added to the trial's end, or to now when it has ended already (an expired trial opens
    again, writable): the tenant always gets ``days`` it can use. Usage keeps counting over the whole
    trial, so the trial's allowances are not renewed.
    """
    if not 1 <= days <= MAX_TRIAL_EXTENSION_DAYS:
        raise DomainError(
            f"Validation failed: days: between 1 and {MAX_TRIAL_EXTENSION_DAYS}.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"days": [f"Between 1 and {MAX_TRIAL_EXTENSION_DAYS}."]},
        )
    now = now or timezone.now()
    subscription = _locked(tenant_id)
    trial_end = subscription.trial_ends_at
    # The trial is the current period until a payment or a grant starts a new one (which moves the end).
    in_trial = subscription.status == SubscriptionStatus.TRIALING or (
        subscription.status == SubscriptionStatus.EXPIRED
        and trial_end is not None
        and subscription.current_period_end == trial_end
    )
    if not in_trial:
        raise ConflictError(
            f"Only a trial can be extended; this subscription is {subscription.effective_status(now)}.",
            code=ErrorCode.NOT_IN_TRIAL,
        )
    previous_end = trial_end or subscription.current_period_end
    new_end = max(previous_end, now) + timedelta(days=days)
    subscription.status = SubscriptionStatus.TRIALING
    subscription.trial_ends_at = subscription.current_period_end = new_end
    subscription.save(update_fields=["status", "trial_ends_at", "current_period_end", "updated_at"])
    _audit(
        tenant_id,
        by=by,
        action="subscription.trial_extended",
        details={"days": days, "from": utc_iso(previous_end), "to": utc_iso(new_end)},
    )
    logger.info("Trial of tenant %s extended by %s day(s) to %s by %s", tenant_id, days, new_end, by.label)
    return subscription_for(tenant_id=tenant_id)


@transaction.atomic
def subscription_cancel(*, tenant_id, by: Actor, now: datetime | None = None) -> Subscription:
    """Cancel now (an operator's action): the tenant becomes read-only; a later payment reactivates it."""
    now = now or timezone.now()
    subscription = _locked(tenant_id)
    get_provider().cancel(subscription=subscription, now=now)
    Invoice.objects.filter(tenant_id=tenant_id, status=InvoiceStatus.OPEN).update(
        status=InvoiceStatus.VOID, voided_at=now, updated_at=now
    )
    subscription.status = SubscriptionStatus.CANCELED
    subscription.canceled_at = now
    subscription.save(update_fields=["status", "canceled_at", "updated_at"])
    _audit(tenant_id, by=by, action="subscription.canceled", details={"plan": subscription.plan.code})
    logger.info("Subscription of tenant %s canceled by %s", tenant_id, by.label)
    return subscription


def subscriptions_sweep(*, now: datetime | None = None) -> int:
    """Write down the statuses time has changed (ended trials and periods) so lists and filters agree
    with :meth:`Subscription.effective_status`. Each update re-checks its condition on the row, so a
    payment landing at the same moment is never overwritten."""
    now = now or timezone.now()
    grace = timedelta(days=settings.BILLING_GRACE_DAYS)
    expired_trials = Subscription.objects.filter(
        status=SubscriptionStatus.TRIALING, trial_ends_at__lte=now
    ).update(status=SubscriptionStatus.EXPIRED, updated_at=now)
    expired_paid = Subscription.objects.filter(
        status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE],
        current_period_end__lte=now - grace,
    ).update(status=SubscriptionStatus.EXPIRED, updated_at=now)
    past_due = Subscription.objects.filter(
        status=SubscriptionStatus.ACTIVE, current_period_end__lte=now
    ).update(status=SubscriptionStatus.PAST_DUE, updated_at=now)
    return expired_trials + expired_paid + past_due


# -- usage and limits -------------------------------------------------------------------------------------
def _limit_error(
    *, plan: Plan, limit: str, allowed: int, used: int, period_end: datetime | None = None
) -> PlanLimitExceeded:
    label = PlanLimit(limit).label
    details = {"limit": camel_key(limit), "allowed": allowed, "used": used, "plan": plan.code}
    if allowed == 0:
        return PlanLimitExceeded(
            f"{label} are not included in the {plan.name} plan. See GET /billing/plans to upgrade.",
            code=ErrorCode.FEATURE_NOT_ON_PLAN,
            details=details,
        )
    until = f" until {period_end:%Y-%m-%d %H:%M} UTC" if period_end else ""
    if period_end:
        details["periodEnd"] = utc_iso(period_end)
    return PlanLimitExceeded(
        f"The {plan.name} plan allows {allowed} {label.lower()}; the limit is reached{until}. "
        "See GET /billing/plans to upgrade.",
        details=details,
    )


def _counter_value(*, tenant_id, metric: str, period_start: datetime) -> int:
    return (
        UsageCounter.objects.filter(tenant_id=tenant_id, metric=metric, period_start=period_start)
        .values_list("used", flat=True)
        .first()
        or 0
    )


def usage_consume(*, tenant_id, metric: str, source_id, api_key_id=None, now: datetime | None = None) -> bool:
    """Record one unit of ``metric`` for ``source_id`` and enforce its plan limit, atomically.

    Returns True when recorded now, False when this source was already counted (nothing changes).
    Raises 403 ``plan_limit_exceeded`` (``feature_not_on_plan`` when the plan's limit is 0) over the
    limit, and ``subscription_inactive`` for a read-only tenant, leaving nothing recorded. Call it
    inside the transaction that creates the metered thing, so a refusal rolls that back too.

    A CV upload also needs a credit left for its scoring (checked, not reserved: the credit is taken
    when the CV is scored). An ``ASSESS`` credit is charged to the API key that uploaded the CV.
    """
    metric = UsageMetric(metric)
    source_id = str(source_id)
    now = now or timezone.now()
    subscription = subscription_for(tenant_id=tenant_id)
    plan = subscription.plan
    # A CV accepted before the trial ended is still scored after it: only new work needs a writable tenant.
    if metric != UsageMetric.ASSESS and not subscription.is_writable(now):
        raise _inactive(
            subscription,
            now,
            "This account is read-only: its subscription is "
            f"{subscription.effective_status(now).lower().replace('_', ' ')}.",
        )
    period_start, period_end = subscription.usage_window(now)
    limit = METRIC_LIMIT[metric]
    allowed = plan.limit(limit) if limit else None
    if metric == UsageMetric.ASSESS and api_key_id is None:
        api_key_id = (
            UsageEvent.objects.filter(tenant_id=tenant_id, metric=UsageMetric.CV_UPLOAD, source_id=source_id)
            .values_list("api_key_id", flat=True)
            .first()
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                UsageEvent.objects.create(
                    tenant_id=tenant_id,
                    metric=metric,
                    source_id=source_id,
                    api_key_id=api_key_id,
                    credits=CREDIT_COST.get(metric, 0),
                    period_start=period_start,
                    created_at=now,
                )
        except IntegrityError:
            return False  # this source was counted before (or by a concurrent call that committed)
        if metric == UsageMetric.CV_UPLOAD and plan.credits_per_period is not None:
            credits_used = _counter_value(
                tenant_id=tenant_id, metric=UsageMetric.ASSESS, period_start=period_start
            )
            if credits_used >= plan.credits_per_period:
                raise _limit_error(
                    plan=plan,
                    limit=PlanLimit.CREDITS,
                    allowed=plan.credits_per_period,
                    used=credits_used,
                    period_end=period_end,
                )
        UsageCounter.objects.bulk_create(
            [UsageCounter(tenant_id=tenant_id, metric=metric, period_start=period_start)],
            ignore_conflicts=True,
        )
        counter = UsageCounter.objects.filter(tenant_id=tenant_id, metric=metric, period_start=period_start)
        if allowed is not None:
            counter = counter.filter(used__lt=allowed)
        if not counter.update(used=F("used") + 1, updated_at=now):
            raise _limit_error(plan=plan, limit=limit, allowed=allowed, used=allowed, period_end=period_end)
        credits = CREDIT_COST.get(metric, 0)
        if api_key_id is not None and credits:
            ApiKey.objects.filter(pk=api_key_id).update(
                credits_used=F("credits_used") + credits,
                credits_used_assess=F("credits_used_assess")
                + (credits if metric == UsageMetric.ASSESS else 0),
            )
    return True


def plan_allowance_check(*, tenant_id, limit: str, in_use: Callable[[], int], adding: int = 1) -> None:
    """Refuse (403) adding ``adding`` more of a counted resource when the plan's limit would be passed.

    Call it inside the transaction that creates the resource, before creating it: it locks the tenant's
    subscription until that transaction ends, and ``in_use`` (a count of the resource) is evaluated under
    the lock, so concurrent creations queue and each sees the others' rows.
    """
    now = timezone.now()
    subscription = _locked(tenant_id)
    if not subscription.is_writable(now):
        raise _inactive(subscription, now)
    plan = Plan.objects.get(pk=subscription.plan_id)
    allowed = plan.limit(limit)
    if allowed is None:
        return
    used = in_use()
    if used + adding > allowed:
        raise _limit_error(plan=plan, limit=limit, allowed=allowed, used=used)


def credit_consume(*, tenant_id, source_id, now: datetime | None = None) -> bool:
    """Charge the assess credit of scoring one application (``source_id``), once per application."""
    return usage_consume(tenant_id=tenant_id, metric=UsageMetric.ASSESS, source_id=source_id, now=now)


# -- invoices ---------------------------------------------------------------------------------------------
def _sellable_plan(plan_code: str) -> Plan:
    plan = Plan.objects.filter(code=(plan_code or "").strip().lower(), is_trial=False).first()
    if plan is None:
        raise DomainError(
            f"Validation failed: planCode: no plan {plan_code!r} can be bought.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"planCode": ["Unknown plan; see GET /billing/plans."]},
        )
    return plan


def invoice_create(*, tenant_id, plan_code: str, months: int = 1, by: Actor) -> Invoice:
    """Bill the tenant for ``months`` of a plan (owners and admins, an operator, or the system).

    One invoice is open at a time: a new one voids the previous open one. Paying it (see
    :func:`invoice_mark_paid`) activates the plan.
    """
    if not _may_choose_plan(tenant_id=tenant_id, by=by):
        raise DomainError(
            "Only an owner or an admin can choose the plan.", code=ErrorCode.FORBIDDEN, status_code=403
        )
    if not 1 <= months <= MAX_INVOICE_MONTHS:
        raise DomainError(
            f"Validation failed: months: between 1 and {MAX_INVOICE_MONTHS}.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"months": [f"Between 1 and {MAX_INVOICE_MONTHS}."]},
        )
    plan = _sellable_plan(plan_code)
    now = timezone.now()
    with transaction.atomic():
        _locked(tenant_id)  # one invoice decision per tenant at a time
        Invoice.objects.filter(tenant_id=tenant_id, status=InvoiceStatus.OPEN).update(
            status=InvoiceStatus.VOID, voided_at=now, updated_at=now
        )
        return get_provider().create_invoice(tenant_id=tenant_id, plan=plan, months=months, by=by)


def _may_choose_plan(*, tenant_id, by: Actor) -> bool:
    # API keys never handle payments; an operator (staff, in the admin) acts for any tenant.
    if by.api_key is not None:
        return False
    if by.user is None or by.user.is_staff:
        return True
    role = Membership.objects.filter(tenant_id=tenant_id, user=by.user).values_list("role", flat=True).first()
    return role in (MembershipRole.OWNER, MembershipRole.ADMIN)


def _audit(tenant_id, *, by: Actor, action: str, details: dict, target_type="subscription", target_id=None):
    audit_record(
        tenant_id=tenant_id,
        by=by,
        action=action,
        target_type=target_type,
        target_id=tenant_id if target_id is None else target_id,
        details=details,
    )


def invoice_mark_paid(*, invoice_id, reference: str = "", by: Actor, now: datetime | None = None) -> Invoice:
    """Record an invoice's payment: the plan becomes ACTIVE for its months, once.

    The first payment of a referred tenant converts its referral, and its referrer earns a free month.
    Marking a paid invoice paid again changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().select_related("plan").get(pk=invoice_id)
        if invoice.status == InvoiceStatus.PAID:
            return invoice
        if invoice.status == InvoiceStatus.VOID:
            raise ConflictError(
                f"Invoice {invoice.number} is void; it cannot be paid.", code=ErrorCode.INVOICE_VOID
            )
        get_provider(invoice.provider).mark_paid(invoice=invoice, reference=reference, now=now)
        first_payment = _activate(
            tenant_id=invoice.tenant_id, plan=invoice.plan, months=invoice.months, now=now, paid=True
        )
        if first_payment:
            _referral_convert(referred_tenant_id=invoice.tenant_id, now=now)
        _audit(
            invoice.tenant_id,
            by=by,
            action="invoice.paid",
            target_type="invoice",
            target_id=invoice.pk,
            details={"number": invoice.number, "plan": invoice.plan.code, "months": invoice.months},
        )
    logger.info("Invoice %s marked paid by %s", invoice.number, by.label)
    return invoice


@transaction.atomic
def invoice_void(*, invoice_id, by: Actor) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    if invoice.status == InvoiceStatus.PAID:
        raise ConflictError(
            f"Invoice {invoice.number} is paid; it cannot be voided.", code=ErrorCode.INVOICE_PAID
        )
    if invoice.status == InvoiceStatus.OPEN:
        invoice.status, invoice.voided_at = InvoiceStatus.VOID, timezone.now()
        invoice.save(update_fields=["status", "voided_at", "updated_at"])
        _audit(
            invoice.tenant_id,
            by=by,
            action="invoice.voided",
            target_type="invoice",
            target_id=invoice.pk,
            details={"number": invoice.number},
        )
    return invoice


# -- referrals --------------------------------------------------------------------------------------------
def referral_code_get_or_create(*, tenant_id) -> ReferralCode:
    """The tenant's referral code, made on first request; every later call returns the same one."""
    existing = ReferralCode.objects.filter(tenant_id=tenant_id).first()
    if existing:
        return existing
    for _ in range(5):
        code = "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))
        try:
            with transaction.atomic():
                return ReferralCode.objects.create(tenant_id=tenant_id, code=code)
        except IntegrityError:
            # Either a concurrent request made the tenant's code (use it) or the code was taken (retry).
            existing = ReferralCode.objects.filter(tenant_id=tenant_id).first()
            if existing:
                return existing
    raise RuntimeError("Could not find a free referral code in 5 tries.")


def referral_link(code: str) -> str:
    return f"{settings.REFERRAL_SIGNUP_URL}?{urlencode({'ref': code})}"


def referral_record(*, referred_tenant_id, code: str) -> Referral | None:
    """At sign-up: record that the new tenant came with ``code``. An unknown code is a 400, so a typo is
    noticed while it can still be fixed; a tenant is referred at most once and never by itself."""
    code = (code or "").strip().upper()
    if not code:
        return None
    referral_code = ReferralCode.objects.filter(code=code).first()
    if referral_code is None:
        raise DomainError(
            "Validation failed: referralCode: unknown referral code.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"referralCode": ["Unknown referral code."]},
        )
    if referral_code.tenant_id == referred_tenant_id:
        raise DomainError("A tenant cannot refer itself.", code=ErrorCode.SELF_REFERRAL)
    referral, _ = Referral.objects.get_or_create(
        referred_id=referred_tenant_id, defaults={"tenant_id": referral_code.tenant_id, "code": code}
    )
    return referral


def _referral_convert(*, referred_tenant_id, now: datetime) -> None:
    # The atomic claim on converted_at makes the reward happen once, whatever calls this twice.
    claimed = Referral.objects.filter(referred_id=referred_tenant_id, converted_at__isnull=True).update(
        converted_at=now, months_awarded=1
    )
    if claimed:
        referrer_id = Referral.objects.filter(referred_id=referred_tenant_id).values_list(
            "tenant_id", flat=True
        )[0]
        _free_month_grant(tenant_id=referrer_id, now=now)


def _free_month_grant(*, tenant_id, now: datetime) -> None:
    """A referral reward: one month added to the running paid period, or banked for the next one."""
    subscription = _locked(tenant_id)
    if subscription.effective_status(now) in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE):
        subscription.current_period_end = add_months(subscription.current_period_end, 1)
        subscription.status = SubscriptionStatus.ACTIVE
    else:
        subscription.free_months_pending += 1
    subscription.save(update_fields=["current_period_end", "status", "free_months_pending", "updated_at"])
