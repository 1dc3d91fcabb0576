"""Moving applications between pipeline stages: the stage table, the history (who, when, why),
idempotency, tenancy, API keys, the row lock, and that nothing automated ever moves anyone."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from accounts.actors import Actor
from candidates.models import Application, ApplicationStatus, ApplicationStatusChange
from candidates.services.status import application_status_change
from candidates.stages import TRANSITIONS
from demo.content import DEMO_CANDIDATES, render_cv
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def application(alice, job_factory):
    return ApplicationFactory(job=job_factory(tenant=alice.tenant), scored=True)


def move(client, application, status, reason=None):
    body = {"status": status} | ({"reason": reason} if reason is not None else {})
    return client.patch(f"/api/v1/applications/{application.id}/status", body, format="json")


def test_shortlisting_records_who_when_and_why(alice, application):
    response = move(alice.client, application, "SHORTLISTED", "Strong Django evidence")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(application.id) and body["status"] == "SHORTLISTED"
    assert body["statusChangedAt"] and body["score"] == application.score  # the full detail comes back
    [change] = body["statusHistory"]
    assert (change["fromStatus"], change["toStatus"]) == ("NEW", "SHORTLISTED")
    assert change["reason"] == "Strong Django evidence" and change["actor"] == "alice@acme.test"
    row = ApplicationStatusChange.objects.get()
    assert row.changed_by == alice.user and row.changed_by_api_key is None and row.tenant == alice.tenant


def test_an_api_key_rejects_on_behalf_of_its_owner(alice, application):
    client = alice.api_key_client()

    response = move(client, application, "REJECTED")

    assert response.status_code == 200, response.content
    [change] = response.json()["statusHistory"]
    assert change["actor"] == "API key 'test key' (alice@acme.test)" and change["reason"] == ""
    row = ApplicationStatusChange.objects.get()
    assert row.changed_by == alice.user and row.changed_by_api_key.name == "test key"


def test_the_same_status_again_is_a_200_that_records_nothing(alice, application):
    first = move(alice.client, application, "SHORTLISTED").json()

    again = move(alice.client, application, "SHORTLISTED", "clicked twice")

    assert again.status_code == 200
    assert again.json()["statusHistory"] == first["statusHistory"]
    assert again.json()["statusChangedAt"] == first["statusChangedAt"]
    assert ApplicationStatusChange.objects.count() == 1


def test_a_whole_hiring_story_reads_back_in_order(alice, application):
    path = ["SHORTLISTED", "INTERVIEW", "OFFER", "HIRED", "OFFER", "REJECTED", "NEW"]
    for status in path:
        assert move(alice.client, application, status).status_code == 200, status

    history = alice.client.get(f"/api/v1/applications/{application.id}").json()["statusHistory"]

    assert [(h["fromStatus"], h["toStatus"]) for h in history] == list(
        zip(["NEW", *path[:-1]], path, strict=True)
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("NEW", "OFFER"),
        ("NEW", "HIRED"),
        ("INTERVIEW", "HIRED"),
        ("HIRED", "REJECTED"),
        ("REJECTED", "SHORTLISTED"),
    ],
)
def test_a_move_the_table_forbids_is_a_409_naming_the_allowed_ones(alice, application, start, target):
    Application.objects.filter(pk=application.pk).update(status=start)

    response = move(alice.client, application, target)

    body = assert_envelope(response, 409, "invalid_transition")
    assert body["details"] == {"fromStatus": start, "toStatus": target, "allowed": list(TRANSITIONS[start])}
    assert all(allowed in body["message"] for allowed in TRANSITIONS[start])
    assert Application.objects.get(pk=application.pk).status == start
    assert not ApplicationStatusChange.objects.exists()


def test_every_open_stage_can_be_rejected_and_a_rejection_reopened():
    open_stages = [stage for stage in S if stage not in (S.HIRED, S.REJECTED)]
    assert all(S.REJECTED in TRANSITIONS[stage] for stage in open_stages)
    assert TRANSITIONS[S.REJECTED] == (S.NEW,)
    assert set(TRANSITIONS) == set(S)  # every stage has a row in the table


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "ARCHIVED"}, "status"),
        ({}, "status"),
        ({"status": "REJECTED", "reason": "x" * 501}, "reason"),
    ],
)
def test_an_invalid_body_is_a_400_naming_the_field(alice, application, body, field):
    response = alice.client.patch(f"/api/v1/applications/{application.id}/status", body, format="json")

    assert field in assert_envelope(response, 400, "validation_error")["fields"]


def test_another_tenants_application_is_a_404_and_stays_untouched(alice, bob, application):
    for client in (bob.client, bob.api_key_client()):
        assert_envelope(move(client, application, "REJECTED"), 404, "not_found")
        # Even with a body that would not validate: the 404 comes first, revealing nothing.
        assert_envelope(move(client, application, "BOGUS"), 404, "not_found")

    assert Application.objects.get(pk=application.pk).status == S.NEW
    assert not ApplicationStatusChange.objects.exists()


def test_the_service_needs_a_person(alice, application):
    with pytest.raises(ValueError, match="needs a person"):
        application_status_change(
            tenant=alice.tenant, application_id=application.id, by=Actor.process("test"), to_status=S.REJECTED
        )

    assert Application.objects.get(pk=application.pk).status == S.NEW


def test_the_service_does_not_reach_into_another_tenant(alice, bob, application):
    with pytest.raises(Exception, match="not found"):
        application_status_change(
            tenant=bob.tenant, application_id=application.id, by=Actor.member(bob.user), to_status=S.REJECTED
        )


KNOCKOUT_JOB = {
    "title": "Senior Backend Engineer",
    "description": "Build REST APIs in Python and Django on PostgreSQL.",
    "requiredSkills": ["Python", "Django", "PostgreSQL"],
    "minYearsExperience": 3,
    "status": "ACTIVE",
}
STRONG_CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text
WEAK_CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Ambrose Kettleby").cv_text


def test_scoring_and_rescoring_never_move_an_application(alice, django_capture_on_commit_callbacks):
    """Scores are advice: a knocked-out CV stays NEW, and a person's decision survives re-scoring."""
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        job = alice.client.post("/api/v1/jobs", KNOCKOUT_JOB, format="json").json()
    rubric = alice.client.get(f"/api/v1/jobs/{job['id']}/rubric").json()["requirements"]
    knockout = {"kind": "MUST_HAVE", "category": "SKILL", "name": "COBOL", "knockout": True, "weight": 1}
    with capture(execute=True):
        alice.client.put(
            f"/api/v1/jobs/{job['id']}/rubric", {"requirements": [*rubric, knockout]}, format="json"
        )
    uploaded = {}
    for name, text in (("strong", STRONG_CV), ("weak", WEAK_CV)):
        payload = {
            "file": SimpleUploadedFile(f"{name}.txt", render_cv(text, "txt")),
            "email": f"{name}@x.test",
        }
        with capture(execute=True):
            response = alice.client.post(
                f"/api/v1/jobs/{job['id']}/applications", {**payload, "fullName": name}, format="multipart"
            )
        uploaded[name] = Application.objects.get(pk=response.json()["id"])
    weak = uploaded["weak"]
    assert weak.processing_status == "SCORED" and weak.explanation["knockOuts"], weak.explanation
    assert weak.status == S.NEW
    move(alice.client, uploaded["strong"], "SHORTLISTED")

    with capture(execute=True):  # the knock-out goes: every application is re-scored
        response = alice.client.put(
            f"/api/v1/jobs/{job['id']}/rubric", {"requirements": rubric}, format="json"
        )
    version = response.json()["version"]
    rescored = Application.objects.all()
    assert all(a.rubric_version == version and not a.explanation["knockOuts"] for a in rescored)

    statuses = dict(Application.objects.values_list("candidate__email", "status"))
    assert statuses == {"strong@x.test": S.SHORTLISTED, "weak@x.test": S.NEW}
    assert ApplicationStatusChange.objects.count() == 1  # only the person's move


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_queue_on_the_row_lock_and_chain_the_history(alice, application):
    """While one move holds the row, a second waits, then starts from the first one's result.

    Without the lock the second would read NEW and be refused (NEW → OFFER is not a move).
    """
    holding, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            from django.db import transaction

            with transaction.atomic():
                application_status_change(
                    tenant=alice.tenant,
                    application_id=application.id,
                    by=Actor.member(alice.user),
                    to_status=S.SHORTLISTED,
                )
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def second():
        try:
            holding.wait(timeout=30)
            application_status_change(
                tenant=alice.tenant,
                application_id=application.id,
                by=Actor.member(alice.user),
                to_status=S.OFFER,
            )
            outcome["second"] = "moved"
        except Exception as exc:  # recorded for the assertion below
            outcome["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert holding.wait(timeout=30)
    try:
        _wait_for_a_lock_waiter()
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=30)

    assert outcome["second"] == "moved", outcome
    history = list(
        ApplicationStatusChange.objects.order_by("created_at").values_list("from_status", "to_status")
    )
    assert history == [(S.NEW, S.SHORTLISTED), (S.SHORTLISTED, S.OFFER)]
    assert Application.objects.get(pk=application.pk).status == S.OFFER


def _wait_for_a_lock_waiter(attempts: int = 300) -> None:
    """Until PostgreSQL shows a session waiting for a lock (the second move blocked on the row)."""
    import time

    with connection.cursor() as cursor:
        for _ in range(attempts):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the second move never waited for the row lock")
