"""Indexes for a job's applications at 1M rows (issue 5, item 8; evidence in docs/performance.md).

- ``application_job_created`` (tenant, job, created_at DESC, id, status, processing_status, score,
  candidate_id): the list's default order without a sort, and, as an index-only scan, the paginator's
  count, the ids of deep pages, the stage/score filters and both analytics endpoints. The columns
  after id do not change the order; they are key columns rather than INCLUDE, which SQLite lacks.
- ``application_job_score_rank`` (tenant, job, score DESC NULLS LAST, id): ``ordering=-score`` exactly
  as the API sorts (nulls last), so the best 20 are read off the index. It replaces ``application_job_score``
  (job, score DESC), whose NULLS FIRST order no query used.

- ``candidate_tenant_name_trgm`` / ``candidate_tenant_email_trgm`` (PostgreSQL only): trigram GIN
  indexes on (tenant_id, UPPER(full_name)) and (tenant_id, UPPER(email)), the expressions Django's
  ``icontains`` compares, for ``?search=``. A query that also says the candidate is the tenant's reads
  only that tenant's matches (btree_gin puts tenant_id in the GIN index), e.g. 1,790 candidates instead
  of 10,372 for a surname 1% of candidates share at 1M rows.

On PostgreSQL they are built and dropped CONCURRENTLY, so adding them to a large table does not stop
uploads. SQLite has no NULLS LAST in an index: this migration leaves it out there (SQLite's DESC
already puts NULLs last).
"""

from django.db import migrations, models
from django.db.models import OrderBy


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def _for_sqlite(index: models.Index) -> models.Index:
    if not index.expressions:
        return index
    expressions = [
        OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
        for e in index.expressions
    ]
    return models.Index(*expressions, name=index.name)


def _add(schema_editor, model, index: models.Index) -> None:
    if _on_postgresql(schema_editor):
        schema_editor.add_index(model, index, concurrently=True)
    else:
        schema_editor.add_index(model, _for_sqlite(index))


def _remove(schema_editor, model, index: models.Index) -> None:
    if _on_postgresql(schema_editor):
        schema_editor.remove_index(model, index, concurrently=True)
    else:
        schema_editor.remove_index(model, index)


class AddIndex(migrations.AddIndex):
    """``AddIndex``, built CONCURRENTLY on PostgreSQL and without NULLS LAST on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            _add(schema_editor, model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            _remove(schema_editor, model, self.index)


class RemoveIndex(migrations.RemoveIndex):
    """``RemoveIndex``, dropped CONCURRENTLY on PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            _remove(schema_editor, model, index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            _add(schema_editor, model, index)


# Index name -> candidate column. GIN with btree_gin so the tenant narrows the trigram match.
SEARCH_INDEXES = {"candidate_tenant_name_trgm": "full_name", "candidate_tenant_email_trgm": "email"}


def create_search_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return  # SQLite searches by scanning; it is not the database that holds a million rows
    # Both extensions are "trusted" (PostgreSQL 13+): the database owner may create them.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for name, column in SEARCH_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON candidates_candidate "
            f"USING gin (tenant_id, (UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    # The extensions stay: other objects may use them, and they cost nothing unused.
    if _on_postgresql(schema_editor):
        for name in SEARCH_INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("accounts", "0004_tenant_retention"),
        ("candidates", "0008_application_profile_skills_index"),
        ("jobs", "0002_job_deletion_confirmed"),
    ]

    operations = [
        RemoveIndex(model_name="application", name="application_job_score"),
        AddIndex(
            model_name="application",
            index=models.Index(
                fields=[
                    "tenant",
                    "job",
                    "-created_at",
                    "id",
                    "status",
                    "processing_status",
                    "score",
                    "candidate",
                ],
                name="application_job_created",
            ),
        ),
        AddIndex(
            model_name="application",
            index=models.Index(
                models.F("tenant"),
                models.F("job"),
                models.OrderBy(models.F("score"), descending=True, nulls_last=True),
                models.F("id"),
                name="application_job_score_rank",
            ),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
