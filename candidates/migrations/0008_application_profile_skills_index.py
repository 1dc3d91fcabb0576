"""A GIN index on the parsed profile's skills, for ``?skill=`` on a job's applications (PostgreSQL only).

The filter (candidates.filters.ProfileListsSkill) asks ``(parsed_profile -> 'skills') @> '["Python"]'``;
``jsonb_path_ops`` indexes exactly that containment. It is built CONCURRENTLY, so adding it to a large
table does not block uploads; SQLite (tests, development) has no such index and needs none.
"""

from django.db import migrations

INDEX = "application_profile_skills_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON candidates_application "
            "USING gin ((parsed_profile -> 'skills') jsonb_path_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("candidates", "0007_privacy")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
