"""Seed the plan ladder and give every existing tenant its subscription, from the status and trial end
that lived on the tenant until now (accounts 0005 then drops those fields).

The ladder is a frozen copy of billing/plans.py as it was when this migration was written.
"""

import calendar
from datetime import timedelta
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

_CORE = ["api_access", "bulk_upload", "webhooks", "talent_pool", "analytics", "blind_review"]
_LIMITS = (
    "cv_uploads_per_period",
    "active_jobs",
    "seats",
    "api_keys",
    "webhooks",
    "assessments",
    "credits_per_period",
)
PLANS = [
    (
        "trial",
        "Free trial",
        "Everything in Growth, smaller, for 3 days. No card needed.",
        "0.00",
        (100, 5, 3, 5, 3, 10, 100),
        _CORE,
        True,
        0,
    ),
    (
        "starter",
        "Starter",
        "For a small team hiring for a few roles.",
        "49.00",
        (300, 5, 3, 2, 2, 25, 300),
        ["api_access", "bulk_upload", "webhooks", "talent_pool"],
        False,
        10,
    ),
    (
        "growth",
        "Growth",
        "For growing teams with steady hiring.",
        "199.00",
        (2000, 25, 10, 10, 10, 250, 2000),
        _CORE,
        False,
        20,
    ),
    (
        "enterprise",
        "Enterprise",
        "Unlimited usage, priority support, invoicing.",
        "999.00",
        (None,) * 7,
        [*_CORE, "priority_support"],
        False,
        30,
    ),
]


def _add_month(moment):
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    Subscription = apps.get_model("billing", "Subscription")
    Tenant = apps.get_model("accounts", "Tenant")
    plans = {}
    for code, name, description, price, limits, features, is_trial, order in PLANS:
        plans[code], _ = Plan.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "monthly_price": Decimal(price),
                "currency": "USD",
                "features": features,
                "is_trial": is_trial,
                "sort_order": order,
                **dict(zip(_LIMITS, limits, strict=True)),
            },
        )
    now = timezone.now()
    for tenant in Tenant.objects.filter(subscription__isnull=True):
        trial_end = tenant.trial_ends_at or tenant.created_at + timedelta(days=3)
        if tenant.subscription_status in ("ACTIVE", "PAST_DUE"):
            # Set by an operator before plans existed: the smallest paid plan, for a month from today.
            plan, start, end = plans["starter"], now, _add_month(now)
        else:  # TRIALING or CANCELED: the trial they had
            plan, start, end = plans["trial"], min(tenant.created_at, trial_end), trial_end
        Subscription.objects.create(
            tenant=tenant,
            plan=plan,
            status=tenant.subscription_status,
            trial_ends_at=trial_end,
            current_period_start=start,
            current_period_end=end,
            canceled_at=now if tenant.subscription_status == "CANCELED" else None,
        )


def unseed(apps, schema_editor):
    Tenant = apps.get_model("accounts", "Tenant")
    Subscription = apps.get_model("billing", "Subscription")
    for subscription in Subscription.objects.select_related("tenant"):
        status = subscription.status if subscription.status != "EXPIRED" else "TRIALING"
        Tenant.objects.filter(pk=subscription.tenant_id).update(
            subscription_status=status, trial_ends_at=subscription.trial_ends_at
        )
    Subscription.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial"), ("accounts", "0004_tenant_retention")]

    operations = [migrations.RunPython(seed, unseed)]
