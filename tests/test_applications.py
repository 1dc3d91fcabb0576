"""One CV, end to end (tasks in-process): upload, judge by content, parse, score, explain, list, retry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidates.models import Application
from demo.content import DEMO_CANDIDATES, render_cv
from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db

STRONG_CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text
WEAK_CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Ambrose Kettleby").cv_text


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant)


def upload(
    persona, job, data: bytes, *, name="my cv", email="mara@example.test", full_name="Mara Q", capture=None
):
    payload = {"file": SimpleUploadedFile(name, data), "email": email, "fullName": full_name}
    if capture is None:
        return persona.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")
    with capture(execute=True):
        return persona.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")


@pytest.mark.parametrize("kind", ["pdf", "docx", "txt"])
def test_an_uploaded_cv_is_queued_then_scored_with_an_explanation(
    alice, job, kind, django_capture_on_commit_callbacks
):
    response = upload(
        alice,
        job,
        render_cv(STRONG_CV, kind),
        name=f"mara.{kind}",
        capture=django_capture_on_commit_callbacks,
    )

    assert response.status_code == 202, response.content
    assert response.json()["processingStatus"] == "QUEUED"
    detail = alice.client.get(f"/api/v1/applications/{response.json()['id']}").json()
    assert detail["processingStatus"] == "SCORED", detail
    assert 0 <= detail["score"] <= 100
    assert detail["engineVersion"] and detail["parserVersion"]
    assert detail["cvKind"] == kind
    met = {r["requirement"] for r in detail["explanation"]["requirements"] if r["verdict"] == "MET"}
    assert {"Python", "Django", "PostgreSQL"} <= met
    assert all(r["evidence"] for r in detail["explanation"]["requirements"] if r["verdict"] == "MET")
    assert detail["scoreBreakdown"]["requiredSkills"]["score"] == 1.0
    assert "python" in [s.lower() for s in detail["parsedProfile"]["skills"]]


def test_a_strong_cv_outscores_a_weak_one_and_the_list_sorts_by_score(
    alice, job, django_capture_on_commit_callbacks
):
    strong = upload(
        alice, job, render_cv(STRONG_CV, "pdf"), capture=django_capture_on_commit_callbacks
    ).json()
    weak = upload(
        alice,
        job,
        render_cv(WEAK_CV, "pdf"),
        email="ambrose@example.test",
        capture=django_capture_on_commit_callbacks,
    ).json()

    best_first = alice.client.get(f"/api/v1/jobs/{job.id}/applications?ordering=-score").json()["results"]
    oldest_first = alice.client.get(f"/api/v1/jobs/{job.id}/applications?ordering=createdAt").json()[
        "results"
    ]

    assert [a["id"] for a in best_first] == [strong["id"], weak["id"]]
    assert best_first[0]["score"] > best_first[1]["score"] + 20
    assert [a["id"] for a in oldest_first] == [strong["id"], weak["id"]]


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"MZ\x90\x00" + b"\x00" * 64, b"PK\x03\x04not really a docx"],
    ids=["png", "exe", "zip"],
)
def test_files_are_judged_by_content_not_by_name(alice, job, data):
    response = upload(alice, job, data, name="innocent.pdf")

    assert_envelope(response, 415, "unsupported_file_type")
    assert not Application.objects.exists()


@pytest.mark.parametrize("name", ["CV final", "Jane.Smith", "cv.PDF"])
def test_a_pdf_without_a_conflicting_extension_is_accepted(alice, job, name):
    response = upload(alice, job, render_cv(STRONG_CV, "pdf"), name=name)

    assert response.status_code == 202, response.content
    assert Application.objects.get().cv_kind == "pdf"


@pytest.mark.parametrize("name", ["cv.txt", "cv.docx", "cv.exe", "cv.html"])
def test_extension_and_content_must_agree(alice, job, name):
    response = upload(alice, job, render_cv(STRONG_CV, "pdf"), name=name)

    assert_envelope(response, 415, "extension_mismatch")
    assert not Application.objects.exists()


def test_a_cv_over_5_mb_is_413(alice, job):
    response = upload(alice, job, b"a" * (5 * 1024 * 1024 + 1), name="big.txt")

    assert_envelope(response, 413, "file_too_large")


def test_the_same_candidate_twice_is_409_naming_the_first_application(alice, job):
    first = upload(alice, job, render_cv(STRONG_CV, "txt"), name="a.txt", email="Mara@Example.test").json()

    second = upload(alice, job, render_cv(WEAK_CV, "pdf"), email="mara@example.TEST")

    body = assert_envelope(second, 409, "duplicate_application")
    assert body["details"]["existingApplicationId"] == first["id"]


def test_one_person_applying_to_two_jobs_is_one_candidate(alice, job, job_factory):
    other_job = job_factory(tenant=alice.tenant)

    first = upload(alice, job, render_cv(STRONG_CV, "txt"), name="a.txt").json()
    second = upload(alice, other_job, render_cv(STRONG_CV, "txt"), name="a.txt").json()

    assert first["candidateId"] == second["candidateId"]


def test_an_empty_file_is_400(alice, job):
    assert_envelope(upload(alice, job, b"  \n ", name="cv.txt"), 400, "empty_file")


def test_the_uploaders_filename_is_cleaned_and_never_used_for_storage(alice, job):
    evil = "../../etc/passwd\u202egpj.pdf"
    application_id = upload(alice, job, render_cv(STRONG_CV, "pdf"), name=evil).json()["id"]

    application = Application.objects.get(id=application_id)
    assert application.cv_filename == "passwdgpj.pdf"
    assert application.cv_file.name == f"cvs/{alice.tenant.id}/{application.id}.pdf"


def test_missing_fields_are_400_with_fields(alice, job):
    response = alice.client.post(f"/api/v1/jobs/{job.id}/applications", {"email": "x"}, format="multipart")

    body = assert_envelope(response, 400, "validation_error")
    assert {"file", "email", "fullName"} <= set(body["fields"])


def test_a_pdf_without_text_is_kept_failed_with_a_reason_and_can_be_retried(
    alice, job, django_capture_on_commit_callbacks
):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # a "scan": marks on the page, no text layer
    scanned = bytes(pdf.output())

    application_id = upload(alice, job, scanned, capture=django_capture_on_commit_callbacks).json()["id"]

    detail = alice.client.get(f"/api/v1/applications/{application_id}").json()
    assert detail["processingStatus"] == "FAILED"
    assert detail["failureReason"] and detail["failureCode"] == "no_text_layer"
    assert detail["score"] is None
    assert alice.client.get(f"/api/v1/applications/{application_id}/cv").status_code == 200  # nothing lost

    with django_capture_on_commit_callbacks(execute=True):
        retried = alice.client.post(f"/api/v1/applications/{application_id}/retry")
    assert retried.status_code == 202
    assert Application.objects.get(id=application_id).processing_attempts == 2


def test_only_failed_applications_can_be_retried(alice, job, django_capture_on_commit_callbacks):
    application_id = upload(
        alice, job, render_cv(STRONG_CV, "txt"), capture=django_capture_on_commit_callbacks
    ).json()["id"]

    assert_envelope(alice.client.post(f"/api/v1/applications/{application_id}/retry"), 409, "not_retryable")


def test_processing_is_idempotent_when_a_task_is_delivered_twice(
    alice, job, django_capture_on_commit_callbacks
):
    from candidates import tasks
    from scoring import tasks as scoring_tasks

    application_id = upload(
        alice, job, render_cv(STRONG_CV, "txt"), capture=django_capture_on_commit_callbacks
    ).json()["id"]
    before = Application.objects.get(id=application_id)

    tasks.application_parse.apply(args=[application_id])
    scoring_tasks.application_score.apply(args=[application_id])

    after = Application.objects.get(id=application_id)
    assert after.processing_attempts == before.processing_attempts == 1
    assert (after.score, after.explanation) == (before.score, before.explanation)


def test_the_original_cv_downloads_as_an_attachment(alice, job):
    data = render_cv(STRONG_CV, "docx")
    application_id = upload(alice, job, data, name="Mara CV.docx").json()["id"]

    response = alice.client.get(f"/api/v1/applications/{application_id}/cv")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert 'attachment; filename="Mara CV.docx"' in response["Content-Disposition"]


def test_an_api_key_can_upload_and_read(alice, job, django_capture_on_commit_callbacks):
    client = alice.api_key_client()
    payload = {"file": SimpleUploadedFile("cv.txt", STRONG_CV.encode()), "email": "k@x.test", "fullName": "K"}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")

    assert created.status_code == 202
    assert client.get(f"/api/v1/applications/{created.json()['id']}").json()["processingStatus"] == "SCORED"


def test_application_list_query_count_is_flat(alice, job, django_assert_max_num_queries):
    for index in range(5):
        upload(alice, job, render_cv(STRONG_CV, "txt"), email=f"c{index}@x.test")

    with django_assert_max_num_queries(5):
        response = alice.client.get(f"/api/v1/jobs/{job.id}/applications")
    assert response.json()["count"] == 5


def test_a_redelivered_parse_resumes_the_step_it_had_claimed(alice, job):
    from candidates import pipeline

    application_id = upload(alice, job, render_cv(STRONG_CV, "txt")).json()["id"]
    # Claimed by a worker that died here (a claim always stamps its time; a claim without one is a claim
    # the stall sweep released, which anyone may take)
    Application.objects.filter(id=application_id).update(
        processing_status="PARSING", processing_started_at=timezone.now()
    )

    pipeline.application_parse(application_id=application_id)  # a fresh delivery elsewhere: hands off
    assert Application.objects.get(id=application_id).processing_status == "PARSING"

    pipeline.application_parse(application_id=application_id, resume=True)  # the redelivered message
    assert Application.objects.get(id=application_id).processing_status == "SCORING"
