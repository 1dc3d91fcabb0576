"""The plan ladder HireScope starts with. Migration 0002 seeded a frozen copy of it; operators change
plans in the admin afterwards. The trial plan is also recreated from here if it is ever missing (a
test database flushed between transactional tests, say), because sign-up cannot work without one."""

from decimal import Decimal

# Feature codes a plan lists (GET /billing/plans shows them; docs/billing.md says what each means).
_CORE = ["api_access", "bulk_upload", "webhooks", "talent_pool", "analytics", "blind_review"]

SEED_PLANS: list[dict] = [
    {
        "code": "trial",
        "name": "Free trial",
        "description": "Everything in Growth, smaller, for 3 days. No card needed.",
        "monthly_price": Decimal("0.00"),
        "currency": "USD",
        "cv_uploads_per_period": 100,
        "active_jobs": 5,
        "seats": 3,
        "api_keys": 5,
        "webhooks": 3,
        "assessments": 10,
        "credits_per_period": 100,
        "features": _CORE,
        "is_trial": True,
        "sort_order": 0,
    },
    {
        "code": "starter",
        "name": "Starter",
        "description": "For a small team hiring for a few roles.",
        "monthly_price": Decimal("49.00"),
        "currency": "USD",
        "cv_uploads_per_period": 300,
        "active_jobs": 5,
        "seats": 3,
        "api_keys": 2,
        "webhooks": 2,
        "assessments": 25,
        "credits_per_period": 300,
        "features": ["api_access", "bulk_upload", "webhooks", "talent_pool"],
        "is_trial": False,
        "sort_order": 10,
    },
    {
        "code": "growth",
        "name": "Growth",
        "description": "For growing teams with steady hiring.",
        "monthly_price": Decimal("199.00"),
        "currency": "USD",
        "cv_uploads_per_period": 2000,
        "active_jobs": 25,
        "seats": 10,
        "api_keys": 10,
        "webhooks": 10,
        "assessments": 250,
        "credits_per_period": 2000,
        "features": _CORE,
        "is_trial": False,
        "sort_order": 20,
    },
    {
        "code": "enterprise",
        "name": "Enterprise",
        "description": "Unlimited usage, priority support, invoicing.",
        "monthly_price": Decimal("999.00"),
        "currency": "USD",
        "cv_uploads_per_period": None,
        "active_jobs": None,
        "seats": None,
        "api_keys": None,
        "webhooks": None,
        "assessments": None,
        "credits_per_period": None,
        "features": [*_CORE, "priority_support"],
        "is_trial": False,
        "sort_order": 30,
    },
]
