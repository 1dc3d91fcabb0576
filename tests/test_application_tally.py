"""Each job's number of applications, kept by database triggers (PostgreSQL, migration 0012), and the
unfiltered list that reads its total from it."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, F, Sum

from candidates.models import Application, JobApplicationTally
from candidates.selectors import job_application_count
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.services


def tallied() -> dict:
    """{job id: tally} for every job with a tally row that does not sum to zero."""
    sums = JobApplicationTally.objects.values("job_id").annotate(total=Sum("applications"))
    return {row["job_id"]: row["total"] for row in sums if row["total"]}


def counted() -> dict:
    """{job id: applications}, counted from the rows."""
    return dict(Application.objects.values_list("job_id").annotate(Count("id")))


def unsaved(job, number: int) -> list[Application]:
    return [
        ApplicationFactory.build(job=job, candidate=CandidateFactory(tenant=job.tenant))
        for _ in range(number)
    ]


def test_inserts_deletes_moves_and_job_deletion_keep_the_tally_equal_to_the_rows(db):
    first, second = JobFactory(), JobFactory()
    ApplicationFactory.create_batch(3, job=first)
    Application.objects.bulk_create(unsaved(first, 4) + unsaved(second, 2))  # one statement, two jobs
    assert tallied() == counted() == {first.id: 7, second.id: 2}

    Application.objects.filter(pk__in=Application.objects.filter(job=first).values("pk")[:2]).delete()
    Application.objects.filter(job=first).first().delete()
    assert tallied() == counted() == {first.id: 4, second.id: 2}

    moving = Application.objects.filter(job=first).values("pk")[:1]
    third = JobFactory(tenant=first.tenant)
    Application.objects.filter(pk__in=moving).update(job=third)
    assert tallied() == counted() == {first.id: 3, second.id: 2, third.id: 1}

    first.delete()  # cascades to its applications; the job's tally rows go with it
    assert tallied() == counted() == {second.id: 2, third.id: 1}
    assert not JobApplicationTally.objects.filter(job_id=first.id).exists()


def test_each_transaction_adds_to_one_shard_and_the_count_is_their_sum(db):
    job = JobFactory()
    for _ in range(5):
        with transaction.atomic():  # a savepoint here: the test's transaction, the same shard
            ApplicationFactory(job=job)
    assert list(JobApplicationTally.objects.filter(job=job).values_list("applications", flat=True)) == [5]

    JobApplicationTally.objects.filter(job=job).update(shard=3)  # as another transaction left it
    JobApplicationTally.objects.create(tenant=job.tenant, job=job, shard=5, applications=2)
    assert next(iter(job_application_count(tenant=job.tenant, job_id=job.id))) == 7


def test_truncating_applications_empties_the_tally(transactional_db):
    # transactional_db: PostgreSQL refuses TRUNCATE in the transaction that wrote the rows.
    ApplicationFactory.create_batch(2)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE candidates_application CASCADE")
    assert not JobApplicationTally.objects.exists()


def test_the_count_is_scoped_to_the_tenant(db):
    application = ApplicationFactory()
    other_tenant = JobFactory().tenant
    assert list(job_application_count(tenant=other_tenant, job_id=application.job_id)) == []
    assert list(job_application_count(tenant=application.tenant, job_id=application.job_id)) == [1]


def test_the_unfiltered_list_reads_its_total_from_the_tally_and_a_filtered_one_counts(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    ApplicationFactory.create_batch(3, job=job, scored=True, score=70)
    # Skewed on purpose, to see which count each list shows: the tally never differs from the rows
    # unless someone writes to it by hand.
    JobApplicationTally.objects.filter(job=job).update(applications=F("applications") + 500)

    def count(query):
        return alice.client.get(f"/api/v1/jobs/{job.id}/applications{query}").json()["count"]

    assert count("?pageSize=2") == count("?pageSize=2&ordering=-score") == 503
    assert count("?pageSize=2&page=200") == 503  # a deep page reads it too (deferred join)
    assert count("?scoreMin=10") == count("?search=a") == 3


def test_the_operators_check_finds_and_repairs_a_tally_written_around_the_triggers(db, capsys):
    first, second = JobFactory(), JobFactory()
    ApplicationFactory.create_batch(3, job=first)
    ApplicationFactory(job=second)
    JobApplicationTally.objects.filter(job=first).update(applications=10)  # as a hand edit leaves it
    JobApplicationTally.objects.filter(job=second).delete()

    with pytest.raises(CommandError, match="2 job"):
        call_command("tally_applications")
    assert f"job {first.id} (tenant {first.tenant_id}): tally 10, applications 3" in capsys.readouterr().out

    call_command("tally_applications", "--repair")
    assert tallied() == counted() == {first.id: 3, second.id: 1}
    call_command("tally_applications")
    assert "matches" in capsys.readouterr().out.splitlines()[-1]


def _migrate(target=None):
    """Migrate to ``target``, or with None to every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


def test_the_migration_counts_existing_applications_and_reverses(transactional_db):
    # Rows are made with today's models, then the tally is taken away and put back: 0012 must count
    # them. (Made before migrating back: today's Application has columns that 0011 did not have.)
    first, second = JobFactory(), JobFactory()
    ApplicationFactory.create_batch(3, job=first)
    ApplicationFactory(job=second)
    try:
        _migrate(("candidates", "0011_application_search_text"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('candidates_jobapplicationtally')")
            assert cursor.fetchone() == (None,)

        _migrate(("candidates", "0012_job_application_tally"))
        assert tallied() == counted() == {first.id: 3, second.id: 1}
    finally:
        _migrate()  # whatever happened, leave the database fully migrated for the next tests
    ApplicationFactory(job=second)
    assert tallied() == {first.id: 3, second.id: 2}
