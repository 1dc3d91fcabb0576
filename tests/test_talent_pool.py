"""``/talent-pool``: list, save, remove; and ``/talent-pool/suggest/:jobId`` ranked by the scoring engine."""

import dataclasses
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Application, TalentPoolEntry
from demo.content import DEMO_CANDIDATES, render_cv
from jobs.models import Job
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

DEMO = {candidate.full_name.split()[0]: candidate for candidate in DEMO_CANDIDATES}


def pooled(tenant, *, department="", score=None, **candidate_fields):
    candidate = CandidateFactory(tenant=tenant, **candidate_fields)
    return TalentPoolEntry.objects.create(
        tenant=tenant, candidate=candidate, department=department, score=score
    )


def save(persona, **body):
    return persona.client.post("/api/v1/talent-pool", body, format="json")


def listed(persona, query=""):
    response = persona.client.get(f"/api/v1/talent-pool{query}")
    assert response.status_code == 200, response.content
    return response.json()


# -- list -------------------------------------------------------------------------------------------------------
def test_the_list_shows_entries_with_their_candidate_newest_first(alice, bob):
    first = pooled(alice.tenant, department="Engineering", score=70)
    second = pooled(alice.tenant, department="Sales")
    pooled(bob.tenant, department="Engineering")

    body = listed(alice)

    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [str(second.id), str(first.id)]
    assert body["results"][1] == {
        "id": str(first.id),
        "candidateId": str(first.candidate_id),
        "candidate": {
            "id": str(first.candidate_id),
            "fullName": first.candidate.full_name,
            "email": first.candidate.email,
            "sourceKey": None,
        },
        "department": "Engineering",
        "note": "",
        "score": 70,
        "jobId": None,
        "applicationId": None,
        "createdAt": body["results"][1]["createdAt"],
    }


def test_the_list_filters_by_department_in_any_case_and_searches_names_and_emails(alice):
    engineer = pooled(alice.tenant, department="Engineering", full_name="Ada Lovelace", email="ada@x.test")
    pooled(alice.tenant, department="Engineering management", full_name="Grace Hopper")
    seller = pooled(alice.tenant, department="Sales", full_name="Zed Seller", email="lovelace.fan@x.test")

    by_department = listed(alice, "?department=engineering")["results"]
    by_search = listed(alice, "?search=LOVELACE")["results"]
    combined = listed(alice, "?department=SALES&search=lovelace")["results"]

    assert [item["id"] for item in by_department] == [str(engineer.id)]
    assert {item["id"] for item in by_search} == {str(engineer.id), str(seller.id)}
    assert [item["id"] for item in combined] == [str(seller.id)]


def test_the_list_orders_by_score_name_or_date_and_paginates(alice):
    low = pooled(alice.tenant, score=40, full_name="Bea")
    high = pooled(alice.tenant, score=90, full_name="Cal")
    none = pooled(alice.tenant, score=None, full_name="Abe")

    by_score = listed(alice, "?ordering=-score")["results"]
    by_name = listed(alice, "?ordering=name")["results"]
    oldest = listed(alice, "?ordering=createdAt&pageSize=2&page=2")

    assert [item["id"] for item in by_score] == [str(high.id), str(low.id), str(none.id)]  # nulls last
    assert [item["id"] for item in by_name] == [str(none.id), str(low.id), str(high.id)]
    assert oldest["totalPages"] == 2 and [item["id"] for item in oldest["results"]] == [str(none.id)]
    assert_envelope(alice.client.get("/api/v1/talent-pool?ordering=salary"), 400, "validation_error")


def test_a_record_merged_away_is_hidden_from_the_pool(alice):
    kept = pooled(alice.tenant)
    hidden = pooled(alice.tenant)
    hidden.candidate.merged_into = kept.candidate
    hidden.candidate.save()

    assert [item["id"] for item in listed(alice)["results"]] == [str(kept.id)]
    assert_envelope(alice.client.delete(f"/api/v1/talent-pool/{hidden.id}"), 404, "not_found")


