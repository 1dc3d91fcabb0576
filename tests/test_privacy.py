"""Data rights: export everything, erase everything personal (and prove it), human review of a score,
receipts, and the retention policy that anonymises unsuccessful candidates on a clock."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditActorKind, AuditEntry
from candidates.models import Application, ApplicationStatus, Candidate
from candidates.tasks import retention_sweep_all
from demo.content import DEMO_CANDIDATES, render_cv_pdf
from tests.conftest import PASSWORD, assert_envelope
from tests.factories import ApplicationFactory
from webhooks.models import Event

pytestmark = pytest.mark.django_db

MARA = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather")
MARKER = "ZEBRAFISH-7c1e-MARKER"
EMAIL = "mara.q@example.test"


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant, title="Backend Engineer")


def apply(job, email=EMAIL, text=MARA.cv_text):
    payload = {
        "file": SimpleUploadedFile("mara.pdf", render_cv_pdf(text)),
        "email": email,
        "fullName": "Mara Quillfeather",
        "phone": "+49 30 7654321",
        "consent": "true",
    }
    return APIClient().post(f"/api/v1/apply/{job.slug}", payload, format="multipart")


@pytest.fixture
def mara(anon, job, alice, django_capture_on_commit_callbacks):
    """Mara applied (her CV carries a marker), registered, verified; the employer worked on her record."""
    with django_capture_on_commit_callbacks(execute=True):
        application_id = apply(job, text=MARA.cv_text + f"\nAwards: {MARKER} hackathon winner").json()[
            "applicationId"
        ]
        session = anon.post(
            "/api/v1/candidates/register",
            {"email": EMAIL, "password": PASSWORD, "fullName": "Mara Quillfeather"},
        ).json()
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    assert anon.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session['accessToken']}")
    return client, application_id


def test_a_public_application_gets_a_receipt_and_an_employer_upload_does_not(
    alice, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(job)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "Backend Engineer" in mail.outbox[0].subject and "Acme" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {
                "file": SimpleUploadedFile("cv.pdf", render_cv_pdf(MARA.cv_text)),
                "email": "x@y.test",
                "fullName": "X",
            },
            format="multipart",
        )
    assert mail.outbox == []


def test_the_export_holds_the_profile_applications_parsed_cv_scores_and_history(mara, alice):
    client, application_id = mara
    alice.client.patch(
        f"/api/v1/applications/{application_id}/status", {"status": "SHORTLISTED", "reason": "strong Django"}
    )

    response = client.get("/api/v1/candidates/me/export")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    (application,) = data["applications"]
    assert application["id"] == application_id and application["company"] == "Acme"
    assert MARKER in application["parsedCv"]["text"]
    assert application["score"] is not None and application["explanation"]["summary"]
    assert [(h["from"], h["to"]) for h in application["statusHistory"]] == [("NEW", "SHORTLISTED")]
    assert data["employerRecords"][0]["phone"]


def _database_text() -> str:
    """Every row of every table, as text (a database dump that works on SQLite and PostgreSQL)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    chunks.append(str(value))
    return "\n".join(chunks).lower()


def _media_text() -> str:
    root = Path(settings.MEDIA_ROOT)
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return "\n".join(p.read_bytes().decode("latin-1") + p.name for p in files).lower()


def test_deleting_the_account_leaves_no_trace_of_the_person_anywhere(
    mara, alice, django_capture_on_commit_callbacks
):
    client, application_id = mara
    alice.client.patch(
        f"/api/v1/applications/{application_id}/status",
        {"status": "REJECTED", "reason": "Mara Quillfeather lacks Kubernetes"},
    )
    candidate_id = Application.objects.get(pk=application_id).candidate_id
    alice.client.post(
        "/api/v1/talent-pool", {"candidateId": str(candidate_id), "note": "Mara: call in spring"}
    )
    client.post(
        f"/api/v1/candidates/me/applications/{application_id}/review-request", {"message": "I know k8s"}
    )
    before = _database_text() + _media_text()
    assert EMAIL in before and MARKER.lower() in before and "quillfeather" in before  # the check can fail

    response = client.delete("/api/v1/candidates/me", {"password": PASSWORD})

    assert response.status_code == 200, response.content
    assert response.json() == {"erasedRecords": 1, "employersNotified": 1}
    after = _database_text() + _media_text()
    for trace in (EMAIL, "mara.q", MARKER.lower(), "quillfeather", "7654321"):
        assert trace not in after, trace
    # The employer keeps the statistics: the application, its stage and its score.
    application = Application.objects.get(pk=application_id)
    assert application.status == ApplicationStatus.REJECTED and application.score is not None
    assert application.candidate.full_name == "Erased candidate" and application.candidate.erased_at
    event = Event.objects.get(type="candidate.erased")
    assert event.tenant_id == alice.tenant.id and event.data["candidateIds"] == [str(candidate_id)]
    # The account is gone: its token no longer opens anything, its login fails.
    assert client.get("/api/v1/candidates/me").status_code == 401
    login = APIClient().post("/api/v1/candidates/login", {"email": EMAIL, "password": PASSWORD})
    assert_envelope(login, 401, "invalid_credentials")


def test_deleting_needs_the_password(mara):
    client, _ = mara
    body = assert_envelope(
        client.delete("/api/v1/candidates/me", {"password": "wrong"}), 400, "validation_error"
    )
    assert "password" in body["fields"]
    assert Candidate.objects.filter(email=EMAIL, erased_at__isnull=True).exists()


