"""A job's applications: paging, ordering, every filter, blind review, tenancy, and pinned query counts;
the application detail with its status history."""

from datetime import UTC, datetime

import pytest
from rest_framework import serializers

from accounts.actors import Actor
from candidates.api.serializers import ApplicationListOutput
from candidates.blind import redact_personal_fields
from candidates.models import Application, ApplicationStatus, Candidate, ProcessingStatus
from candidates.privacy import _erase_records
from candidates.services.people import candidate_merge, candidate_merge_undo
from candidates.services.status import application_status_change
from jobs.services import job_soft_delete
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant)


def make(job, *, name="Ada Lovelace", email=None, skills=(), **fields):
    candidate = CandidateFactory(tenant=job.tenant, full_name=name, **({"email": email} if email else {}))
    profile = {"schemaVersion": 2, "skills": list(skills)} if skills else None
    return ApplicationFactory(job=job, candidate=candidate, parsed_profile=profile, **fields)


def listed(persona, job, query="", status_code=200):
    response = persona.client.get(f"/api/v1/jobs/{job.id}/applications{query}")
    assert response.status_code == status_code, response.content
    return response.json()


def ids(body) -> list[str]:
    return [application["id"] for application in body["results"]]


def test_the_list_is_paginated_and_the_page_size_is_at_most_100(alice, job):
    for index in range(25):
        make(job, name=f"Person {index}")

    first = listed(alice, job, "?pageSize=10")
    third = listed(alice, job, "?pageSize=10&page=3")
    largest = listed(alice, job, "?pageSize=100")

    assert (first["count"], first["page"], first["pageSize"], first["totalPages"]) == (25, 1, 10, 3)
    assert len(first["results"]) == 10 and len(third["results"]) == 5
    assert largest["pageSize"] == 100 and len(largest["results"]) == 25
    too_large = alice.client.get(f"/api/v1/jobs/{job.id}/applications?pageSize=500")
    assert "pageSize" in assert_envelope(too_large, 400, "validation_error")["fields"]


def test_the_list_sorts_by_score_name_status_and_dates(alice, job):
    low = make(job, name="bob", scored=True, score=10)
    high = make(job, name="Alice", scored=True, score=90)
    unscored = make(job, name="Carol")
    application_status_change(
        tenant=alice.tenant,
        application_id=low.id,
        by=Actor.member(alice.user),
        to_status=ApplicationStatus.REJECTED,
    )
    application_status_change(
        tenant=alice.tenant,
        application_id=unscored.id,
        by=Actor.member(alice.user),
        to_status=ApplicationStatus.INTERVIEW,
    )

    # Unscored applications come last both ways: a missing score is not a low one.
    assert ids(listed(alice, job, "?ordering=-score")) == [str(high.id), str(low.id), str(unscored.id)]
    assert ids(listed(alice, job, "?ordering=score")) == [str(low.id), str(high.id), str(unscored.id)]
    # Names sort case-insensitively ("bob" between "Alice" and "Carol").
    assert ids(listed(alice, job, "?ordering=name")) == [str(high.id), str(low.id), str(unscored.id)]
    # Stages sort in pipeline order: NEW, ..., INTERVIEW, ..., REJECTED; not alphabetically.
    assert ids(listed(alice, job, "?ordering=status")) == [str(high.id), str(unscored.id), str(low.id)]
    assert ids(listed(alice, job, "?ordering=-status,name"))[0] == str(low.id)
    assert ids(listed(alice, job, "?ordering=createdAt")) == [str(low.id), str(high.id), str(unscored.id)]
    assert ids(listed(alice, job)) == [str(unscored.id), str(high.id), str(low.id)]  # newest first


def test_an_unknown_ordering_is_a_400_naming_it(alice, job):
    body = assert_envelope(
        alice.client.get(f"/api/v1/jobs/{job.id}/applications?ordering=salary"), 400, "validation_error"
    )
    assert "ordering" in body["fields"]


