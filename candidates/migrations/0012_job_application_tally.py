"""``JobApplicationTally``: each job's number of applications, kept by triggers (PostgreSQL).

A job's unfiltered list carries its total. Counted from the index, that cost grows with the job: at 1M
rows the bench's big job has 50,202 applications, and counting them took 6-10 ms of a deep page's
30 ms (docs/performance.md). The tally is a sum over at most eight rows whatever the job's size.

Triggers keep it, so no write path can forget it:

* after each INSERT or DELETE statement on applications (COPY and ``bulk_create`` included), the
  statement's rows are counted per job and added to one shard of each job, picked by the transaction
  id, so concurrent transactions mostly write different rows;
* a row whose job changes moves between jobs;
* TRUNCATE of applications, and a job's deletion, remove the tallies they make meaningless.

Existing rows are counted once, with applications locked against writes while that runs. SQLite keeps
no tally (its lists count their rows).
"""

from django.db import migrations, models

from hiresscope.migration_ops import postgresql_only

# Each statement's rows are counted per job and added to the transaction's shard. ORDER BY: two
# statements touching the same jobs lock their tally rows in one order.
FORWARD = [
    """
    CREATE FUNCTION job_application_tally_added() RETURNS trigger AS $$
    BEGIN
        INSERT INTO candidates_jobapplicationtally AS tally (tenant_id, job_id, shard, applications)
        SELECT (array_agg(tenant_id))[1], job_id, mod(txid_current(), 8)::smallint, COUNT(*)
        FROM added GROUP BY job_id ORDER BY job_id
        ON CONFLICT (job_id, shard) DO UPDATE SET applications = tally.applications + EXCLUDED.applications;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER job_application_tally_insert AFTER INSERT ON candidates_application
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION job_application_tally_added()
    """,
    """
    CREATE FUNCTION job_application_tally_removed() RETURNS trigger AS $$
    BEGIN
        INSERT INTO candidates_jobapplicationtally AS tally (tenant_id, job_id, shard, applications)
        SELECT (array_agg(tenant_id))[1], job_id, mod(txid_current(), 8)::smallint, -COUNT(*)
        FROM removed GROUP BY job_id ORDER BY job_id
        ON CONFLICT (job_id, shard) DO UPDATE SET applications = tally.applications + EXCLUDED.applications;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER job_application_tally_delete AFTER DELETE ON candidates_application
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION job_application_tally_removed()
    """,
    # Row-level: a statement trigger on UPDATE would run for every score and stage change, and
    # PostgreSQL allows no column list on a trigger with transition tables.
    """
    CREATE FUNCTION job_application_tally_moved() RETURNS trigger AS $$
    BEGIN
        INSERT INTO candidates_jobapplicationtally AS tally (tenant_id, job_id, shard, applications)
        VALUES (OLD.tenant_id, OLD.job_id, mod(txid_current(), 8)::smallint, -1)
        ON CONFLICT (job_id, shard) DO UPDATE SET applications = tally.applications - 1;
        INSERT INTO candidates_jobapplicationtally AS tally (tenant_id, job_id, shard, applications)
        VALUES (NEW.tenant_id, NEW.job_id, mod(txid_current(), 8)::smallint, 1)
        ON CONFLICT (job_id, shard) DO UPDATE SET applications = tally.applications + 1;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER job_application_tally_move AFTER UPDATE OF job_id ON candidates_application
    FOR EACH ROW WHEN (OLD.job_id IS DISTINCT FROM NEW.job_id)
    EXECUTE FUNCTION job_application_tally_moved()
    """,
    """
    CREATE FUNCTION job_application_tally_clear() RETURNS trigger AS $$
    BEGIN
        DELETE FROM candidates_jobapplicationtally;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER job_application_tally_truncate AFTER TRUNCATE ON candidates_application
    FOR EACH STATEMENT EXECUTE FUNCTION job_application_tally_clear()
    """,
    """
    CREATE FUNCTION job_application_tally_job_deleted() RETURNS trigger AS $$
    BEGIN
        DELETE FROM candidates_jobapplicationtally WHERE job_id IN (SELECT id FROM removed);
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER job_application_tally_job_delete AFTER DELETE ON jobs_job
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION job_application_tally_job_deleted()
    """,
    # The triggers exist from here on; the lock holds writers back until the count below commits.
    "LOCK TABLE candidates_application IN SHARE MODE",
    """
    INSERT INTO candidates_jobapplicationtally (tenant_id, job_id, shard, applications)
    SELECT (array_agg(tenant_id))[1], job_id, 0, COUNT(*) FROM candidates_application GROUP BY job_id
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS job_application_tally_job_delete ON jobs_job",
    "DROP TRIGGER IF EXISTS job_application_tally_truncate ON candidates_application",
    "DROP TRIGGER IF EXISTS job_application_tally_move ON candidates_application",
    "DROP TRIGGER IF EXISTS job_application_tally_delete ON candidates_application",
    "DROP TRIGGER IF EXISTS job_application_tally_insert ON candidates_application",
    "DROP FUNCTION IF EXISTS job_application_tally_job_deleted()",
    "DROP FUNCTION IF EXISTS job_application_tally_clear()",
    "DROP FUNCTION IF EXISTS job_application_tally_moved()",
    "DROP FUNCTION IF EXISTS job_application_tally_removed()",
    "DROP FUNCTION IF EXISTS job_application_tally_added()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_api_key_credit_totals"),
        ("candidates", "0011_application_search_text"),
        ("jobs", "0002_job_deletion_confirmed"),
    ]

    operations = [
        migrations.CreateModel(
            name="JobApplicationTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shard", models.PositiveSmallIntegerField()),
                (
                    "applications",
                    models.IntegerField(help_text="Applications added minus removed through this shard."),
                ),
                (
                    "job",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.DO_NOTHING,
                        related_name="+",
                        to="jobs.job",
                    ),
                ),
                (
                    "tenant",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.DO_NOTHING,
                        related_name="+",
                        to="accounts.tenant",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("job", "shard"), name="job_application_tally_shard")
                ],
            },
        ),
        postgresql_only(FORWARD, BACKWARD),
    ]