def test_the_list_query_count_is_pinned_whatever_the_pool_size(alice, django_assert_num_queries):
    for _ in range(25):
        pooled(alice.tenant, department="Engineering")

    # Credential (2), count, one page of entries with their candidates.
    with django_assert_num_queries(4):
        assert len(listed(alice, "?department=Engineering&pageSize=20")["results"]) == 20


def test_blind_review_redacts_the_list_and_refuses_a_search_by_name(alice):
    alice.tenant.blind_review = True
    alice.tenant.save()
    entry = pooled(alice.tenant, full_name="Ada Lovelace")

    item = listed(alice)["results"][0]

    assert item["candidate"]["fullName"] is None and item["candidate"]["email"] is None
    assert item["candidateId"] == str(entry.candidate_id)
    assert_envelope(alice.client.get("/api/v1/talent-pool?search=ada"), 403, "blind_review")
    # An alphabetical order of anonymised entries would say who they are just as well.
    assert_envelope(alice.client.get("/api/v1/talent-pool?ordering=-name"), 403, "blind_review")
    assert alice.client.get("/api/v1/talent-pool?ordering=-score").status_code == 200


# -- save and remove ---------------------------------------------------------------------------------------------
def test_saving_with_an_application_takes_its_jobs_department_and_its_score(alice, job_factory):
    application = ApplicationFactory(
        job=job_factory(tenant=alice.tenant, department="Data"), scored=True, score=66
    )

    response = save(
        alice,
        candidateId=str(application.candidate_id),
        applicationId=str(application.id),
        note="  Call back in spring  ",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["department"] == "Data" and body["score"] == 66 and body["note"] == "Call back in spring"
    assert body["jobId"] == str(application.job_id) and body["applicationId"] == str(application.id)
    entry = TalentPoolEntry.objects.get(id=body["id"])
    assert entry.added_by == alice.user and entry.tenant == alice.tenant


def test_saving_without_an_application_keeps_what_was_given(alice):
    candidate = CandidateFactory(tenant=alice.tenant)

    body = save(alice, candidateId=str(candidate.id), department="Sales").json()

    assert body["department"] == "Sales" and body["score"] is None and body["jobId"] is None
    assert listed(alice)["count"] == 1


def test_saving_someone_already_in_the_pool_is_409_naming_their_entry(alice):
    entry = pooled(alice.tenant)

    body = assert_envelope(save(alice, candidateId=str(entry.candidate_id)), 409, "already_in_pool")

    assert body["details"] == {"existingEntryId": str(entry.id)}
    assert TalentPoolEntry.objects.count() == 1


def test_saving_a_record_merged_away_is_409_naming_the_survivor(alice):
    survivor = CandidateFactory(tenant=alice.tenant)
    absorbed = CandidateFactory(tenant=alice.tenant, merged_into=survivor)

    body = assert_envelope(save(alice, candidateId=str(absorbed.id)), 409, "candidate_merged")

    assert body["details"] == {"mergedIntoId": str(survivor.id)}


def test_saving_another_tenants_candidate_or_application_is_404(alice, bob, job_factory):
    mine = CandidateFactory(tenant=alice.tenant)
    theirs = ApplicationFactory(job=job_factory(tenant=bob.tenant), scored=True)

    foreign_candidate = assert_envelope(save(alice, candidateId=str(theirs.candidate_id)), 404, "not_found")
    missing_candidate = assert_envelope(save(alice, candidateId=str(uuid.uuid4())), 404, "not_found")
    foreign_application = save(alice, candidateId=str(mine.id), applicationId=str(theirs.id))

    assert foreign_candidate["message"] == missing_candidate["message"] == "Candidate not found."
    assert assert_envelope(foreign_application, 404, "not_found")["message"] == "Application not found."
    assert not TalentPoolEntry.objects.exists()


def test_saving_with_someone_elses_application_is_400(alice, job_factory):
    candidate = CandidateFactory(tenant=alice.tenant)
    other = ApplicationFactory(job=job_factory(tenant=alice.tenant), scored=True)

    response = save(alice, candidateId=str(candidate.id), applicationId=str(other.id))

    assert "applicationId" in assert_envelope(response, 400, "validation_error")["fields"]


def test_removing_an_entry_keeps_the_candidate_and_their_applications(alice, bob, job_factory):
    application = ApplicationFactory(job=job_factory(tenant=alice.tenant), scored=True)
    entry = TalentPoolEntry.objects.create(tenant=alice.tenant, candidate=application.candidate)

    assert_envelope(bob.client.delete(f"/api/v1/talent-pool/{entry.id}"), 404, "not_found")
    response = alice.client.delete(f"/api/v1/talent-pool/{entry.id}")

    assert response.status_code == 204
    assert not TalentPoolEntry.objects.exists() and Application.objects.filter(id=application.id).exists()
    assert_envelope(alice.client.delete(f"/api/v1/talent-pool/{entry.id}"), 404, "not_found")


# -- suggestions, scored by the engine from real uploaded CVs ----------------------------------------------------
PYTHON_JOB = {
    "title": "Python Backend Engineer",
    "department": "Engineering",
    "description": "Build Django REST APIs on PostgreSQL; Celery and Redis for background work; Docker on AWS.",
    "requiredSkills": ["Python", "Django", "PostgreSQL"],
    "niceToHaveSkills": ["Docker", "AWS", "Celery"],
    "minYearsExperience": 3,
    "status": "ACTIVE",
}


def upload(persona, job_id, person, capture):
    payload = {
        "file": SimpleUploadedFile(f"cv.{person.kind}", render_cv(person.cv_text, person.kind)),
        "email": person.email,
        "fullName": person.full_name,
    }
    with capture(execute=True):
        response = persona.client.post(f"/api/v1/jobs/{job_id}/applications", payload, format="multipart")
    assert response.status_code == 202, response.content
    return Application.objects.get(id=response.json()["id"])


@pytest.fixture
def pool(alice, django_capture_on_commit_callbacks):
    """A strong, a middling and a weak CV for Python work, applied to an old job and saved to the pool."""
    old_job = alice.client.post(
        "/api/v1/jobs", {**PYTHON_JOB, "title": "Engineer (2025)"}, format="json"
    ).json()
    entries = {}
    for name, department in (("Mara", "Engineering"), ("Teodor", "engineering"), ("Ambrose", "Engineering")):
        application = upload(alice, old_job["id"], DEMO[name], django_capture_on_commit_callbacks)
        assert application.processing_status == "SCORED", application.failure_reason
        response = save(
            alice,
            candidateId=str(application.candidate_id),
            applicationId=str(application.id),
            department=department,
        )
        entries[name] = response.json()
    return entries


@pytest.fixture
def new_job(alice):
    return alice.client.post("/api/v1/jobs", PYTHON_JOB, format="json").json()


def suggest(persona, job_id, query=""):
    return persona.client.get(f"/api/v1/talent-pool/suggest/{job_id}{query}")


def test_suggestions_rank_a_strong_cv_above_a_weak_one_with_the_engines_reasons(alice, pool, new_job):
    response = suggest(alice, new_job["id"])

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["jobId"] == new_job["id"] and body["department"] == "Engineering"
    ranked = [item["entry"]["id"] for item in body["results"]]
    assert ranked == [pool["Mara"]["id"], pool["Teodor"]["id"], pool["Ambrose"]["id"]]
    best, worst = body["results"][0], body["results"][-1]
    assert best["score"] > worst["score"] + 20
    assert {"Python", "Django", "PostgreSQL"} <= set(best["matched"]) and best["missing"] == []
    assert {"Python", "Django", "PostgreSQL"} <= set(worst["missing"])
    assert best["label"] in best["summary"]
    assert best["entry"]["candidate"]["fullName"] == "Mara Quillfeather"


def test_suggestions_under_blind_review_keep_the_reasons_and_hide_who_the_people_are(alice, pool, new_job):
    alice.tenant.blind_review = True
    alice.tenant.save(update_fields=["blind_review"])

    best = suggest(alice, new_job["id"]).json()["results"][0]

    assert best["entry"]["id"] == pool["Mara"]["id"] and best["score"] > 0
    assert {"Python", "Django", "PostgreSQL"} <= set(best["matched"])
    assert best["entry"]["candidate"]["fullName"] is None and best["entry"]["candidate"]["email"] is None


def test_suggestions_narrow_to_a_department_and_all_widens_them(alice, pool, new_job):
    TalentPoolEntry.objects.filter(id=pool["Teodor"]["id"]).update(department="Data")

    default = suggest(alice, new_job["id"]).json()
    data = suggest(alice, new_job["id"], "?department=DATA").json()
    everyone = suggest(alice, new_job["id"], "?department=all&limit=2").json()

    assert pool["Teodor"]["id"] not in [item["entry"]["id"] for item in default["results"]]
    assert [item["entry"]["id"] for item in data["results"]] == [pool["Teodor"]["id"]]
    assert everyone["department"] is None and len(everyone["results"]) == 2
    assert everyone["results"][0]["entry"]["id"] == pool["Mara"]["id"]


def test_equal_scores_go_to_the_jobs_department_first_then_to_the_newer_entry(
    alice, new_job, django_capture_on_commit_callbacks
):
    old_job = alice.client.post("/api/v1/jobs", {**PYTHON_JOB, "title": "Earlier"}, format="json").json()
    entries = []
    for index, department in enumerate(["Engineering", "Sales", "Sales"]):
        # The same CV three times: three records with one score.
        person = dataclasses.replace(DEMO["Mara"], email=f"mara{index}@example.test")
        application = upload(alice, old_job["id"], person, django_capture_on_commit_callbacks)
        body = {"candidateId": str(application.candidate_id), "department": department}
        entries.append(save(alice, **body).json()["id"])

    results = suggest(alice, new_job["id"], "?department=all").json()["results"]

    assert len({item["score"] for item in results}) == 1
    assert [item["entry"]["id"] for item in results] == [entries[0], entries[2], entries[1]]


def test_a_job_without_a_department_is_matched_against_the_whole_pool(alice, pool):
    job = alice.client.post("/api/v1/jobs", {**PYTHON_JOB, "department": ""}, format="json").json()
    TalentPoolEntry.objects.filter(id=pool["Teodor"]["id"]).update(department="Data")

    body = suggest(alice, job["id"]).json()

    assert body["department"] is None and len(body["results"]) == 3


def test_a_candidate_who_applied_to_the_job_is_not_suggested_for_it(
    alice, pool, new_job, django_capture_on_commit_callbacks
):
    upload(alice, new_job["id"], DEMO["Mara"], django_capture_on_commit_callbacks)

    ranked = [item["entry"]["id"] for item in suggest(alice, new_job["id"]).json()["results"]]

    assert pool["Mara"]["id"] not in ranked and len(ranked) == 2


def test_suggestions_query_count_is_pinned_once_cvs_are_analysed(
    alice, pool, new_job, django_assert_num_queries
):
    suggest(alice, new_job["id"])  # the first call may extract the rubric and store analyses

    # Credential (2), job, pool entries, their CVs with analyses, the rubric (2: latest version, row).
    with django_assert_num_queries(7):
        assert len(suggest(alice, new_job["id"]).json()["results"]) == 3


def test_suggestions_for_another_tenants_job_are_404_and_limits_are_checked(alice, bob, pool, new_job):
    theirs = assert_envelope(suggest(bob, new_job["id"]), 404, "not_found")
    missing = assert_envelope(suggest(bob, uuid.uuid4()), 404, "not_found")

    assert theirs["message"] == missing["message"]
    assert_envelope(suggest(alice, new_job["id"], "?limit=0"), 400, "validation_error")
    assert_envelope(suggest(alice, new_job["id"], "?limit=101"), 400, "validation_error")


def test_a_deleted_jobs_suggestions_are_404(alice, pool, new_job):
    alice.client.delete(f"/api/v1/jobs/{new_job['id']}")

    assert_envelope(suggest(alice, new_job["id"]), 404, "not_found")
    assert Job.objects.get(id=new_job["id"]).deleted_at is not None