def test_status_and_processing_status_take_comma_lists(alice, job):
    new = make(job)
    shortlisted = make(job, status=ApplicationStatus.SHORTLISTED)
    make(job, status=ApplicationStatus.REJECTED)
    failed = make(job, processing_status=ProcessingStatus.FAILED)

    assert set(ids(listed(alice, job, "?status=NEW,SHORTLISTED"))) == {
        str(new.id),
        str(shortlisted.id),
        str(failed.id),
    }
    assert ids(listed(alice, job, "?processingStatus=FAILED")) == [str(failed.id)]
    assert ids(listed(alice, job, "?status=SHORTLISTED&processingStatus=QUEUED")) == [str(shortlisted.id)]


def test_score_range_is_inclusive_and_leaves_out_unscored(alice, job):
    at_40 = make(job, scored=True, score=40)
    at_60 = make(job, scored=True, score=60)
    make(job, scored=True, score=39)
    make(job, scored=True, score=61)
    make(job)  # unscored

    assert set(ids(listed(alice, job, "?scoreMin=40&scoreMax=60"))) == {str(at_40.id), str(at_60.id)}
    assert listed(alice, job, "?scoreMin=0")["count"] == 4
    assert listed(alice, job, "?scoreMin=70&scoreMax=60")["count"] == 0  # an empty range matches nothing


def test_skill_matches_the_profile_case_insensitively_with_aliases_and_whole_names(alice, job):
    python = make(job, skills=["Python", "PostgreSQL", "Kubernetes"])
    javascript = make(job, skills=["JavaScript"])
    make(job)  # not parsed yet: no profile
    legacy = make(job, skills=["Fortran 77"])  # a name the skill dictionary does not know

    assert ids(listed(alice, job, "?skill=python")) == [str(python.id)]
    assert ids(listed(alice, job, "?skill=POSTGRES")) == [str(python.id)]  # alias of PostgreSQL
    assert ids(listed(alice, job, "?skill=k8s")) == [str(python.id)]
    assert ids(listed(alice, job, "?skill=java")) == []  # Java is not JavaScript
    assert ids(listed(alice, job, "?skill=js")) == [str(javascript.id)]
    assert ids(listed(alice, job, "?skill=fortran%2077")) == [str(legacy.id)]
    assert listed(alice, job, "?skill=COBOL")["count"] == 0


def test_created_dates_are_whole_utc_days_inclusive(alice, job):
    days = {}
    for day in (9, 10, 11, 12):
        application = make(job)
        moment = (
            datetime(2025, 3, day, 23, 59, 59, tzinfo=UTC) if day != 10 else datetime(2025, 3, 10, tzinfo=UTC)
        )
        Application.objects.filter(pk=application.pk).update(created_at=moment)
        days[day] = str(application.id)

    body = listed(alice, job, "?createdFrom=2025-03-10&createdTo=2025-03-11&ordering=createdAt")

    assert ids(body) == [days[10], days[11]]
    assert ids(listed(alice, job, "?createdTo=2025-03-09")) == [days[9]]
    assert listed(alice, job, "?createdFrom=2025-03-12&createdTo=2025-03-11")["count"] == 0
    assert listed(alice, job, "?createdTo=9999-12-31")["count"] == 4  # the last day there is


def test_flagged_filters_on_integrity_flags(alice, job):
    flagged = make(job, flags=[{"code": "hidden_text", "message": "Hidden text.", "source": "parsing"}])
    clean = make(job)

    assert ids(listed(alice, job, "?flagged=true")) == [str(flagged.id)]
    assert ids(listed(alice, job, "?flagged=false")) == [str(clean.id)]


