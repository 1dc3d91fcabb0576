"""``Application.processing_sweeps``: how often the stall sweep re-queued an application (candidates/pipeline.py).

A plain ADD COLUMN with a constant default on both databases, as in 0013: instant on PostgreSQL, and on
SQLite it avoids Django's table rebuild, which re-creates the NULLS LAST index SQLite cannot build (0009).
Existing rows get 0: nothing swept them yet.
"""

from django.db import migrations, models

COLUMN_TYPE = {
    "postgresql": "smallint NOT NULL DEFAULT 0 CHECK (processing_sweeps >= 0)",
    "sqlite": "smallint unsigned NOT NULL DEFAULT 0 CHECK (processing_sweeps >= 0)",
}


def add_column(apps, schema_editor):
    column = COLUMN_TYPE[schema_editor.connection.vendor]
    schema_editor.execute(f"ALTER TABLE candidates_application ADD COLUMN processing_sweeps {column}")


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE candidates_application DROP COLUMN processing_sweeps")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0013_application_warnings")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column, elidable=False)],
            state_operations=[
                migrations.AddField(
                    model_name="application",
                    name="processing_sweeps",
                    field=models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Times the stall sweep re-queued it since it was submitted or last retried.",
                    ),
                )
            ],
        )
    ]
