"""The migration that gives API keys running credit totals fills them from the usage already recorded."""

import uuid

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def test_the_backfill_counts_each_keys_past_credits_once(transactional_db):
    try:
        old = _migrate(
            [("billing", "0002_seed_plans_and_subscriptions"), ("accounts", "0006_api_key_credit_totals")]
        )
        Tenant, User = old.get_model("accounts", "Tenant"), old.get_model("accounts", "User")
        ApiKey, UsageEvent = old.get_model("accounts", "ApiKey"), old.get_model("billing", "UsageEvent")
        tenant = Tenant.objects.create(name="Acme", slug="acme-backfill")
        user = User.objects.create(email="owner@acme.test", password="!")
        busy, idle = (
            ApiKey.objects.create(
                tenant=tenant, name=name, prefix="hsk_live_x", key_hash=uuid.uuid4().hex, created_by=user
            )
            for name in ("busy", "idle")
        )
        now = timezone.now()
        for metric, credits in (("ASSESS", 1), ("ASSESS", 1), ("CV_UPLOAD", 0)):
            UsageEvent.objects.create(
                tenant=tenant,
                metric=metric,
                source_id=uuid.uuid4().hex,
                api_key=busy,
                credits=credits,
                period_start=now,
            )

        new = _migrate([("billing", "0003_api_key_credit_totals")])

        keys = new.get_model("accounts", "ApiKey").objects
        assert keys.values_list("credits_used", "credits_used_assess").get(pk=busy.pk) == (2, 2)
        assert keys.values_list("credits_used", "credits_used_assess").get(pk=idle.pk) == (0, 0)
    finally:
        _migrate(None)