def test_search_finds_name_or_email_substrings_case_insensitively(alice, job):
    ada = make(job, name="Ada Lovelace", email="ada@analytical.test")
    grace = make(job, name="Grace Hopper", email="gh@navy.test")
    make(job, name="Alan Turing", email="alan@bletchley.test")

    assert ids(listed(alice, job, "?search=LOVE")) == [str(ada.id)]
    assert ids(listed(alice, job, "?search=navy.TEST")) == [str(grace.id)]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=NEW,HIRING", "status"),
        ("processingStatus=DONE", "processingStatus"),
        ("scoreMin=-1", "scoreMin"),
        ("scoreMax=101", "scoreMax"),
        ("scoreMin=abc", "scoreMin"),
        ("scoreMin=50.5", "scoreMin"),
        ("createdFrom=10/03/2025", "createdFrom"),
        ("flagged=maybe", "flagged"),
        ("flagged=TRUE", "flagged"),
        ("skill=" + "x" * 101, "skill"),
        ("pageSize=abc&ordering=nope", "ordering"),
    ],
)
def test_an_invalid_parameter_is_a_400_naming_it(alice, job, query, parameter):
    response = alice.client.get(f"/api/v1/jobs/{job.id}/applications?{query}")

    body = assert_envelope(response, 400, "validation_error")
    assert parameter in body["fields"], body
    assert parameter in body["message"]


def test_blind_review_redacts_names_and_refuses_search_and_name_order(alice, job):
    make(job, name="Ada Lovelace", email="ada@analytical.test", scored=True)
    alice.tenant.blind_review = True
    alice.tenant.save()

    body = listed(alice, job, "?ordering=-score&status=NEW")
    search = alice.client.get(f"/api/v1/jobs/{job.id}/applications?search=ada")
    by_name = alice.client.get(f"/api/v1/jobs/{job.id}/applications?ordering=score,-name")

    assert body["results"][0]["candidate"]["fullName"] is None
    assert body["results"][0]["candidate"]["email"] is None
    assert_envelope(search, 403, "blind_review")
    assert_envelope(by_name, 403, "blind_review")


def test_another_tenants_job_is_a_404_and_an_api_key_sees_its_own(alice, bob, job):
    mine = make(job)
    bobs = ApplicationFactory(job__tenant=bob.tenant)

    assert_envelope(bob.client.get(f"/api/v1/jobs/{job.id}/applications"), 404, "not_found")
    # The 404 comes before the parameters are judged: a bad filter does not reveal that the job exists.
    assert_envelope(bob.client.get(f"/api/v1/jobs/{job.id}/applications?scoreMin=abc"), 404, "not_found")
    bob.tenant.blind_review = True  # a refused search, too, comes after the 404
    bob.tenant.save(update_fields=["blind_review"])
    assert_envelope(bob.client.get(f"/api/v1/jobs/{job.id}/applications?search=ada"), 404, "not_found")
    response = alice.api_key_client().get(f"/api/v1/jobs/{job.id}/applications?status=NEW")
    assert response.status_code == 200
    assert ids(response.json()) == [str(mine.id)]
    assert str(bobs.id) not in ids(response.json())


def test_a_live_job_without_applications_lists_empty_and_a_deleted_job_is_a_404(alice, bob, job, job_factory):
    body = listed(alice, job, "?page=1")
    assert body["count"] == 0 and body["results"] == []

    deleted = job_factory(tenant=alice.tenant)
    make(deleted)
    job_soft_delete(job=deleted, by=Actor.member(alice.user))
    assert_envelope(alice.client.get(f"/api/v1/jobs/{deleted.id}/applications"), 404, "not_found")

    # A page past the end of another tenant's job is the job's 404, not an empty page.
    make(job)
    body = assert_envelope(bob.client.get(f"/api/v1/jobs/{job.id}/applications?page=9"), 404, "not_found")
    assert body["message"] == "Job not found."


