"""A job's deletion: soft delete with the pool-eligible candidates, confirmation, operator restore."""

import uuid

import pytest
from django.urls import reverse

from candidates.models import Application, ApplicationStatus, ProcessingStatus, TalentPoolEntry
from jobs.models import Job, JobStatus
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant, department="Engineering")


def scored(job, score, **fields):
    return ApplicationFactory(job=job, scored=True, score=score, **fields)


def delete(persona, job):
    return persona.client.delete(f"/api/v1/jobs/{job.id}")


def confirm(persona, job, candidate_ids):
    body = {"candidateIds": [str(candidate_id) for candidate_id in candidate_ids]}
    return persona.client.post(f"/api/v1/jobs/{job.id}/confirm-delete", body, format="json")


def test_delete_offers_scored_unrejected_candidates_at_or_above_the_threshold_best_first(alice, job):
    good = scored(job, 72)
    borderline = scored(job, 60)
    scored(job, 59)  # below the threshold
    scored(job, 95, status=ApplicationStatus.REJECTED)
    ApplicationFactory(job=job, processing_status=ProcessingStatus.SCORING, score=None)
    merged_away = scored(job, 88)
    merged_away.candidate.merged_into = CandidateFactory(tenant=alice.tenant)
    merged_away.candidate.save()

    response = delete(alice, job)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(job.id) and body["deletedAt"]
    assert body["talentPoolMinScore"] == 60
    assert body["talentPoolEligible"] == [
        {
            "candidateId": str(application.candidate_id),
            "applicationId": str(application.id),
            "fullName": application.candidate.full_name,
            "email": application.candidate.email,
            "score": application.score,
            "status": "NEW",
            "alreadyInPool": False,
        }
        for application in (good, borderline)
    ]


def test_the_threshold_is_a_setting(alice, job, settings):
    settings.TALENT_POOL_MIN_SCORE = 80
    scored(job, 79)
    high = scored(job, 80)

    body = delete(alice, job).json()

    assert body["talentPoolMinScore"] == 80
    assert [row["applicationId"] for row in body["talentPoolEligible"]] == [str(high.id)]


def test_a_deleted_job_is_gone_from_lists_and_public_pages_and_a_second_delete_is_404(alice, anon, job):
    delete(alice, job)

    assert alice.client.get("/api/v1/jobs").json()["count"] == 0
    assert anon.get("/api/v1/jobs/public").json()["count"] == 0
    assert_envelope(anon.post(f"/api/v1/apply/{job.slug}", {}), 404, "not_found")
    assert_envelope(delete(alice, job), 404, "not_found")


def test_blind_review_hides_who_the_eligible_candidates_are(alice, job):
    alice.tenant.blind_review = True
    alice.tenant.save()
    application = scored(job, 90)

    row = delete(alice, job).json()["talentPoolEligible"][0]

    assert row["fullName"] is None and row["email"] is None
    assert row["candidateId"] == str(application.candidate_id) and row["score"] == 90


def test_delete_query_count_is_pinned_whatever_the_number_of_candidates(
    alice, job, django_assert_num_queries
):
    for score in range(61, 91):
        scored(job, score)

    # Credential (2), the job, the soft delete, its job.deleted event and audit entry, the eligible applications.
    with django_assert_num_queries(7):
        assert len(delete(alice, job).json()["talentPoolEligible"]) == 30


def test_confirm_saves_the_chosen_candidates_and_finalises_the_deletion(alice, job):
    kept = scored(job, 81)
    known = scored(job, 70)
    earlier = TalentPoolEntry.objects.create(
        tenant=alice.tenant, candidate=known.candidate, department="Sales"
    )
    not_chosen = scored(job, 65)
    eligible = delete(alice, job).json()["talentPoolEligible"]
    assert [row["alreadyInPool"] for row in eligible] == [False, True, False]

    response = confirm(alice, job, [kept.candidate_id, known.candidate_id, kept.candidate_id])

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(job.id) and body["deletedAt"] and body["deletionConfirmedAt"]
    assert [entry["candidateId"] for entry in body["saved"]] == [str(kept.candidate_id)]
    saved = body["saved"][0]
    assert saved["department"] == "Engineering" and saved["score"] == 81
    assert saved["jobId"] == str(job.id) and saved["applicationId"] == str(kept.id)
    assert saved["candidate"]["email"] == kept.candidate.email
    assert [entry["id"] for entry in body["alreadyInPool"]] == [str(earlier.id)]
    assert TalentPoolEntry.objects.get(id=earlier.id).department == "Sales"  # kept as it was
    assert not TalentPoolEntry.objects.filter(candidate=not_chosen.candidate).exists()
    assert Job.objects.get(id=job.id).deletion_confirmed_at is not None
    # Confirming erases nothing: retention removes the unsaved candidates' applications later.
    assert Application.objects.filter(job=job).count() == 3


