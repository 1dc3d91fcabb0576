"""Which changes write which events to the outbox, with which thin payloads, in the same transaction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from candidates.models import Application, ApplicationStatus, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv
from scoring.services import application_score
from tests.factories import ApplicationFactory
from webhooks.models import Event, EventType
from webhooks.services import event_record

pytestmark = pytest.mark.django_db

CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text


def _events(type_: str) -> list[dict]:
    return [event.data for event in Event.objects.filter(type=type_).order_by("created_at")]


def _job(persona, **extra) -> dict:
    response = persona.client.post(
        "/api/v1/jobs",
        {"title": "Welder", "description": "Welding steel frames.", "requiredSkills": ["welding"], **extra},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _upload(persona, job_id, data: bytes, capture, *, email="mara@example.test"):
    with capture(execute=True):
        response = persona.client.post(
            f"/api/v1/jobs/{job_id}/applications",
            {"file": SimpleUploadedFile("cv.txt", data), "email": email, "fullName": "Mara Q"},
            format="multipart",
        )
    assert response.status_code == 202, response.content
    return response.json()["id"]


@pytest.mark.django_db(transaction=True)
def test_event_record_refuses_to_run_outside_a_transaction(alice):
    with pytest.raises(RuntimeError):
        event_record(tenant_id=alice.tenant.id, type=EventType.JOB_CREATED, data={})


def test_an_event_rolls_back_with_the_change_that_caused_it(alice):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        event_record(tenant_id=alice.tenant.id, type=EventType.JOB_CREATED, data={"jobId": "x"})
        1 / 0  # noqa: B018 - the change fails after the event was written
    assert not Event.objects.exists()


def test_job_created_updated_and_deleted(alice):
    job = _job(alice)
    alice.client.patch(f"/api/v1/jobs/{job['id']}", {"status": "ACTIVE", "salaryMin": 30000}, format="json")
    alice.client.patch(f"/api/v1/jobs/{job['id']}", {}, format="json")  # no change, no event
    alice.client.delete(f"/api/v1/jobs/{job['id']}")
    alice.client.delete(f"/api/v1/jobs/{job['id']}")  # already deleted: 404, no second event

    assert _events("job.created") == [{"jobId": job["id"], "status": "DRAFT"}]
    assert _events("job.updated") == [
        {"jobId": job["id"], "status": "ACTIVE", "changedFields": ["salaryMin", "status"]}
    ]
    [deleted] = _events("job.deleted")
    assert deleted["jobId"] == job["id"] and deleted["deletedAt"]
    assert set(Event.objects.values_list("tenant_id", flat=True)) == {alice.tenant.id}


def test_an_invalid_job_change_writes_no_event(alice):
    job = _job(alice)
    response = alice.client.patch(
        f"/api/v1/jobs/{job['id']}", {"salaryMin": 90000, "salaryMax": 10000}, format="json"
    )
    assert response.status_code == 400
    assert _events("job.updated") == []


def test_application_scored_carries_ids_and_score(alice, django_capture_on_commit_callbacks):
    job = _job(alice)

    application_id = _upload(alice, job["id"], render_cv(CV, "txt"), django_capture_on_commit_callbacks)

    application = Application.objects.get(pk=application_id)
    assert application.processing_status == ProcessingStatus.SCORED
    assert _events("application.scored") == [
        {
            "applicationId": application_id,
            "jobId": job["id"],
            "candidateId": str(application.candidate_id),
            "processingStatus": "SCORED",
            "score": application.score,
        }
    ]
    # Scoring it again with unchanged inputs writes nothing, so announces nothing.
    application_score(application_id=application_id)
    assert len(_events("application.scored")) == 1


def test_application_failed_when_scoring_breaks(alice, job_factory):
    application = ApplicationFactory(
        job=job_factory(tenant=alice.tenant),
        processing_status=ProcessingStatus.SCORING,
        parsed_profile={"text": "x", "yearsExperience": "many"},  # a stored profile the engine cannot read
    )

    application_score(application_id=application.pk)

    application.refresh_from_db()
    assert application.processing_status == ProcessingStatus.FAILED
    assert _events("application.failed") == [
        {
            "applicationId": str(application.pk),
            "jobId": str(application.job_id),
            "candidateId": str(application.candidate_id),
            "processingStatus": "FAILED",
            "failureCode": "scoring_error",
        }
    ]


# -- emitted from candidates/pipeline.py and candidates/services/, wired by the integrator ---------------------------------------------
def test_application_created_on_upload(alice, django_capture_on_commit_callbacks):
    job = _job(alice)

    application_id = _upload(alice, job["id"], render_cv(CV, "txt"), django_capture_on_commit_callbacks)

    application = Application.objects.get(pk=application_id)
    assert _events("application.created") == [
        {
            "applicationId": application_id,
            "jobId": job["id"],
            "candidateId": str(application.candidate_id),
            "source": application.source,
            "processingStatus": "QUEUED",
        }
    ]


def test_application_created_for_each_file_of_a_bulk_upload(alice):
    job = _job(alice)
    files = [SimpleUploadedFile(f"cv{i}.txt", render_cv(CV + f"\nRef {i}\n", "txt")) for i in range(3)]

    response = alice.client.post(
        f"/api/v1/jobs/{job['id']}/applications/bulk", {"files": files}, format="multipart"
    )

    assert response.status_code == 202, response.content
    ids = sorted(o["applicationId"] for o in response.json()["results"])
    assert sorted(data["applicationId"] for data in _events("application.created")) == ids
    assert all(
        data["candidateId"] is None for data in _events("application.created")
    )  # read from the CV later


def test_application_failed_when_the_cv_cannot_be_read(alice, django_capture_on_commit_callbacks):
    job = _job(alice)

    application_id = _upload(alice, job["id"], b"Too short to be a CV.", django_capture_on_commit_callbacks)

    application = Application.objects.get(pk=application_id)
    assert application.processing_status == ProcessingStatus.FAILED
    [failed] = _events("application.failed")
    assert failed == {
        "applicationId": application_id,
        "jobId": job["id"],
        "candidateId": str(application.candidate_id),
        "processingStatus": "FAILED",
        "failureCode": application.failure_code,
    }


def test_application_status_changed(alice, job_factory):
    application = ApplicationFactory(job=job_factory(tenant=alice.tenant), scored=True)

    response = alice.client.patch(
        f"/api/v1/applications/{application.id}/status", {"status": "SHORTLISTED"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert _events("application.status_changed") == [
        {
            "applicationId": str(application.id),
            "jobId": str(application.job_id),
            "candidateId": str(application.candidate_id),
            "fromStatus": ApplicationStatus.NEW,
            "toStatus": ApplicationStatus.SHORTLISTED,
        }
    ]
