"""Limits are exact under concurrency, on PostgreSQL: threads, each with its own connection and
transaction, released at the same moment by a barrier."""

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from rest_framework.test import APIClient

from accounts.actors import Actor
from billing import services
from billing.models import UsageCounter, UsageEvent, UsageMetric
from demo.content import DEMO_CANDIDATES, render_cv
from jobs.models import Job
from jobs.services import job_create
from tests.test_billing import put_on_plan

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

THREADS = 20


def race(work: Callable[[int], object]) -> Counter:
    """Run ``work(i)`` in THREADS threads started together; count what each returned or raised."""
    start = threading.Barrier(THREADS)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            start.wait()
            result = work(index)
        except services.DomainError as exc:
            result = exc.code
        finally:
            connections.close_all()  # this thread's own connection
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def consume_in_a_transaction(tenant_id, source_id) -> bool:
    # As a caller does: the consumption shares the transaction of whatever it meters.
    with transaction.atomic():
        return services.usage_consume(tenant_id=tenant_id, metric=UsageMetric.CV_UPLOAD, source_id=source_id)


def test_20_concurrent_uploads_at_the_limit_minus_one_let_exactly_one_through(alice):
    assert connection.vendor == "postgresql"
    put_on_plan(alice.tenant, cv_uploads_per_period=20)
    for index in range(19):
        services.usage_consume(
            tenant_id=alice.tenant.id, metric=UsageMetric.CV_UPLOAD, source_id=f"before-{index}"
        )

    outcomes = race(lambda i: consume_in_a_transaction(alice.tenant.id, f"racer-{i}"))

    assert outcomes == {True: 1, "plan_limit_exceeded": 19}
    assert UsageCounter.objects.get(tenant=alice.tenant, metric=UsageMetric.CV_UPLOAD).used == 20
    assert UsageEvent.objects.filter(tenant=alice.tenant, metric=UsageMetric.CV_UPLOAD).count() == 20


def test_the_first_consumptions_of_a_period_race_for_the_counter_row_too(alice):
    put_on_plan(alice.tenant, cv_uploads_per_period=1)

    outcomes = race(lambda i: consume_in_a_transaction(alice.tenant.id, f"racer-{i}"))

    assert outcomes == {True: 1, "plan_limit_exceeded": 19}
    assert UsageCounter.objects.get(tenant=alice.tenant, metric=UsageMetric.CV_UPLOAD).used == 1


def test_the_same_source_reported_20_times_at_once_counts_once(alice):
    outcomes = race(lambda i: consume_in_a_transaction(alice.tenant.id, "the-same-application"))

    assert outcomes == {True: 1, False: 19}
    assert UsageCounter.objects.get(tenant=alice.tenant, metric=UsageMetric.CV_UPLOAD).used == 1


def test_20_jobs_activated_at_once_with_one_place_left_make_one_active_job(alice, job_factory):
    put_on_plan(alice.tenant, active_jobs=3)
    job_factory(tenant=alice.tenant, status="ACTIVE")
    job_factory(tenant=alice.tenant, status="ACTIVE")

    outcomes = race(
        lambda i: bool(
            job_create(
                tenant=alice.tenant,
                by=Actor.member(alice.user),
                title=f"Job {i}",
                description="d",
                status="ACTIVE",
            )
        )
    )

    assert outcomes == {True: 1, "plan_limit_exceeded": 19}
    assert Job.objects.filter(tenant=alice.tenant, status="ACTIVE").count() == 3


def test_20_concurrent_http_uploads_at_the_limit_minus_one_let_exactly_one_through(alice, job_factory):
    put_on_plan(alice.tenant, cv_uploads_per_period=20)
    for index in range(19):
        services.usage_consume(
            tenant_id=alice.tenant.id, metric=UsageMetric.CV_UPLOAD, source_id=f"before-{index}"
        )
    job = job_factory(tenant=alice.tenant)
    cv = render_cv(DEMO_CANDIDATES[0].cv_text, "txt")

    def upload(index: int) -> int:
        client = APIClient()  # one per thread: a test client keeps state between requests
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {alice.access_token}")
        response = client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile("cv.txt", cv), "email": f"racer{index}@x.test", "fullName": "Racer"},
            format="multipart",
        )
        return response.status_code if response.status_code != 403 else response.json()["code"]

    outcomes = race(upload)

    assert outcomes == {202: 1, "plan_limit_exceeded": 19}
    assert UsageCounter.objects.get(tenant=alice.tenant, metric=UsageMetric.CV_UPLOAD).used == 20
