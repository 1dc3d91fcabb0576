"""Bulk upload, the public apply link and Idempotency-Key (tasks in-process)."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Application, ApplicationSource, Candidate, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv
from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db

CVS = {person.email: person for person in DEMO_CANDIDATES}
MARA = CVS["mara.quillfeather@example.com"]
INES = CVS["ines.ol@example.com"]


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant)


def cv_file(person, kind=None, name=None):
    kind = kind or person.kind
    return SimpleUploadedFile(name or f"{person.full_name}.{kind}", render_cv(person.cv_text, kind))


def bulk(client, job, files, contacts=None, **headers):
    payload = {"files": files}
    if contacts is not None:
        payload["candidates"] = json.dumps(contacts)
    return client.post(f"/api/v1/jobs/{job.id}/applications/bulk", payload, format="multipart", **headers)


def test_bulk_reports_every_file_and_bad_files_do_not_sink_the_others(
    alice, job, django_capture_on_commit_callbacks
):
    files = [
        cv_file(MARA),
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        cv_file(INES),
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("wrong.docx", render_cv(MARA.cv_text, "pdf")),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(alice.client, job, files)

    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (2, 3)
    outcomes = body["results"]
    assert [o["index"] for o in outcomes] == [0, 1, 2, 3, 4]
    assert [o["statusCode"] for o in outcomes] == [202, 415, 202, 400, 415]
    assert [o["code"] for o in outcomes][1:] == [
        "unsupported_file_type",
        "queued",
        "empty_file",
        "extension_mismatch",
    ]
    scored = Application.objects.filter(processing_status=ProcessingStatus.SCORED)
    assert scored.count() == 2
    # Without contact details, the candidate comes from the parsed CV.
    assert set(scored.values_list("candidate__email", flat=True)) == {MARA.email, INES.email}
    assert set(scored.values_list("source", flat=True)) == {ApplicationSource.BULK}


def test_bulk_whose_every_file_is_refused_is_a_400_with_each_files_reason(alice, job, settings):
    files = [
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        SimpleUploadedFile("empty.txt", b""),
    ]

    body = assert_envelope(bulk(alice.client, job, files), 400, "no_file_accepted")

    outcomes = body["details"]["results"]
    assert [(o["index"], o["statusCode"], o["code"]) for o in outcomes] == [
        (0, 415, "unsupported_file_type"),
        (1, 400, "empty_file"),
    ]
    assert all(o["message"] and not o["accepted"] for o in outcomes)
    assert not Application.objects.exists()


def test_bulk_uses_contact_details_when_given(alice, job):
    contacts = [{"email": "jane@example.test", "fullName": "Jane Given"}]

    response = bulk(alice.client, job, [cv_file(MARA)], contacts=contacts)

    assert response.json()["accepted"] == 1
    assert Candidate.objects.get().email == "jane@example.test"


def test_bulk_of_51_files_is_400_before_anything_is_stored(alice, job, settings):
    files = [SimpleUploadedFile(f"cv{i}.txt", f"CV number {i} ".encode() * 20) for i in range(51)]

    body = assert_envelope(bulk(alice.client, job, files), 400, "validation_error")

    assert "files" in body["fields"]
    assert not Application.objects.exists()
    assert not (settings.MEDIA_ROOT / "cvs").exists()


def test_bulk_flags_the_same_file_twice_as_a_duplicate(alice, job):
    response = bulk(alice.client, job, [cv_file(MARA), cv_file(MARA)])

    first, second = response.json()["results"]
    assert first["accepted"] and not second["accepted"]
    assert second["code"] == "duplicate_application" and second["applicationId"] == first["applicationId"]


def test_bulk_duplicate_person_found_at_parse_time_fails_with_a_reason(
    alice, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bulk(alice.client, job, [cv_file(MARA, "pdf")])
        bulk(alice.client, job, [cv_file(MARA, "docx")])  # same person, different file

    second = Application.objects.get(cv_kind="docx")
    assert second.processing_status == ProcessingStatus.FAILED
    assert second.failure_code == "duplicate_application" and "already applied" in second.failure_reason


def test_bulk_contacts_must_be_a_json_list(alice, job):
    response = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications/bulk",
        {"files": [cv_file(MARA)], "candidates": "{not json"},
        format="multipart",
    )

    assert "candidates" in assert_envelope(response, 400)["fields"]


def apply(client, job, person=MARA, **overrides):
    payload = {
        "file": cv_file(person),
        "email": person.email,
        "fullName": person.full_name,
        "consent": "true",
        **overrides,
    }
    return client.post(f"/api/v1/apply/{job.slug}", payload, format="multipart")


def test_public_apply_creates_a_consented_application_without_auth(
    anon, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(
            anon, job, phone="+49 30 5550 1234", linkedinUrl="https://www.linkedin.com/in/mara-demo"
        )

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"applicationId", "jobTitle", "company", "receivedAt", "message"}
    application = Application.objects.get(id=body["applicationId"])
    assert application.source == ApplicationSource.PUBLIC_LINK and application.consent_at is not None
    assert application.processing_status == ProcessingStatus.SCORED
    assert application.candidate.linkedin_url == "https://www.linkedin.com/in/mara-demo"


def test_public_apply_needs_consent(anon, job):
    body = assert_envelope(apply(anon, job, consent="false"), 400, "validation_error")

    assert "consent" in body["fields"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("change", [{"status": "DRAFT"}, {"status": "CLOSED"}, {"is_public": False}])
def test_public_apply_to_a_job_that_is_not_open_is_404(anon, job, change):
    for field, value in change.items():
        setattr(job, field, value)
    job.save()

    assert_envelope(apply(anon, job), 404, "not_found")


def test_public_apply_twice_is_409_telling_nothing_about_the_first(anon, job):
    first = apply(anon, job).json()

    response = apply(anon, job)

    body = assert_envelope(response, 409, "duplicate_application")
    assert "details" not in body
    assert first["applicationId"] not in response.content.decode()
    assert "mara" not in body["message"].lower() and "@" not in body["message"]


def test_public_apply_is_throttled_per_client(anon, job_factory, alice):
    jobs = [job_factory(tenant=alice.tenant) for _ in range(21)]

    responses = [apply(anon, job, email=f"p{index}@example.test") for index, job in enumerate(jobs)]

    assert all(r.status_code == 201 for r in responses[:20])
    assert_envelope(responses[20], 429, "throttled")
    assert int(responses[20]["Retry-After"]) > 0


def test_public_apply_is_throttled_per_link_whatever_the_client(job, settings):
    from rest_framework.test import APIClient

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "apply_link": "3/hour"}
    # NUM_PROXIES=1 makes each client below a different IP (X-Forwarded-For), so only the link limit applies.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates, "NUM_PROXIES": 1}
    statuses = []
    for index in range(4):
        client = APIClient(HTTP_X_FORWARDED_FOR=f"10.0.0.{index + 1}")
        payload = {
            "file": SimpleUploadedFile("cv.txt", f"{MARA.cv_text}\n{index}".encode()),
            "email": f"p{index}@example.test",
            "fullName": "P",
            "consent": "true",
        }
        statuses.append(client.post(f"/api/v1/apply/{job.slug}", payload, format="multipart").status_code)

    assert statuses == [201, 201, 201, 429]


def test_idempotency_key_replays_the_first_answer(alice, job):
    headers = {"HTTP_IDEMPOTENCY_KEY": "upload-7f3a"}
    payload = lambda: {"file": cv_file(MARA), "email": MARA.email, "fullName": MARA.full_name}  # noqa: E731

    first = alice.client.post(f"/api/v1/jobs/{job.id}/applications", payload(), format="multipart", **headers)
    retry = alice.client.post(f"/api/v1/jobs/{job.id}/applications", payload(), format="multipart", **headers)

    assert first.status_code == retry.status_code == 202
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_idempotency_key_reused_for_another_request_is_422(alice, job):
    headers = {"HTTP_IDEMPOTENCY_KEY": "upload-1"}
    alice.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {"file": cv_file(MARA), "email": MARA.email, "fullName": MARA.full_name},
        format="multipart",
        **headers,
    )

    other = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {"file": cv_file(INES), "email": INES.email, "fullName": INES.full_name},
        format="multipart",
        **headers,
    )

    assert_envelope(other, 422, "idempotency_key_reused")
    assert Application.objects.count() == 1


def test_idempotency_keys_are_scoped_per_tenant(alice, bob, job, job_factory):
    bobs_job = job_factory(tenant=bob.tenant)
    headers = {"HTTP_IDEMPOTENCY_KEY": "same-key"}
    payload = {"file": cv_file(MARA), "email": MARA.email, "fullName": MARA.full_name}

    alice.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart", **headers)
    payload["file"] = cv_file(MARA)
    response = bob.client.post(
        f"/api/v1/jobs/{bobs_job.id}/applications", payload, format="multipart", **headers
    )

    assert response.status_code == 202 and "Idempotent-Replayed" not in response
    assert Application.objects.count() == 2


def test_an_error_is_not_remembered_so_the_corrected_request_can_reuse_the_key(alice, job):
    headers = {"HTTP_IDEMPOTENCY_KEY": "k-1"}
    bad = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {"file": cv_file(MARA), "email": "not-an-email", "fullName": "M"},
        format="multipart",
        **headers,
    )
    assert bad.status_code == 400

    good = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {"file": cv_file(MARA), "email": MARA.email, "fullName": "M"},
        format="multipart",
        **headers,
    )
    assert good.status_code == 202


def test_bulk_with_idempotency_key_is_not_applied_twice(alice, job):
    headers = {"HTTP_IDEMPOTENCY_KEY": "bulk-1"}

    first = bulk(alice.client, job, [cv_file(MARA), cv_file(INES)], **headers)
    again = bulk(alice.client, job, [cv_file(MARA), cv_file(INES)], **headers)

    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 2


def test_detail_shows_the_structured_profile(alice, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": cv_file(MARA), "email": MARA.email, "fullName": MARA.full_name},
            format="multipart",
        ).json()

    detail = alice.client.get(f"/api/v1/applications/{created['id']}").json()

    profile = detail["parsedProfile"]
    assert MARA.email in profile["emails"]
    assert {"experience", "education", "skills"} <= set(profile["sections"])
    assert profile["yearsExperience"] and profile["yearsExperience"] >= 6
    assert profile["educationLevel"] == "BACHELOR"
    assert {"language": "English"}.items() <= next(
        lang for lang in profile["languages"] if lang["language"] == "English"
    ).items()
    assert detail["parsedAt"] and detail["source"] == "UPLOAD"


def test_a_retry_while_the_first_request_is_still_running_is_409(alice, job):
    from candidates.models import IdempotencyRecord

    payload = {"file": cv_file(MARA), "email": MARA.email, "fullName": MARA.full_name}
    first = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications", payload, format="multipart", HTTP_IDEMPOTENCY_KEY="slow-1"
    )
    # Make the stored answer look unfinished, as it is while the first request is being processed.
    IdempotencyRecord.objects.filter(key="slow-1").update(response_status=None, response_body=None)

    payload["file"] = cv_file(MARA)
    retry = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications", payload, format="multipart", HTTP_IDEMPOTENCY_KEY="slow-1"
    )

    assert first.status_code == 202
    assert_envelope(retry, 409, "idempotency_in_progress")


def test_a_bulk_cv_without_any_email_still_lands_in_the_default_source(
    alice, job, django_capture_on_commit_callbacks
):
    from candidates.models import Candidate

    text = MARA.cv_text.replace(MARA.email, "")
    with django_capture_on_commit_callbacks(execute=True):
        response = bulk(alice.client, job, [SimpleUploadedFile("no-email.txt", render_cv(text, "txt"))])
    assert response.status_code == 202, response.content
    candidate = Candidate.objects.get()
    assert candidate.email == "" and candidate.source_id.startswith("src_")


# --- legacy Word (.doc): read by antiword in the worker (library tests: tests/scoring/test_parsing_doc.py)

DOC_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "doc"
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")


def upload_one(client, job, name, data, capture):
    payload = {
        "file": SimpleUploadedFile(name, data),
        "email": "jane@example.test",
        "fullName": "Jane Example",
    }
    with capture(execute=True):
        return client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")


@needs_antiword
def test_a_doc_cv_is_accepted_parsed_and_scored(alice, job, django_capture_on_commit_callbacks):
    data = (DOC_FIXTURES / "cv.doc").read_bytes()

    response = upload_one(alice.client, job, "Jane Example.doc", data, django_capture_on_commit_callbacks)

    assert response.status_code == 202, response.content
    detail = alice.client.get(f"/api/v1/applications/{response.json()['id']}").json()
    assert (detail["processingStatus"], detail["cvKind"]) == ("SCORED", "doc"), detail
    assert 0 <= detail["score"] <= 100
    met = {r["requirement"] for r in detail["explanation"]["requirements"] if r["verdict"] == "MET"}
    assert {"Python", "Django", "PostgreSQL"} <= met


@needs_antiword
def test_hidden_text_in_a_doc_is_flagged_and_not_scored(alice, job, django_capture_on_commit_callbacks):
    data = (DOC_FIXTURES / "cv-hidden-text.doc").read_bytes()

    response = upload_one(alice.client, job, "cv.doc", data, django_capture_on_commit_callbacks)

    application = Application.objects.get(pk=response.json()["id"])
    assert application.processing_status == ProcessingStatus.SCORED
    assert "kubernetes" not in [skill.lower() for skill in application.parsed_profile["skills"]]
    flags = [f for f in application.flags if f.get("source") == "parsing"]
    assert [f["code"] for f in flags] == ["hidden_text"]
    assert "Kubernetes" in flags[0]["excerpt"]


@needs_antiword
@pytest.mark.parametrize(
    ("fixture", "code"), [("not-word.xls", "unsupported_file_type"), ("cv-truncated", "corrupt_file")]
)
def test_an_ole2_file_that_cannot_be_read_fails_with_a_reason(
    alice, job, fixture, code, django_capture_on_commit_callbacks
):
    if fixture == "cv-truncated":
        data = (DOC_FIXTURES / "cv.doc").read_bytes()[:10_000]
    else:
        data = (DOC_FIXTURES / fixture).read_bytes()

    response = upload_one(alice.client, job, "cv.doc", data, django_capture_on_commit_callbacks)

    assert response.status_code == 202, response.content
    detail = alice.client.get(f"/api/v1/applications/{response.json()['id']}").json()
    assert (detail["processingStatus"], detail["failureCode"]) == ("FAILED", code), detail
    assert "DOCX" in detail["failureReason"]


def test_a_doc_named_as_another_type_is_415(alice, job):
    data = (DOC_FIXTURES / "cv.doc").read_bytes()
    payload = {"file": SimpleUploadedFile("cv.pdf", data), "email": "jane@example.test", "fullName": "Jane"}

    response = alice.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")

    body = assert_envelope(response, 415, "extension_mismatch")
    assert "DOC" in body["message"]


def test_an_unknown_type_names_doc_among_the_accepted_ones(alice, job):
    payload = {
        "file": SimpleUploadedFile("cv.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        "email": "jane@example.test",
        "fullName": "Jane",
    }

    response = alice.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")

    body = assert_envelope(response, 415, "unsupported_file_type")
    assert "PDF, DOCX, DOC or plain text" in body["message"]


@needs_antiword
def test_without_antiword_a_doc_fails_retryably_and_a_retry_scores_it(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    from scoring.parsing import _doc

    data = (DOC_FIXTURES / "cv.doc").read_bytes()
    monkeypatch.setattr(_doc, "ANTIWORD", "antiword-not-installed-here")
    response = upload_one(alice.client, job, "cv.doc", data, django_capture_on_commit_callbacks)
    application_id = response.json()["id"]
    failed = alice.client.get(f"/api/v1/applications/{application_id}").json()

    monkeypatch.undo()  # the server's administrator installs antiword
    with django_capture_on_commit_callbacks(execute=True):
        retried = alice.client.post(f"/api/v1/applications/{application_id}/retry")
    detail = alice.client.get(f"/api/v1/applications/{application_id}").json()

    assert (response.status_code, failed["processingStatus"]) == (202, "FAILED")
    assert failed["failureCode"] == "doc_reader_missing"
    assert "cannot be read on this server" in failed["failureReason"]
    assert retried.status_code == 202, retried.content
    assert detail["processingStatus"] == "SCORED"
