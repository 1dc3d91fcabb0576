"""Real-world CVs never fail for an internal reason, and those that did can be re-run in bulk.

End to end with tasks in-process: the CV that used to fail (an Indian employer's legal form with a
national phone number) is scored; a reader that fails costs only its own field and leaves a warning
on the application; applications failed by a bug are re-run by ``manage.py reprocess --failed-internal``
or the admin action, through the API's retry service, once however often they are run.
A database that stops answering while a CV is scored is not such a failure: the task retries it.
The engine is made to fail by patching our own pure functions, the database by a query wrapper that
raises what a restarted server's lost connection raises; the database and tasks are real.
"""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.urls import reverse

from billing.models import UsageEvent, UsageMetric
from candidates import tasks
from candidates.models import Application, ProcessingStatus
from scoring import engine
from scoring import tasks as scoring_tasks
from tests.conftest import queued

pytestmark = pytest.mark.django_db

TATA_CV = b"""Ravi Kumar
Phone: 98765 43210
ravi.kumar@example.com

Experience
Software Developer, Tata Consultancy Pvt Ltd. - Jan 2019 - Present
- Built Python and Django services for banking clients.
Developer, Example Systems Pvt. Ltd - 06/2016 - 12/2018

Education
B.Tech Computer Science, Example Institute of Technology, 2016

Skills
Python, Django, PostgreSQL, Docker
"""


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant)


def upload(persona, job, capture, *, data: bytes = TATA_CV, email: str = "ravi@example.test") -> str:
    payload = {"file": SimpleUploadedFile("cv.txt", data), "email": email, "fullName": "Ravi Kumar"}
    with capture(execute=True):
        response = persona.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")
    assert response.status_code == 202, response.content
    return response.json()["id"]


def _boom(*args, **kwargs):
    raise KeyError("a bug")


def test_the_cv_that_failed_with_an_internal_error_is_scored(alice, job, django_capture_on_commit_callbacks):
    application_id = upload(alice, job, django_capture_on_commit_callbacks)

    detail = alice.client.get(f"/api/v1/applications/{application_id}").json()
    assert detail["processingStatus"] == "SCORED", detail
    assert detail["parsedProfile"]["phones"] == ["+919876543210"]
    assert detail["warnings"] == []


