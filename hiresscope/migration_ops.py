"""Operations migrations share: SQL that only PostgreSQL runs (triggers, trigram and concurrent indexes)."""

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """Run ``forward`` in order on PostgreSQL, and ``backward`` when the migration is unapplied.

    SQLite (the demo and the quick test run) runs neither: it has no such triggers or index types, and
    the code that reads what they keep falls back to plain queries there.
    """

    def run(statements: list[str]):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forward), run(backward), elidable=False)
