"""``Application.warnings``: what the last parse could not read (a field left empty, the CV still scored).

A plain ADD COLUMN with a constant default on both databases, as in 0011: instant on PostgreSQL (no
table rewrite), and on SQLite it avoids Django's table rebuild, which re-creates the NULLS LAST index
SQLite cannot build (0009). Existing rows get ``[]``: their parse recorded no warnings.
"""

from django.db import migrations, models

COLUMN_TYPE = {"postgresql": "jsonb NOT NULL DEFAULT '[]'::jsonb", "sqlite": "text NOT NULL DEFAULT '[]'"}


def add_column(apps, schema_editor):
    column = COLUMN_TYPE[schema_editor.connection.vendor]
    schema_editor.execute(f"ALTER TABLE candidates_application ADD COLUMN warnings {column}")


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE candidates_application DROP COLUMN warnings")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0012_job_application_tally")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column, elidable=False)],
            state_operations=[
                migrations.AddField(
                    model_name="application",
                    name="warnings",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields the parse left empty: [{"code": "phones_failed", "message": "..."}].',
                    ),
                )
            ],
        )
    ]
