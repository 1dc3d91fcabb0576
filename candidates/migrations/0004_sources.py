import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models

import candidates.models


def assign_default_sources(apps, schema_editor):
    """Existing candidates all came through applications: put them in their tenant's default source."""
    Candidate = apps.get_model("candidates", "Candidate")
    Source = apps.get_model("candidates", "Source")
    tenant_ids = Candidate.objects.filter(source__isnull=True).values_list("tenant_id", flat=True).distinct()
    for tenant_id in list(tenant_ids):
        source, _ = Source.objects.get_or_create(
            tenant_id=tenant_id,
            is_default=True,
            defaults={"name": "Applications", "kind": "APPLICATIONS", "key": f"src_{secrets.token_hex(12)}"},
        )
        Candidate.objects.filter(tenant_id=tenant_id, source__isnull=True).update(source=source)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("candidates", "0003_drop_cv_text_kept_in_parsed_profile"),
    ]

    operations = [
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
                ),
                ("name", models.CharField(max_length=120)),
                (
                    "key",
                    models.CharField(
                        default=candidates.models.new_source_key,
                        editable=False,
                        help_text="Public identifier used by HrFlow clients; never changes.",
                        max_length=40,
                        unique=True,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("APPLICATIONS", "Applications (upload, bulk upload, public link)"),
                            ("TALENT_POOL", "Talent pool"),
                            ("IMPORT", "Import"),
                        ],
                        default="APPLICATIONS",
                        max_length=12,
                    ),
                ),
                ("is_default", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.tenant"
                    ),
                ),
            ],
            options={
                "ordering": ["created_at"],
            },
        ),
        migrations.AddField(
            model_name="candidate",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_column="source_key",
                help_text="Where the profile came from; set when the candidate is created.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidates",
                to="candidates.source",
                to_field="key",
            ),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_default", True)),
                fields=("tenant",),
                name="source_one_default_per_tenant",
            ),
        ),
        # Reversing needs no data step: dropping the column and the table drops the assignments.
        migrations.RunPython(assign_default_sources, migrations.RunPython.noop, elidable=True),
    ]