def test_a_failing_reader_leaves_a_warning_and_the_cv_is_still_scored(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    # Given the phone reader has a bug
    monkeypatch.setattr("scoring.engine._cv.find_phones", _boom)
    # When the CV is processed
    application_id = upload(alice, job, django_capture_on_commit_callbacks)
    # Then it is scored, the warning is on the application, and only the phones are missing
    detail = alice.client.get(f"/api/v1/applications/{application_id}").json()
    assert detail["processingStatus"] == "SCORED" and detail["score"] is not None, detail
    assert detail["warnings"] == [{"code": "phones_failed", "message": "Phone numbers could not be read."}]
    profile = detail["parsedProfile"]
    assert profile["phones"] == []
    assert profile["emails"] == ["ravi.kumar@example.com"]
    assert [e["employer"] for e in profile["experiences"]] == [
        "Tata Consultancy Pvt Ltd.",
        "Example Systems Pvt. Ltd",
    ]
    assert {"Python", "Django"} <= set(profile["skills"])
    assert Application.objects.get(id=application_id).parsed_profile["warnings"][0]["code"] == "phones_failed"


def _failed_by_a_bug(persona, job, capture, monkeypatch, *, email: str, step: str = "parse") -> str:
    """An application that ended FAILED because the engine raised (parser_error / scoring_error)."""
    with monkeypatch.context() as patched:
        patched.setattr(engine, "parse_cv" if step == "parse" else "score_cv", _boom)
        application_id = upload(persona, job, capture, email=email)
    application = Application.objects.get(id=application_id)
    assert application.processing_status == ProcessingStatus.FAILED
    assert application.failure_code == ("parser_error" if step == "parse" else "scoring_error")
    return application_id


def test_the_database_lost_while_scoring_is_retried_not_failed_as_a_scoring_error(
    alice, job, django_capture_on_commit_callbacks
):
    # Given the database drops the connection when the score step writes the CV's analysis (as during a
    # PostgreSQL restart, tests/test_fault_postgres.py), while the write that marks it FAILED would pass
    def restarted(execute, sql, params, many, context):
        if "scoring_cvanalysis" in sql:
            raise OperationalError("terminating connection due to administrator command")
        return execute(sql, params, many, context)

    # When a CV is uploaded and processed (the score task retrying in-process until it gives up)
    with connection.execute_wrapper(restarted):
        application_id = upload(alice, job, django_capture_on_commit_callbacks)
    # Then it waits in SCORING for a retry or the stall sweep, not FAILED with scoring_error
    application = Application.objects.get(id=application_id)
    assert (application.processing_status, application.failure_code) == (ProcessingStatus.SCORING, "")
    # And once the database answers, the next delivery scores it
    scoring_tasks.application_score.delay(str(application_id))
    assert Application.objects.get(id=application_id).processing_status == ProcessingStatus.SCORED


def _usage(tenant) -> list[tuple]:
    return sorted(UsageEvent.objects.filter(tenant=tenant).values_list("metric", "source_id"))


def test_reprocess_re_runs_internal_failures_once(
    alice, bob, job, job_factory, monkeypatch, django_capture_on_commit_callbacks
):
    # Given two applications failed by bugs, one by an unreadable file, and one of another tenant
    parse_failed = _failed_by_a_bug(
        alice, job, django_capture_on_commit_callbacks, monkeypatch, email="a@x.test"
    )
    score_failed = _failed_by_a_bug(
        alice, job, django_capture_on_commit_callbacks, monkeypatch, email="b@x.test", step="score"
    )
    unreadable = upload(
        alice, job, django_capture_on_commit_callbacks, data=b"Ravi Kumar\nDeveloper", email="c@x.test"
    )
    assert Application.objects.get(id=unreadable).processing_status == ProcessingStatus.FAILED
    bobs = _failed_by_a_bug(
        bob, job_factory(tenant=bob.tenant), django_capture_on_commit_callbacks, monkeypatch, email="d@x.test"
    )
    usage_before = _usage(alice.tenant)

    # When the fix is deployed and alice's tenant is reprocessed (a dry run first)
    out = StringIO()
    call_command("reprocess", "--failed-internal", "--tenant", alice.tenant.slug, "--dry-run", stdout=out)
    assert (
        "2 application(s) of tenant" in out.getvalue()
        and "parser_error: 1, scoring_error: 1" in out.getvalue()
    )
    assert Application.objects.get(id=parse_failed).processing_status == ProcessingStatus.FAILED
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("reprocess", "--failed-internal", "--tenant", str(alice.tenant.id), stdout=out)
    assert len(callbacks) >= 2
    assert "Queued 2; skipped 0" in out.getvalue()

    # Then both are scored, the unreadable file and bob's application are untouched
    for application_id in (parse_failed, score_failed):
        application = Application.objects.get(id=application_id)
        assert application.processing_status == ProcessingStatus.SCORED, application.failure_reason
        assert application.failure_code == "" and application.score is not None
    assert Application.objects.get(id=unreadable).failure_code == "too_little_text"
    assert Application.objects.get(id=bobs).processing_status == ProcessingStatus.FAILED

    # And a second run finds nothing; uploads are not counted again and each score is charged once
    again = StringIO()
    call_command("reprocess", "--failed-internal", "--tenant", alice.tenant.slug, stdout=again)
    assert again.getvalue().startswith("0 application(s)")
    assert "Queued 0; skipped 0" in again.getvalue()
    usage = _usage(alice.tenant)
    assert [e for e in usage if e[0] == UsageMetric.CV_UPLOAD] == [
        e for e in usage_before if e[0] == UsageMetric.CV_UPLOAD
    ]
    assert sorted(s for m, s in usage if m == UsageMetric.ASSESS) == sorted([parse_failed, score_failed])


def test_reprocess_queues_each_application_once_and_skips_those_already_queued(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    first = _failed_by_a_bug(alice, job, django_capture_on_commit_callbacks, monkeypatch, email="a@x.test")
    second = _failed_by_a_bug(alice, job, django_capture_on_commit_callbacks, monkeypatch, email="b@x.test")
    # The second was re-queued by someone else meanwhile (an API retry), not yet picked up by a worker.
    Application.objects.filter(id=second).update(processing_status=ProcessingStatus.QUEUED)

    # Two runs before any worker picks the work up: the parse is enqueued once, for the first only
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("reprocess", "--failed-internal", stdout=StringIO())
        call_command("reprocess", "--failed-internal", stdout=StringIO())
    assert queued(callbacks, tasks.application_parse) == [(tasks.application_parse, (str(first),))]
    assert Application.objects.get(id=first).processing_status == ProcessingStatus.QUEUED


def test_reprocess_needs_a_selection_and_a_known_tenant(db):
    with pytest.raises(CommandError, match="--failed-internal"):
        call_command("reprocess", stdout=StringIO())
    with pytest.raises(CommandError, match="No tenant"):
        call_command("reprocess", "--failed-internal", "--tenant", "nobody", stdout=StringIO())


@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="ops@hiresscope.test", password="x" * 12)
    client.force_login(user)
    return client


def test_admin_action_re_runs_failed_applications_once(
    operator, alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    # Given one application failed by a bug and one scored
    failed = _failed_by_a_bug(alice, job, django_capture_on_commit_callbacks, monkeypatch, email="a@x.test")
    scored = upload(alice, job, django_capture_on_commit_callbacks, email="b@x.test")
    changelist = reverse("admin:candidates_application_changelist")
    selection = {"action": "retry_failed", "_selected_action": [failed, scored]}

    # When an operator runs the action on both
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(changelist, selection, follow=True)
    # Then the failed one is scored, the scored one skipped
    assert "Queued 1 failed application(s) again; skipped 1" in response.content.decode()
    assert Application.objects.get(id=failed).processing_status == ProcessingStatus.SCORED
    attempts = {a.id: a.processing_attempts for a in Application.objects.filter(id__in=[failed, scored])}

    # And running it again queues nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = operator.post(changelist, selection, follow=True)
    assert "Queued 0 failed application(s) again; skipped 2" in response.content.decode()
    assert callbacks == []
    assert {
        a.id: a.processing_attempts for a in Application.objects.filter(id__in=[failed, scored])
    } == attempts


def test_api_retry_twice_queues_once(alice, job, monkeypatch, django_capture_on_commit_callbacks):
    failed = _failed_by_a_bug(alice, job, django_capture_on_commit_callbacks, monkeypatch, email="a@x.test")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = alice.client.post(f"/api/v1/applications/{failed}/retry")
        second = alice.client.post(f"/api/v1/applications/{failed}/retry")
    assert first.status_code == 202 and second.status_code == 409
    assert queued(callbacks, tasks.application_parse) == [(tasks.application_parse, (str(failed),))]