def test_confirm_with_no_candidates_only_finalises(alice, job):
    scored(job, 90)
    delete(alice, job)

    body = confirm(alice, job, []).json()

    assert body["saved"] == [] and body["alreadyInPool"] == [] and body["deletionConfirmedAt"]
    assert not TalentPoolEntry.objects.exists()


def test_confirm_needs_the_candidate_ids_key(alice, job):
    delete(alice, job)

    response = alice.client.post(f"/api/v1/jobs/{job.id}/confirm-delete", {"candidates": []}, format="json")

    assert "candidateIds" in assert_envelope(response, 400, "validation_error")["fields"]
    assert Job.objects.get(id=job.id).deletion_confirmed_at is None


def test_confirm_refuses_ineligible_candidates_by_id_and_changes_nothing(alice, bob, job, job_factory):
    eligible = scored(job, 90)
    too_low = scored(job, 20)
    elsewhere = scored(job_factory(tenant=alice.tenant), 90)
    delete(alice, job)
    stranger = uuid.uuid4()

    response = confirm(
        alice, job, [eligible.candidate_id, too_low.candidate_id, elsewhere.candidate_id, stranger]
    )

    body = assert_envelope(response, 400, "validation_error")
    assert body["details"]["ineligibleCandidateIds"] == [
        str(too_low.candidate_id),
        str(elsewhere.candidate_id),
        str(stranger),
    ]
    assert str(too_low.candidate_id) in body["fields"]["candidateIds"][0]
    assert not TalentPoolEntry.objects.exists()
    assert Job.objects.get(id=job.id).deletion_confirmed_at is None


def test_confirm_twice_is_409_and_a_live_job_is_409(alice, job, job_factory):
    live = job_factory(tenant=alice.tenant)
    delete(alice, job)
    assert confirm(alice, job, []).status_code == 200

    assert_envelope(confirm(alice, job, []), 409, "deletion_already_confirmed")
    assert_envelope(confirm(alice, live, []), 409, "job_not_deleted")


def test_confirm_on_another_tenants_job_is_the_same_404_as_a_missing_one(alice, bob, job):
    application = scored(job, 90)
    delete(alice, job)

    theirs = assert_envelope(confirm(bob, job, [application.candidate_id]), 404, "not_found")
    missing = assert_envelope(confirm(bob, Job(id=uuid.uuid4()), []), 404, "not_found")

    assert theirs["message"] == missing["message"]
    assert Job.objects.get(id=job.id).deletion_confirmed_at is None
    assert not TalentPoolEntry.objects.exists()


def test_confirm_query_count_is_pinned_whatever_the_number_of_chosen_candidates(
    alice, job, django_assert_num_queries
):
    chosen = [scored(job, score).candidate_id for score in range(61, 91)]
    delete(alice, job)

    # Credential (2), the job, then in a savepoint: lock, confirm, its audit entry, eligible list, one
    # insert, one read.
    with django_assert_num_queries(11):
        assert len(confirm(alice, job, chosen).json()["saved"]) == 30


# -- the operator's restore, through the admin -------------------------------------------------------------
@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="ops@hiresscope.test", password="x" * 12)
    client.force_login(user)
    return client


def test_operator_restores_a_deleted_job_but_not_a_confirmed_deletion(operator, alice, job, job_factory):
    confirmed = job_factory(tenant=alice.tenant, title="Confirmed gone")
    live = job_factory(tenant=alice.tenant)
    delete(alice, job)
    delete(alice, confirmed)
    confirm(alice, confirmed, [])

    response = operator.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "restore_deleted", "_selected_action": [job.id, confirmed.id, live.id]},
        follow=True,
    )

    page = response.content.decode()
    assert "Restored 1 job(s)" in page and "Confirmed gone" in page
    restored = Job.objects.get(id=job.id)
    assert restored.deleted_at is None and restored.status == JobStatus.CLOSED
    assert Job.objects.get(id=confirmed.id).deleted_at is not None
    assert alice.client.get(f"/api/v1/jobs/{job.id}").status_code == 200
    assert_envelope(confirm(alice, job, []), 409, "job_not_deleted")


def test_operator_lists_jobs_by_deletion_state(operator, alice, job, job_factory):
    live = job_factory(tenant=alice.tenant, title="Still hiring")
    confirmed = job_factory(tenant=alice.tenant, title="Gone for good")
    job.title = "Deleted but restorable"
    job.save()
    delete(alice, job)
    delete(alice, confirmed)
    confirm(alice, confirmed, [])
    url = reverse("admin:jobs_job_changelist")

    pages = {state: operator.get(url, {"deletion": state}).content.decode() for state in ("live", "deleted")}
    confirmed_page = operator.get(url, {"deletion": "confirmed"}).content.decode()

    assert live.title in pages["live"] and job.title not in pages["live"]
    assert job.title in pages["deleted"] and confirmed.title not in pages["deleted"]
    assert confirmed.title in confirmed_page and job.title not in confirmed_page
