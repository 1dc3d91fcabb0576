"""``Application.search_text``: the candidate's name and email, upper-cased, on the application itself.

``?search=`` on a job's applications is a substring of the candidate's name or email. Read through the
candidate, its cost grew with the tenant: the trigram indexes of 0009 found every matching candidate
of the tenant (1,790 for a surname in a 176,462-candidate tenant at 1M rows) before the job narrowed
them down. With the text on the application and a trigram index on (tenant, job, text), a search
reads only the job's matches: 501 index entries, 4.6 ms instead of 20-28 ms (docs/performance.md).

On PostgreSQL the column is kept by triggers, so no write path can forget it: a BEFORE INSERT/UPDATE
trigger on applications reads it from the candidate whenever the candidate changes (or a full save
writes the column), and an AFTER UPDATE trigger on candidates rewrites their applications' text when a
name or email changes (edits, merges, erasure). The index is built CONCURRENTLY after a backfill.

SQLite keeps the column empty and searches through the candidate as before; it is not the database
that holds a million rows.
"""

from django.db import migrations, models

from hiresscope.migration_ops import postgresql_only

FORWARD = [
    """
    CREATE FUNCTION application_search_text_from_candidate() RETURNS trigger AS $$
    BEGIN
        SELECT UPPER(c.full_name || E'\\n' || c.email) INTO NEW.search_text
        FROM candidates_candidate c WHERE c.id = NEW.candidate_id;
        NEW.search_text := COALESCE(NEW.search_text, '');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER application_search_text BEFORE INSERT OR UPDATE OF candidate_id, search_text
    ON candidates_application FOR EACH ROW EXECUTE FUNCTION application_search_text_from_candidate()
    """,
    """
    CREATE FUNCTION candidate_search_text_to_applications() RETURNS trigger AS $$
    BEGIN
        UPDATE candidates_application SET search_text = UPPER(NEW.full_name || E'\\n' || NEW.email)
        WHERE candidate_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER candidate_search_text AFTER UPDATE OF full_name, email ON candidates_candidate
    FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION candidate_search_text_to_applications()
    """,
    # Existing rows: the application trigger fills the column from the candidate.
    "UPDATE candidates_application SET search_text = ''",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS candidate_search_text ON candidates_candidate",
    "DROP FUNCTION IF EXISTS candidate_search_text_to_applications()",
    "DROP TRIGGER IF EXISTS application_search_text ON candidates_application",
    "DROP FUNCTION IF EXISTS application_search_text_from_candidate()",
]
# btree_gin (migration 0009) puts the tenant and the job in the trigram index. The tenant is there
# although the job implies it: every query names it, and without it in the index the planner ANDs in
# the tenant's B-tree index (176,462 entries at 1M rows, 25 ms).
CREATE_INDEX = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS application_job_search_trgm ON candidates_application "
    "USING gin (tenant_id, job_id, search_text gin_trgm_ops)"
)
DROP_INDEX = "DROP INDEX CONCURRENTLY IF EXISTS application_job_search_trgm"


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("candidates", "0010_application_must_haves")]

    operations = [
        # Plain ADD COLUMN on both databases: Django's SQLite AddField would rebuild the table, and the
        # rebuild re-creates the NULLS LAST index that SQLite cannot build (migration 0009).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE candidates_application ADD COLUMN search_text text NOT NULL DEFAULT ''",
                    "ALTER TABLE candidates_application DROP COLUMN search_text",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="application",
                    name="search_text",
                    field=models.TextField(
                        blank=True,
                        default="",
                        editable=False,
                        help_text="UPPER(candidate name + newline + email), kept by database triggers "
                        "(PostgreSQL).",
                    ),
                )
            ],
        ),
        postgresql_only(FORWARD, BACKWARD),
        postgresql_only([CREATE_INDEX], [DROP_INDEX]),
    ]
