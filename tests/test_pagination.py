"""Deep pages (the deferred join): the same rows in the same order as a plain OFFSET, in a fixed query count."""

import pytest
from django.core.paginator import EmptyPage

from candidates.models import Application, ApplicationStatus
from hiresscope.pagination import DeferredJoinPaginator
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shallow_threshold(monkeypatch):
    # The threshold is 200 rows; a low one keeps the dataset small while exercising the same code.
    monkeypatch.setattr(DeferredJoinPaginator, "deferred_join_offset", 10)


@pytest.fixture
def job_with_applications(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    for n in range(27):
        ApplicationFactory(job=job, scored=True, score=n % 7, status=ApplicationStatus.NEW)
    return job


def test_a_deep_page_has_the_rows_of_a_plain_offset(shallow_threshold, job_with_applications):
    applications = Application.objects.filter(job=job_with_applications).order_by("-score", "pk")
    paginator = DeferredJoinPaginator(applications, 5)

    for number in (3, 4, 5, 6):  # offsets 10-25: deferred; 6 is the short last page
        page = paginator.page(number)
        assert [a.pk for a in page] == [a.pk for a in applications[(number - 1) * 5 : number * 5]]
        assert page.has_next() == (number < 6)


def test_shallow_pages_keep_one_query_and_deep_pages_take_two(
    shallow_threshold, job_with_applications, django_assert_num_queries
):
    applications = Application.objects.filter(job=job_with_applications).select_related("candidate")
    paginator = DeferredJoinPaginator(applications.order_by("-created_at", "pk"), 5)
    assert paginator.count == 27  # counted once, outside what is measured below

    with django_assert_num_queries(1):
        assert len(list(paginator.page(2))) == 5
    with django_assert_num_queries(2):
        page = list(paginator.page(4))
    # select_related still applies to the rows of a deep page.
    with django_assert_num_queries(0):
        assert all(a.candidate.email for a in page)


def test_the_api_serves_deep_pages_in_order(shallow_threshold, alice, job_with_applications):
    url = f"/api/v1/jobs/{job_with_applications.id}/applications?ordering=-score&pageSize=5"

    seen = []
    for number in range(1, 7):
        body = alice.client.get(f"{url}&page={number}").json()
        seen += [(row["score"], row["id"]) for row in body["results"]]

    assert len(seen) == 27 == len(set(seen))
    assert seen == sorted(seen, key=lambda item: (-item[0], item[1]))


@pytest.mark.parametrize("mode", ["subquery", "window"])
def test_a_page_carrying_its_count_matches_a_plain_paginator(
    shallow_threshold, job_with_applications, mode, django_assert_num_queries
):
    applications = Application.objects.filter(job=job_with_applications).order_by("-score", "pk")
    plain = DeferredJoinPaginator(applications, 5)

    for number in (1, 2):  # shallow: page and count in one query
        counted = DeferredJoinPaginator(applications, 5, count_in_page_query=mode)
        with django_assert_num_queries(1):
            page = counted.page(number)
            assert counted.count == 27 and counted.num_pages == 6
        assert [a.pk for a in page] == [a.pk for a in plain.page(number)]
    # Deep pages and pages past the end take the plain path (count first, then its errors).
    counted = DeferredJoinPaginator(applications, 5, count_in_page_query=mode)
    assert [a.pk for a in counted.page(6)] == [a.pk for a in plain.page(6)]
    with pytest.raises(EmptyPage):
        DeferredJoinPaginator(applications, 5, count_in_page_query=mode).page(7)
    empty = DeferredJoinPaginator(applications.filter(score=99), 5, count_in_page_query=mode)
    assert list(empty.page(1)) == [] and empty.count == 0


@pytest.mark.parametrize(
    "query, field",
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-2", "page"),
        ("page=1.5", "page"),
        ("pageSize=abc", "pageSize"),
        ("pageSize=0", "pageSize"),
        ("pageSize=101", "pageSize"),
    ],
)
def test_a_malformed_page_parameter_is_a_400_naming_it(alice, query, field):
    body = assert_envelope(alice.client.get(f"/api/v1/jobs?{query}"), 400, "validation_error")

    assert field in body["fields"]


def test_a_page_past_the_end_is_empty_with_the_real_totals(alice, job_factory):
    for _ in range(3):
        job_factory(tenant=alice.tenant)

    body = alice.client.get("/api/v1/jobs?page=5&pageSize=2").json()

    assert (body["results"], body["count"], body["totalPages"], body["page"]) == ([], 3, 2, 5)
    assert body["next"] is None
