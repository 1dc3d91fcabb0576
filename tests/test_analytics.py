"""Analytics: figures on a known dataset, the per-tenant cache and its visible age, tenancy, query counts."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.actors import Actor
from candidates.analytics import (
    analytics_job_compute,
    analytics_overview_compute,
    job_cache_key,
    overview_cache_key,
)
from candidates.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    ApplicationStatusChange,
    ProcessingStatus,
)
from candidates.services.status import application_status_change
from hiresscope.exceptions import ConflictError
from jobs.models import JobStatus
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "/api/v1/analytics/overview"


def job_url(job_id, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/api/v1/analytics/jobs/{job_id}" + (f"?{query}" if query else "")


def scored(job, score: int, status: str = ApplicationStatus.NEW, **fields) -> Application:
    return ApplicationFactory(job=job, scored=True, score=score, status=status, **fields)


def received(application: Application, when: datetime) -> None:
    # created_at is auto_now_add; the trend needs applications received on known days.
    Application.objects.filter(pk=application.pk).update(created_at=when)


@pytest.fixture
def alice_dataset(alice, job_factory):
    """alice: one active job, one closed, one draft, one active but deleted; bob: one job of his own."""
    active = job_factory(tenant=alice.tenant, status=JobStatus.ACTIVE)
    closed = job_factory(tenant=alice.tenant, status=JobStatus.CLOSED)
    job_factory(tenant=alice.tenant, status=JobStatus.DRAFT)
    deleted = job_factory(tenant=alice.tenant, status=JobStatus.ACTIVE, deleted_at=timezone.now())
    scored(active, 10)
    scored(active, 55)
    scored(active, 95, ApplicationStatus.SHORTLISTED)
    scored(active, 80, ApplicationStatus.INTERVIEW)
    ApplicationFactory(job=active)  # queued: counted, not scored
    scored(closed, 40, ApplicationStatus.REJECTED)
    scored(deleted, 100, ApplicationStatus.SHORTLISTED)  # hidden with its job
    return {"active": active, "closed": closed, "deleted": deleted}


def test_overview_figures_on_a_known_dataset(alice, bob, alice_dataset, job_factory):
    # Given alice's dataset, and bob's tenant with applications of its own
    scored(job_factory(tenant=bob.tenant), 0, ApplicationStatus.SHORTLISTED)

    # When alice asks for her overview
    response = alice.client.get(OVERVIEW)

    # Then only her live jobs' applications count
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["activeJobs"] == 1
    assert body["totalCvs"] == 6
    assert body["scoredCount"] == 5
    assert body["averageScore"] == 56.0  # (10 + 55 + 95 + 80 + 40) / 5
    assert body["shortlistedCount"] == 1
    assert body["shortlistedOrLaterCount"] == 2
    assert body["statusBreakdown"] == {
        "NEW": 3,
        "SHORTLISTED": 1,
        "INTERVIEW": 1,
        "OFFER": 0,
        "HIRED": 0,
        "REJECTED": 1,
    }
    assert body["cacheAgeSeconds"] == 0
    assert datetime.fromisoformat(body["cachedAt"]) <= timezone.now()


def test_overview_of_an_empty_tenant_has_no_average(alice):
    body = alice.client.get(OVERVIEW).json()

    assert body["activeJobs"] == 0
    assert body["totalCvs"] == 0
    assert body["averageScore"] is None
    assert body["shortlistedCount"] == 0


def test_average_is_rounded_to_one_decimal(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    for score in (70, 70, 71):
        scored(job, score)

    assert alice.client.get(OVERVIEW).json()["averageScore"] == 70.3


def test_job_figures_on_a_known_dataset(alice, job_factory):
    # Given a job whose applications cover the bucket edges, every stage, and three recent days
    job = job_factory(tenant=alice.tenant)
    now = timezone.now()
    for score, days_ago in ((0, 1), (9, 1), (10, 2), (89, 2), (90, 3), (100, 3)):
        received(scored(job, score), now - timedelta(days=days_ago))
    scored(job, 50, ApplicationStatus.HIRED)
    old = scored(job, 60, ApplicationStatus.REJECTED)
    received(old, now - timedelta(days=40))
    ApplicationFactory(job=job, processing_status=ProcessingStatus.FAILED)
    scored(job_factory(tenant=alice.tenant), 99)  # another job: not counted

    # When alice asks for the job's figures
    response = alice.client.get(job_url(job.id))

    # Then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["jobId"] == str(job.id)
    assert body["totalCvs"] == 9
    assert body["scoredCount"] == 8
    assert body["averageScore"] == round((0 + 9 + 10 + 89 + 90 + 100 + 50 + 60) / 8, 1)
    assert [bucket["bucket"] for bucket in body["scoreDistribution"]] == [
        "0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-100",
    ]  # fmt: skip
    assert [bucket["count"] for bucket in body["scoreDistribution"]] == [2, 1, 0, 0, 0, 1, 1, 0, 1, 2]
    assert body["scoreDistribution"][-1] == {"bucket": "90-100", "min": 90, "max": 100, "count": 2}
    assert body["statusBreakdown"] == {
        "NEW": 7,
        "SHORTLISTED": 0,
        "INTERVIEW": 0,
        "OFFER": 0,
        "HIRED": 1,
        "REJECTED": 1,
    }
    assert body["processingBreakdown"] == {
        "QUEUED": 0,
        "PARSING": 0,
        "SCORING": 0,
        "SCORED": 8,
        "FAILED": 1,
    }
    # The default window is 30 UTC days ending today, zero-filled; the 40-day-old CV is outside it.
    trend = body["dailyTrend"]
    assert body["days"] == 30 and len(trend) == 30
    assert trend[-1]["date"] == body["dateTo"] and trend[0]["date"] == body["dateFrom"]
    assert sum(day["count"] for day in trend) == 8
    assert all(day["count"] == 0 for day in trend[:-4])


def test_daily_trend_counts_per_utc_day_zero_filled(alice, job_factory):
    # Given applications at the edges of UTC days
    job = job_factory(tenant=alice.tenant)
    for when in (
        datetime(2026, 3, 9, 23, 59, 59, tzinfo=UTC),  # one day before the window
        datetime(2026, 3, 10, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 3, 12, 12, 0, tzinfo=UTC),
    ):
        received(ApplicationFactory(job=job), when)

    # When the trend is computed for the four days ending 13 March
    figures = analytics_job_compute(tenant=alice.tenant, job=job, days=4, today=date(2026, 3, 13))

    # Then
    assert figures["daily_trend"] == [
        {"date": date(2026, 3, 10), "count": 2},
        {"date": date(2026, 3, 11), "count": 0},
        {"date": date(2026, 3, 12), "count": 1},
        {"date": date(2026, 3, 13), "count": 0},
    ]
    assert figures["total_cvs"] == 4  # the breakdowns are not limited to the window


@pytest.mark.parametrize("days", ["0", "366", "abc"])
def test_trend_window_is_validated(alice, job_factory, days):
    job = job_factory(tenant=alice.tenant)

    body = assert_envelope(alice.client.get(job_url(job.id, days=days)), 400, "validation_error")

    assert "days" in body["fields"]


def test_trend_window_can_be_chosen(alice, job_factory):
    job = job_factory(tenant=alice.tenant)

    body = alice.client.get(job_url(job.id, days=365)).json()

    assert body["days"] == 365 and len(body["dailyTrend"]) == 365


def test_overview_is_served_from_the_cache_with_a_growing_age(alice, job_factory):
    # Given a first answer, now cached
    job = job_factory(tenant=alice.tenant)
    scored(job, 50)
    first = alice.client.get(OVERVIEW).json()

    # When the data changes and alice asks again within the TTL
    scored(job, 90)
    second = alice.client.get(OVERVIEW).json()

    # Then she gets the cached figures, with the same cachedAt
    assert second["totalCvs"] == first["totalCvs"] == 1
    assert second["cachedAt"] == first["cachedAt"]

    # When the cached entry is 90 seconds old
    key = overview_cache_key(tenant_id=alice.tenant.id)
    entry = cache.get(key)
    cache.set(key, {**entry, "cached_at": entry["cached_at"] - timedelta(seconds=90)}, 300)
    aged = alice.client.get(OVERVIEW).json()

    # Then its age shows it, and the figures are still the cached ones
    assert aged["cacheAgeSeconds"] >= 90
    assert aged["totalCvs"] == 1

    # When the entry expires (deleted here), the next answer is fresh
    cache.delete(key)
    fresh = alice.client.get(OVERVIEW).json()
    assert fresh["totalCvs"] == 2 and fresh["cacheAgeSeconds"] == 0


def test_job_figures_are_cached_per_job_and_window(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    scored(job, 50)
    week = alice.client.get(job_url(job.id, days=7)).json()

    scored(job, 90)

    assert alice.client.get(job_url(job.id, days=7)).json()["totalCvs"] == week["totalCvs"] == 1
    # Another window is another entry, computed now.
    assert alice.client.get(job_url(job.id, days=8)).json()["totalCvs"] == 2
    assert cache.get(job_cache_key(tenant_id=alice.tenant.id, job_id=job.id, days=7)) is not None


def test_cache_lifetimes_come_from_settings(alice, job_factory, settings):
    # With a zero lifetime nothing is kept, so every answer is computed afresh.
    settings.ANALYTICS_OVERVIEW_CACHE_SECONDS = 0
    settings.ANALYTICS_JOB_CACHE_SECONDS = 0
    job = job_factory(tenant=alice.tenant)
    alice.client.get(OVERVIEW)
    alice.client.get(job_url(job.id))

    scored(job, 90)

    assert alice.client.get(OVERVIEW).json()["totalCvs"] == 1
    assert alice.client.get(job_url(job.id)).json()["totalCvs"] == 1


def test_a_cached_overview_is_never_served_to_another_tenant(alice, bob, job_factory):
    # Given alice's overview in the cache
    scored(job_factory(tenant=alice.tenant), 80)
    assert alice.client.get(OVERVIEW).json()["totalCvs"] == 1

    # When bob asks for his
    body = bob.client.get(OVERVIEW).json()

    # Then he gets his own figures
    assert body["totalCvs"] == 0 and body["activeJobs"] == 0


def test_another_tenants_job_is_a_404_even_when_cached(alice, bob, job_factory):
    # Given alice's job figures in the cache
    job = job_factory(tenant=alice.tenant)
    assert alice.client.get(job_url(job.id)).status_code == 200

    # Then bob gets the same 404 as for a job that does not exist
    missing = assert_envelope(bob.client.get(job_url("00000000-0000-0000-0000-000000000000")), 404)
    theirs = assert_envelope(bob.client.get(job_url(job.id)), 404)
    assert theirs["message"] == missing["message"]


def test_a_deleted_job_has_no_figures(alice, alice_dataset):
    assert_envelope(alice.client.get(job_url(alice_dataset["deleted"].id)), 404)


def test_api_keys_read_analytics(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    client = alice.api_key_client()

    assert client.get(OVERVIEW).json()["activeJobs"] == 1
    assert client.get(job_url(job.id)).json()["jobId"] == str(job.id)


def test_analytics_need_credentials(anon, job_factory):
    job = job_factory()

    assert_envelope(anon.get(OVERVIEW), 401)
    assert_envelope(anon.get(job_url(job.id)), 401)


def _application_queries(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries if "candidates_application" in query["sql"]]


def test_query_counts_are_fixed_and_a_cache_hit_reads_no_applications(
    alice, alice_dataset, django_assert_num_queries
):
    job = alice_dataset["active"]
    # JWT authentication: the user and the membership (2). Overview: active jobs + one aggregate + the
    # trend + the time in stage.
    with django_assert_num_queries(6):
        alice.client.get(OVERVIEW)
    # Job figures: the job (404 check) + one aggregate + the trend + the time in stage.
    with django_assert_num_queries(6):
        alice.client.get(job_url(job.id))

    with CaptureQueriesContext(connection) as overview_hit:
        alice.client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as job_hit:
        alice.client.get(job_url(job.id))

    assert len(overview_hit.captured_queries) == 2 and not _application_queries(overview_hit)
    assert len(job_hit.captured_queries) == 3 and not _application_queries(job_hit)


def test_query_counts_do_not_grow_with_applications(alice, job_factory, django_assert_num_queries):
    job = job_factory(tenant=alice.tenant)
    for score in range(0, 100, 3):
        scored(job, score)

    with django_assert_num_queries(6):
        alice.client.get(OVERVIEW)
    with django_assert_num_queries(6):
        alice.client.get(job_url(job.id))


def _moved(application: Application, to_status: str, when: datetime) -> None:
    """A history row written at ``when`` (created_at is auto_now_add: set afterwards)."""
    change = ApplicationStatusChange.objects.create(
        tenant_id=application.tenant_id,
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor_label="test",
    )
    ApplicationStatusChange.objects.filter(pk=change.pk).update(created_at=when)
    Application.objects.filter(pk=application.pk).update(status=to_status)
    application.status = to_status


def test_time_in_stage_averages_the_stays_that_ended(alice, job_factory):
    # Given two applications received on day 0: one shortlisted on day 2, one on day 4, then moved to
    # interview on day 5; and a third still waiting in NEW
    job = job_factory(tenant=alice.tenant)
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    first, second, waiting = scored(job, 70), scored(job, 80), scored(job, 20)
    for application in (first, second, waiting):
        received(application, start)
    _moved(first, ApplicationStatus.SHORTLISTED, start + timedelta(days=2))
    _moved(second, ApplicationStatus.SHORTLISTED, start + timedelta(days=4))
    _moved(second, ApplicationStatus.INTERVIEW, start + timedelta(days=5))

    # When the figures are computed
    stages = {
        row["status"]: row
        for row in analytics_job_compute(tenant=alice.tenant, job=job, days=7, today=date(2026, 3, 7))[
            "time_in_stage"
        ]
    }

    # Then NEW lasted 2 and 4 days (the waiting one has not ended), SHORTLISTED one day
    assert stages[ApplicationStatus.NEW] == {"status": "NEW", "stays": 2, "average_days": 3.0}
    assert stages[ApplicationStatus.SHORTLISTED]["average_days"] == 1.0
    assert stages[ApplicationStatus.INTERVIEW] == {"status": "INTERVIEW", "stays": 0, "average_days": None}
    assert list(stages) == ["NEW", "SHORTLISTED", "INTERVIEW", "OFFER"]


def test_overview_has_the_trend_histogram_sources_and_time_in_stage(alice, bob, alice_dataset, job_factory):
    # Given alice's dataset (one application of the active job arrived through the public link)
    Application.objects.filter(job=alice_dataset["active"], score=10).update(
        source=ApplicationSource.PUBLIC_LINK
    )
    scored(job_factory(tenant=bob.tenant), 15)  # bob's: never counted for alice

    # When alice reads her overview through the API
    body = alice.client.get(OVERVIEW).json()

    # Then the histogram holds her six live scored CVs, the trend today's six applications
    buckets = {row["bucket"]: row["count"] for row in body["scoreDistribution"]}
    assert buckets == {
        "0-9": 0,
        "10-19": 1,
        "20-29": 0,
        "30-39": 0,
        "40-49": 1,
        "50-59": 1,
        "60-69": 0,
        "70-79": 0,
        "80-89": 1,
        "90-100": 1,
    }
    assert body["days"] == 30 and len(body["dailyTrend"]) == 30
    assert body["dailyTrend"][-1]["count"] == 6 and sum(day["count"] for day in body["dailyTrend"]) == 6
    assert body["sourceBreakdown"] == {"UPLOAD": 5, "BULK": 0, "PUBLIC_LINK": 1}
    assert [row["status"] for row in body["timeInStage"]] == ["NEW", "SHORTLISTED", "INTERVIEW", "OFFER"]


def test_a_status_change_refreshes_the_cached_figures_at_once(
    alice, job_factory, django_capture_on_commit_callbacks
):
    # Given alice's overview and job figures, cached
    job = job_factory(tenant=alice.tenant)
    application = scored(job, 75)
    assert alice.client.get(OVERVIEW).json()["shortlistedCount"] == 0
    assert alice.client.get(job_url(job.id)).json()["statusBreakdown"]["SHORTLISTED"] == 0

    # When she shortlists the application
    with django_capture_on_commit_callbacks(execute=True):
        application_status_change(
            tenant=alice.tenant,
            application_id=application.id,
            by=Actor.member(alice.user),
            to_status=ApplicationStatus.SHORTLISTED,
        )

    # Then both answers are computed afresh, well within their cache lifetimes
    overview = alice.client.get(OVERVIEW).json()
    assert overview["shortlistedCount"] == 1 and overview["cacheAgeSeconds"] == 0
    assert alice.client.get(job_url(job.id)).json()["statusBreakdown"]["SHORTLISTED"] == 1


def test_a_rolled_back_change_keeps_the_cache(alice, job_factory, django_capture_on_commit_callbacks):
    # Given a cached overview
    job = job_factory(tenant=alice.tenant)
    application = scored(job, 75)
    key = overview_cache_key(tenant_id=alice.tenant.id)
    alice.client.get(OVERVIEW)

    # When a move is refused (NEW cannot go straight to HIRED), nothing commits
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConflictError):
        application_status_change(
            tenant=alice.tenant,
            application_id=application.id,
            by=Actor.member(alice.user),
            to_status=ApplicationStatus.HIRED,
        )

    # Then the cache entry is still the one in use
    assert overview_cache_key(tenant_id=alice.tenant.id) == key and cache.get(key) is not None


def test_overview_compute_query_count_is_fixed(alice, alice_dataset, django_assert_num_queries):
    for application in Application.objects.filter(job=alice_dataset["active"], status=ApplicationStatus.NEW):
        _moved(application, ApplicationStatus.SHORTLISTED, timezone.now())

    # Active jobs, the aggregate, the trend, the time in stage: whatever the history's size.
    with django_assert_num_queries(4):
        analytics_overview_compute(tenant=alice.tenant)