def test_a_list_row_is_what_the_generic_serializer_makes_of_it(alice, job):
    """The list writes its rows out for speed; they must stay what DRF's field walk would give."""
    make(job, scored=True, score=81, flags=[{"code": "hidden_text", "message": "m", "excerpt": "x"}])
    make(job, name="Bo", email="bo@example.test", flags=["legacy_flag_as_text"])
    failed = make(job, processing_status=ProcessingStatus.FAILED, failure_reason="No text layer")
    application_status_change(
        tenant=alice.tenant,
        application_id=failed.id,
        by=Actor.member(alice.user),
        to_status=ApplicationStatus.REJECTED,
    )
    rows = list(Application.objects.filter(job=job).select_related("candidate"))
    assert len(rows) == 3
    for blind in (False, True):
        serializer = ApplicationListOutput(context={"blind_review": blind})
        for row in rows:
            generic = serializers.ModelSerializer.to_representation(serializer, row)
            if blind:
                redact_personal_fields(generic)
            assert serializer.to_representation(row) == generic


FILTERS = (
    "?pageSize=100&ordering=-score,name&status=NEW&processingStatus=SCORED&scoreMin=50&scoreMax=100"
    "&skill=python&createdFrom=2000-01-01&createdTo=2100-01-01&flagged=true"
)


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    ("query", "queries"),
    [
        # auth (user, membership) and the page, which carries the count as a subquery; the job's
        # liveness is a condition of the page, so a list that finds rows needs no job lookup.
        (FILTERS, 3),
        # A name search is counted over the page's own rows (COUNT(*) OVER ()): the search runs once.
        (FILTERS + "&search=person", 3),
    ],
)
def test_the_list_query_count_does_not_grow_with_rows(
    alice, job, rows, query, queries, django_assert_num_queries
):
    for index in range(rows):
        make(
            job,
            name=f"Person {index}",
            skills=["Python"],
            scored=True,
            score=50 + index % 50,
            flags=[{"code": "keyword_stuffing", "message": "m", "source": "scoring"}],
        )

    with django_assert_num_queries(queries):
        body = listed(alice, job, query)

    assert body["count"] == rows and len(body["results"]) == rows


def test_a_searched_list_counts_every_match_across_pages(alice, job):
    for index in range(7):
        make(job, name=f"Okafor {index}")
    make(job, name="Someone Else")

    pages = [listed(alice, job, f"?search=okafor&pageSize=3&page={page}") for page in (1, 2, 3)]

    assert [body["count"] for body in pages] == [7, 7, 7]
    assert [len(body["results"]) for body in pages] == [3, 3, 1]
    assert len({application for body in pages for application in ids(body)}) == 7
    assert pages[2]["next"] is None and pages[0]["totalPages"] == 3
    assert listed(alice, job, "?search=nobody")["count"] == 0
    past_the_end = listed(alice, job, "?search=okafor&pageSize=3&page=4")
    assert (past_the_end["results"], past_the_end["count"]) == ([], 7)


def test_the_detail_has_profile_score_explanation_and_status_history(alice, job):
    application = make(job, skills=["Python"], scored=True, score=70, email="ada@analytical.test")
    application_status_change(
        tenant=alice.tenant,
        application_id=application.id,
        by=Actor.member(alice.user),
        to_status=ApplicationStatus.SHORTLISTED,
        reason="Strong Python",
    )

    detail = alice.client.get(f"/api/v1/applications/{application.id}").json()

    assert detail["score"] == 70 and detail["explanation"]["requirements"][0]["requirement"] == "Python"
    assert detail["parsedProfile"]["skills"] == ["Python"]
    assert detail["status"] == "SHORTLISTED" and detail["statusChangedAt"]
    [change] = detail["statusHistory"]
    assert change["fromStatus"] == "NEW" and change["toStatus"] == "SHORTLISTED"
    assert change["reason"] == "Strong Python" and change["actor"] == "alice@acme.test"
    assert change["createdAt"]