def test_a_human_review_request_reaches_the_employer_and_its_answer_the_candidate(mara, alice, bob):
    client, application_id = mara
    url = f"/api/v1/candidates/me/applications/{application_id}/review-request"

    created = client.post(url, {"message": "My Kubernetes work is in the projects section."})
    assert created.status_code == 201, created.content
    assert_envelope(client.post(url, {}), 409, "review_already_requested")

    listed = alice.client.get("/api/v1/review-requests?status=OPEN").json()
    assert [r["applicationId"] for r in listed["results"]] == [application_id]
    review_id = listed["results"][0]["id"]
    assert_envelope(bob.client.post(f"/api/v1/review-requests/{review_id}/resolve", {"resolution": "x"}), 404)
    resolved = alice.client.post(
        f"/api/v1/review-requests/{review_id}/resolve", {"resolution": "Read it: moved to interview."}
    )
    assert resolved.status_code == 200 and resolved.json()["resolvedBy"] == "alice@acme.test"
    assert_envelope(
        alice.client.post(f"/api/v1/review-requests/{review_id}/resolve", {"resolution": "again"}), 409
    )
    exported = json.loads(client.get("/api/v1/candidates/me/export").content)
    assert exported["applications"][0]["reviewRequests"][0]["resolution"] == "Read it: moved to interview."


def test_retention_is_a_tenant_setting(alice):
    assert alice.client.get("/api/v1/tenant/settings").json()["candidateRetentionMonths"] == 24
    changed = alice.client.patch("/api/v1/tenant/settings", {"candidateRetentionMonths": 6})
    assert changed.status_code == 200 and changed.json()["candidateRetentionMonths"] == 6
    assert_envelope(alice.client.patch("/api/v1/tenant/settings", {"candidateRetentionMonths": 0}), 400)


def test_retention_anonymises_unsuccessful_candidates_once_their_time_is_up(alice, job):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        rejected = ApplicationFactory(job=job, scored=True, status=ApplicationStatus.REJECTED)
        hired = ApplicationFactory(job=job, scored=True, status=ApplicationStatus.HIRED)
        pending = ApplicationFactory(job=job, scored=True)
    with time_machine.travel(start + timedelta(days=30 * 12), tick=False):
        # A year on, the pending candidate applies again elsewhere: that is activity.
        ApplicationFactory(job__tenant=alice.tenant, candidate=pending.candidate, scored=True)

    with time_machine.travel(start + timedelta(days=30 * 23), tick=False):
        assert retention_sweep_all() == 0  # 23 months: everyone is still within 24

    with time_machine.travel(start + timedelta(days=30 * 25), tick=False):
        assert retention_sweep_all() == 1

    erased = Candidate.objects.get(pk=rejected.candidate_id)
    assert erased.erased_at and erased.email == "" and erased.full_name == "Erased candidate"
    assert Candidate.objects.get(pk=hired.candidate_id).erased_at is None  # hired: an employee's record
    assert Candidate.objects.get(pk=pending.candidate_id).erased_at is None  # active 13 months ago
    assert Event.objects.get(type="candidate.erased").data["reason"] == "retention"

    with time_machine.travel(start + timedelta(days=30 * 38), tick=False):
        assert retention_sweep_all() == 1  # now the pending one's 24 months are up too
        assert retention_sweep_all() == 0  # and a second sweep finds nothing left


def test_retention_follows_each_tenants_own_period(alice, bob, job, job_factory):
    alice.tenant.candidate_retention_months = 3
    alice.tenant.save()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ApplicationFactory(job=job, status=ApplicationStatus.REJECTED)
        ApplicationFactory(job=job_factory(tenant=bob.tenant), status=ApplicationStatus.REJECTED)
    with time_machine.travel(start + timedelta(days=120), tick=False):
        assert retention_sweep_all() == 1
    assert Candidate.objects.filter(tenant=alice.tenant, erased_at__isnull=False).count() == 1
    assert Candidate.objects.filter(tenant=bob.tenant, erased_at__isnull=True).count() == 1


def test_an_erasure_is_audited_as_the_request_never_as_the_person(mara, alice):
    client, application_id = mara
    candidate_id = Application.objects.get(pk=application_id).candidate_id

    assert client.delete("/api/v1/candidates/me", {"password": PASSWORD}).status_code == 200

    [entry] = AuditEntry.objects.filter(tenant=alice.tenant, action="candidate.erased")
    assert entry.actor_kind == AuditActorKind.SYSTEM and entry.actor_user_id is None
    assert entry.actor_label == "system: candidate's erasure request"
    assert entry.target_type == "candidate" and entry.target_id == str(candidate_id)
    assert entry.details == {"candidateId": str(candidate_id), "reason": "candidate_request"}


def test_the_teams_notes_are_in_the_export_and_go_with_the_erasure(mara, alice):
    client, application_id = mara
    note = alice.client.post(
        f"/api/v1/applications/{application_id}/notes", {"body": f"{MARKER}: call her back"}, format="json"
    )
    assert note.status_code == 201
    exported = json.loads(client.get("/api/v1/candidates/me/export").content)
    assert exported["applications"][0]["teamNotes"] == [
        {"body": f"{MARKER}: call her back", "at": note.json()["createdAt"]}
    ]
    assert client.delete("/api/v1/candidates/me", {"password": PASSWORD}).status_code == 200
    assert alice.client.get(f"/api/v1/applications/{application_id}/notes").json() == []
