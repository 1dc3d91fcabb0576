"""Real ``celery worker`` processes turn uploads into scored (or clearly failed) applications via PostgreSQL
and Redis: one PDF, a 50-file bulk upload with bad files in it, and a corpus of hostile files."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from candidates.models import Application, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv, render_cv_pdf
from scoring.parsing.hostile import hostile_corpus
from tests.conftest import assert_envelope, wait_until_processed

CV_TEXT = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_scores_an_uploaded_pdf(alice, job_factory, worker):
    process, log_path = worker
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    job = job_factory(tenant=alice.tenant)

    response = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {
            "file": SimpleUploadedFile("mara.pdf", render_cv_pdf(CV_TEXT)),
            "email": "mara@x.test",
            "fullName": "Mara",
        },
        format="multipart",
    )
    assert response.status_code == 202
    application_id = response.json()["id"]
    wait_until_processed([application_id], process=process, log_path=log_path, timeout=90)

    application = Application.objects.get(id=application_id)
    assert application.processing_status == ProcessingStatus.SCORED, application.failure_reason
    assert 0 <= application.score <= 100 and application.score_breakdown and application.explanation
    assert alice.client.get(f"/api/v1/applications/{application_id}").json()["score"] == application.score
    log = log_path.read_text()
    assert "application_parse" in log and "application_score" in log  # it really went through the worker


def _numbered_cv(index: int) -> str:
    """A distinct fictional CV per index (own email and file bytes), built from the demo texts."""
    person = DEMO_CANDIDATES[index % len(DEMO_CANDIDATES)]
    return (
        person.cv_text.replace(person.email, f"applicant{index}@example.test")
        + f"\nReference number {index}\n"
    )


def test_a_50_file_bulk_upload_with_3_bad_files_scores_47_and_reports_3(alice, job_factory, worker):
    process, log_path = worker
    job = job_factory(tenant=alice.tenant)
    kinds = ["pdf", "docx", "txt"]
    files = [
        SimpleUploadedFile(f"applicant{i}.{kinds[i % 3]}", render_cv(_numbered_cv(i), kinds[i % 3]))
        for i in range(47)
    ]
    files[5:5] = [SimpleUploadedFile("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)]
    files[20:20] = [SimpleUploadedFile("blank.txt", b"")]
    files[40:40] = [SimpleUploadedFile("huge.txt", b"a" * (5 * 1024 * 1024 + 10))]

    response = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications/bulk", {"files": files}, format="multipart"
    )

    assert response.status_code == 202, response.content[:500]
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (47, 3)
    rejected = {o["filename"]: (o["statusCode"], o["code"]) for o in body["results"] if not o["accepted"]}
    assert rejected == {
        "photo.pdf": (415, "unsupported_file_type"),
        "blank.txt": (400, "empty_file"),
        "huge.txt": (413, "file_too_large"),
    }
    accepted_ids = [o["applicationId"] for o in body["results"] if o["accepted"]]
    wait_until_processed(accepted_ids, process=process, log_path=log_path, timeout=180)
    statuses = Application.objects.filter(job=job).values_list("processing_status", flat=True)
    assert list(statuses).count(ProcessingStatus.SCORED) == 47
    assert Application.objects.filter(job=job).count() == 47


def test_hostile_files_are_rejected_or_fail_with_a_reason_and_the_worker_survives(alice, job_factory, worker):
    process, log_path = worker
    job = job_factory(tenant=alice.tenant)
    queued = {}
    for index, item in enumerate(hostile_corpus()):
        response = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {
                "file": SimpleUploadedFile(item.filename, item.data),
                "email": f"h{index}@x.test",
                "fullName": "H",
            },
            format="multipart",
        )
        assert response.status_code < 500, (item.name, response.content[:300])
        if response.status_code == 202:
            queued[response.json()["id"]] = item
        else:
            assert item.expect == "reject", (item.name, response.status_code, response.content[:300])
            assert_envelope(response, response.status_code)
            assert response.status_code in (400, 413, 415), item.name

    wait_until_processed(list(queued), process=process, log_path=log_path, timeout=240)
    for application in Application.objects.filter(id__in=list(queued)):
        item = queued[str(application.id)]
        if item.expect == "fail":
            assert application.processing_status == ProcessingStatus.FAILED, item.name
            assert application.failure_reason, item.name
        else:
            assert item.expect == "accept-sanitised", item.name
            assert "/" not in application.cv_filename and "\u202e" not in application.cv_filename
    # Every stored file sits where storage puts it: cvs/<tenant>/<application uuid>.<kind>, nothing else.
    stored = sorted(
        str(path.relative_to(settings.MEDIA_ROOT))
        for path in settings.MEDIA_ROOT.rglob("*")
        if path.is_file()
    )
    assert stored == sorted(Application.objects.values_list("cv_file", flat=True))
    # And the worker still serves: a normal CV after the hostile ones is scored.
    response = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {
            "file": SimpleUploadedFile("ok.txt", CV_TEXT.encode()),
            "email": "after@x.test",
            "fullName": "After",
        },
        format="multipart",
    )
    wait_until_processed([response.json()["id"]], process=process, log_path=log_path, timeout=60)
    assert Application.objects.get(id=response.json()["id"]).processing_status == ProcessingStatus.SCORED


def test_a_rubric_override_is_rescored_by_a_real_worker(alice, job_factory, worker):
    import time

    from scoring.models import RescoreRun, RescoreStatus

    process, log_path = worker
    job = job_factory(tenant=alice.tenant)
    ids = []
    for i in range(3):
        response = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile(f"cv{i}.txt", render_cv(_numbered_cv(i), "txt")), "email": f"a{i}@x.test",
             "fullName": "A"},
            format="multipart",
        )  # fmt: skip
        ids.append(response.json()["id"])
    wait_until_processed(ids, process=process, log_path=log_path, timeout=120)

    rubric = alice.client.get(f"/api/v1/jobs/{job.id}/rubric").json()
    edited = [
        *rubric["requirements"],
        {"kind": "MUST_HAVE", "category": "SKILL", "name": "COBOL", "knockout": True},
    ]
    response = alice.client.put(f"/api/v1/jobs/{job.id}/rubric", {"requirements": edited}, format="json")
    run_id = response.json()["latestRescore"]["id"]
    deadline = time.monotonic() + 90
    while RescoreRun.objects.get(id=run_id).status != RescoreStatus.DONE:
        assert time.monotonic() < deadline, log_path.read_text()[-3000:]
        time.sleep(0.25)
    run = alice.client.get(f"/api/v1/rescore-runs/{run_id}").json()
    assert (run["processed"], run["changed"], run["progress"]) == (3, 3, 1.0)
    assert {a.rubric_version for a in Application.objects.filter(id__in=ids)} == {response.json()["version"]}
    assert all(a.score <= 35 for a in Application.objects.filter(id__in=ids))
    assert "rescore_batch" in log_path.read_text()
