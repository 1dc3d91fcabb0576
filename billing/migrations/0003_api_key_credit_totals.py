"""Fill the API keys' running credit totals (accounts 0006) from the usage already recorded."""

from django.db import migrations
from django.db.models import Q, Sum


def fill_totals(apps, schema_editor):
    ApiKey = apps.get_model("accounts", "ApiKey")
    UsageEvent = apps.get_model("billing", "UsageEvent")
    totals = (
        UsageEvent.objects.filter(api_key__isnull=False, credits__gt=0)
        .values("api_key_id")
        .annotate(used=Sum("credits"), assess=Sum("credits", filter=Q(metric="ASSESS")))
    )
    for row in totals.iterator():
        ApiKey.objects.filter(pk=row["api_key_id"]).update(
            credits_used=row["used"], credits_used_assess=row["assess"] or 0
        )


def clear_totals(apps, schema_editor):
    apps.get_model("accounts", "ApiKey").objects.update(credits_used=0, credits_used_assess=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_api_key_credit_totals"),
        ("billing", "0002_seed_plans_and_subscriptions"),
    ]

    operations = [migrations.RunPython(fill_totals, clear_totals)]