@pytest.mark.parametrize("moves", [1, 6])
def test_the_detail_query_count_does_not_grow_with_history(alice, job, moves, django_assert_max_num_queries):
    application = make(job, scored=True)
    for index in range(moves):
        target = ApplicationStatus.SHORTLISTED if index % 2 == 0 else ApplicationStatus.NEW
        application_status_change(
            tenant=alice.tenant, application_id=application.id, by=Actor.member(alice.user), to_status=target
        )

    # auth (user, membership), the application with candidate and job, its history.
    with django_assert_max_num_queries(4):
        detail = alice.client.get(f"/api/v1/applications/{application.id}").json()

    assert len(detail["statusHistory"]) == moves


def test_another_tenants_application_detail_is_a_404(alice, bob, job):
    application = make(job)

    assert_envelope(bob.client.get(f"/api/v1/applications/{application.id}"), 404, "not_found")
    assert_envelope(bob.api_key_client().get(f"/api/v1/applications/{application.id}"), 404, "not_found")


def test_search_follows_renames_merges_and_erasure(alice, job, job_factory):
    """On PostgreSQL the search reads the application's copy of the name and email (kept by triggers);
    whatever changes the candidate, the search must see the change."""
    ada = make(job, name="Ada Lovelace", email="ada@x.test")
    bob = make(job, name="Bob Byron", email="bob@y.test")

    def found(term: str) -> set[str]:
        return set(ids(listed(alice, job, f"?search={term}")))

    assert found("lovelace") == {str(ada.id)} and found("BOB@Y") == {str(bob.id)}
    Candidate.objects.filter(pk=ada.candidate_id).update(full_name="Augusta King")  # no save()
    candidate = bob.candidate
    candidate.email = "byron@z.test"
    candidate.save()
    assert found("lovelace") == set() and found("augusta") == {str(ada.id)}
    assert found("bob@y") == set() and found("byron@z") == {str(bob.id)}

    survivor = make(job_factory(tenant=alice.tenant), name="Charles Babbage").candidate
    merge = candidate_merge(
        tenant=alice.tenant, survivor=survivor, absorbed=ada.candidate, by=Actor.member(alice.user)
    )
    assert found("babbage") == {str(ada.id)} and found("augusta") == set()
    candidate_merge_undo(tenant=alice.tenant, merge=merge, by=Actor.member(alice.user))
    assert found("babbage") == set() and found("augusta") == {str(ada.id)}

    _erase_records([Candidate.objects.get(pk=bob.candidate_id)], reason="test")
    assert found("byron") == set()


@pytest.mark.services
def test_the_applications_copy_of_name_and_email_is_kept_by_the_database(alice, job):
    application = make(job, name="Ada Lovelace", email="ada@x.test")
    application.refresh_from_db()
    assert application.search_text == "ADA LOVELACE\nADA@X.TEST"

    application.search_text = "stale"
    application.save()  # a full save writes the column: the trigger reads it from the candidate again
    application.refresh_from_db()
    assert application.search_text == "ADA LOVELACE\nADA@X.TEST"

    _erase_records([application.candidate], reason="test")
    application.refresh_from_db()
    assert "ADA@X.TEST" not in application.search_text and "LOVELACE" not in application.search_text


def test_the_filter_form_is_built_only_when_a_filter_is_named(alice, job, monkeypatch):
    """QueryFilterBackend skips django-filter's form when the query names no filter (a speed-up), and
    still runs it for any filter, suffixed range parameters included."""
    from candidates.filters import ApplicationFilter

    make(job, scored=True, score=70)
    built = []
    original = ApplicationFilter.__init__
    monkeypatch.setattr(
        ApplicationFilter, "__init__", lambda self, *a, **k: built.append(1) or original(self, *a, **k)
    )

    assert listed(alice, job, "?page=1&pageSize=5&ordering=-score")["count"] == 1
    assert built == []
    assert listed(alice, job, "?scoreMin=80")["count"] == 0
    assert built == [1]
