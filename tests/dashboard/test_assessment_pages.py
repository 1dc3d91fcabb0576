"""The assessments pages: the list seeds the library; create and edit (a new version once someone was
invited); invitations from the assessment, an application and the ranked table; the attempt's scorecard
with the signals behind its red flag; reviewing answers; the recording, for its own company only; and
the roles the permission map refuses."""

import pytest
from django.urls import reverse

from accounts.actors import Actor
from accounts.models import MembershipRole
from assessments import services
from assessments.models import (
    AnswerMarking,
    AssessmentDefinition,
    AssessmentInvitation,
    ScoreStatus,
    SignalKind,
)
from tests import factories

pytestmark = pytest.mark.django_db

# The smallest thing the service keeps as a WebM recording: the EBML magic, then padding.
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 124


def library(company, key: str = "customer-service") -> AssessmentDefinition:
    services.library_ensure(tenant=company.tenant)
    return AssessmentDefinition.objects.for_tenant(company.tenant).get(library_key=key)


def spoken_attempt(company, *, email: str = "casey@example.test", finish: bool = True, flagged: bool = False):
    """An attempt at the library's customer-service test with a recorded spoken answer."""
    definition = library(company)
    by = Actor.member(company.owner)
    [outcome] = services.invitations_create(
        tenant=company.tenant, by=by, definition_id=definition.id, emails=[email]
    )
    invitation = services.attempt_start(invitation=outcome.invitation)
    answer = services.recording_save(invitation=invitation, question_id="cs-sp-1", data=WEBM, seconds=12)
    if flagged:
        for _ in range(3):
            services.signal_record(
                invitation=invitation,
                kind=SignalKind.TAB_HIDDEN,
                question_id="cs-mc-1",
                detail={"seconds": 7},
            )
    if finish:
        invitation = services.attempt_finish(invitation=invitation)
    return definition, invitation, answer


def url(name: str, **kwargs) -> str:
    return reverse(f"dashboard:{name}", kwargs=kwargs)


def test_the_list_seeds_the_library_and_shows_counts(acme):
    response = acme.client().get(url("assessments"))
    assert response.status_code == 200
    assert AssessmentDefinition.objects.for_tenant(acme.tenant).exclude(library_key="").count() >= 5
    body = response.content.decode()
    assert "Customer service" in body and "Library" in body and "New assessment" in body
    assert 'href="/dashboard/assessments/"' in acme.client().get(url("home")).content.decode()


def test_create_then_edit_in_place_until_someone_is_invited_then_a_new_version(acme):
    client = acme.client()
    response = client.post(
        url("assessment_create"),
        {
            "name": "Support basics",
            "description": "",
            "timeLimitMinutes": 15,
            "passThreshold": 70,
            "lowPassThreshold": 50,
            "categoryName": "Product",
        },
    )
    definition = AssessmentDefinition.objects.for_tenant(acme.tenant).get(name="Support basics")
    assert response.status_code == 302 and response["Location"] == url(
        "assessment_edit", assessment_id=definition.id
    )
    category = definition.current_version.content["categories"][0]["key"]

    # A numeric question, added through the editor; the version is changed in place (nobody invited).
    response = client.post(
        url("assessment_question", assessment_id=definition.id),
        {
            "kind": "NUMERIC",
            "category": category,
            "prompt": "12 x 12?",
            "points": 2,
            "answer": "144",
            "tolerance": "0",
        },
    )
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.current_version.number == 1
    questions = definition.current_version.content["categories"][0]["questions"]
    assert questions[-1]["answer"] == 144 and questions[-1]["points"] == 2

    # A refused question shows the service's message on its field.
    response = client.post(
        url("assessment_question", assessment_id=definition.id),
        {
            "kind": "MULTIPLE_CHOICE",
            "category": category,
            "prompt": "Pick",
            "points": 1,
            "options": "Only one",
            "correct": "1",
        },
    )
    assert response.status_code == 400
    assert "Give 2 to 8 options" in response.content.decode()

    services.invitations_create(
        tenant=acme.tenant,
        by=Actor.member(acme.owner),
        definition_id=definition.id,
        emails=["a@example.test"],
    )
    page = client.get(url("assessment_edit", assessment_id=definition.id)).content.decode()
    assert "editing creates version 2 because candidates were invited" in page
    response = client.post(
        url("assessment_edit", assessment_id=definition.id),
        {
            "name": "Support basics",
            "description": "New",
            "timeLimitMinutes": 20,
            "passThreshold": 60,
            "lowPassThreshold": 40,
        },
    )
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.current_version.number == 2 and definition.current_version.pass_threshold == 60
    assert AssessmentInvitation.objects.get(definition=definition).version.number == 1

    # Delete the example question, and move the numeric one: both through the same service.
    example = definition.current_version.content["categories"][0]["questions"][0]["id"]
    client.post(
        url("assessment_question_action", assessment_id=definition.id),
        {"question_id": example, "action": "delete"},
    )
    definition.refresh_from_db()
    assert [q["kind"] for q in definition.current_version.content["categories"][0]["questions"]] == [
        "NUMERIC"
    ]
    detail = client.get(url("assessment", assessment_id=definition.id)).content.decode()
    assert "12 x 12?" in detail and "144" in detail


def test_invite_from_the_assessment_page(acme):
    definition = library(acme, "numeracy")
    client = acme.client()
    response = client.post(
        url("assessment_invite", assessment_id=definition.id),
        {"emails": "ann@example.test\nbob@example.test", "expiresInDays": 7, "extraTimePercent": 25},
        follow=True,
    )
    assert "2 invited, 0 already invited" in response.content.decode()
    response = client.post(
        url("assessment_invite", assessment_id=definition.id),
        {"emails": "ann@example.test", "expiresInDays": 7, "extraTimePercent": 0},
        follow=True,
    )
    body = response.content.decode()
    assert "0 invited, 1 already invited" in body and "ann@example.test" in body
    assert AssessmentInvitation.objects.filter(definition=definition, extra_time_percent=25).count() == 2


def test_invite_from_an_application_and_in_bulk_from_the_ranked_table(acme):
    definition = library(acme, "numeracy")
    job = factories.JobFactory(tenant=acme.tenant)
    first, second = (factories.ApplicationFactory(job=job, scored=True) for _ in range(2))
    client = acme.client()
    page = client.get(url("application", application_id=first.id)).content.decode()
    assert "Invite to an assessment" in page and "separate from the CV score" in page
    response = client.post(
        url("application_assessment_invite", application_id=first.id),
        {"assessment": definition.id, "expiresInDays": 7, "extraTimePercent": 0},
        follow=True,
    )
    assert "1 invited, 0 already invited" in response.content.decode()
    assert AssessmentInvitation.objects.get(application=first).definition == definition

    # The table's button posts the ticked rows; the next page asks which assessment.
    table = client.get(url("job", job_id=job.id)).content.decode()
    assert "Invite to an assessment" in table
    choose = client.post(url("job_assessment_invite", job_id=job.id), {"applications": [first.id, second.id]})
    assert choose.status_code == 200 and "Invite 2 candidates" in choose.content.decode()
    response = client.post(
        url("job_assessment_invite", job_id=job.id),
        {
            "applications": [first.id, second.id],
            "assessment": definition.id,
            "expiresInDays": 7,
            "extraTimePercent": 0,
        },
        follow=True,
    )
    assert "1 invited, 1 already invited" in response.content.decode()
    assert AssessmentInvitation.objects.filter(definition=definition).count() == 2


def test_the_attempt_page_shows_the_scorecard_and_the_signals_behind_the_red_flag(acme):
    _, invitation, answer = spoken_attempt(acme, flagged=True)
    assert invitation.red_flag
    response = acme.client().get(url("assessment_attempt", attempt_id=invitation.id))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Scorecard" in body and "Pending" in body and "Red flag" in body
    assert invitation.red_flag_reasons[0]["message"] in body
    assert body.count("Left the tab") >= 6  # each signal under its reason, and in the timeline
    assert url("assessment_answer_recording", answer_id=answer.id) in body
    assert "Which rubric points does the answer meet?" in body
    assert 'style="' not in body


def test_reviewing_the_spoken_answer_settles_the_status(acme):
    _, invitation, answer = spoken_attempt(acme)
    assert invitation.score_status == ScoreStatus.PENDING
    client = acme.client()
    queue = client.get(url("assessment_reviews")).content.decode()
    assert "cs-sp-1" in queue and "<audio controls" in queue
    # The written answer was not given; only the recording awaits a reviewer.
    prefix = f"a{answer.pk.hex[:8]}"
    response = client.post(
        url("assessment_answer_review", answer_id=answer.id), {f"{prefix}-met": ["0", "1", "2"]}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    invitation.refresh_from_db()
    assert answer.marking == AnswerMarking.REVIEWED and answer.rubric_met[0] is True
    assert invitation.score_status in (ScoreStatus.PASS, ScoreStatus.LOW_PASS, ScoreStatus.FAIL)
    assert "Nothing to review" in client.get(url("assessment_reviews")).content.decode()


def test_the_recording_streams_for_its_company_only(acme, globex):
    _, _, answer = spoken_attempt(acme)
    response = acme.client(MembershipRole.VIEWER).get(url("assessment_answer_recording", answer_id=answer.id))
    assert response.status_code == 200 and response["Content-Type"] == "audio/webm"
    assert b"".join(response.streaming_content) == WEBM
    assert globex.client().get(url("assessment_answer_recording", answer_id=answer.id)).status_code == 404


def test_a_viewer_reads_but_cannot_write(acme):
    definition, invitation, answer = spoken_attempt(acme)
    viewer = acme.client(MembershipRole.VIEWER)
    assert viewer.get(url("assessment", assessment_id=definition.id)).status_code == 200
    assert "New assessment" not in viewer.get(url("assessments")).content.decode()
    for name, kwargs, data in (
        ("assessment_create", {}, {"name": "X"}),
        ("assessment_invite", {"assessment_id": definition.id}, {"emails": "x@example.test"}),
        ("assessment_answer_review", {"answer_id": answer.id}, {}),
        ("assessment_archive", {"assessment_id": definition.id}, {}),
    ):
        assert viewer.post(url(name, **kwargs), data).status_code == 403, name
    invitation.refresh_from_db()
    assert invitation.score_status == ScoreStatus.PENDING


def test_the_demo_has_the_library_and_three_attempts(capsys):
    from django.core.management import call_command

    from accounts.models import Tenant

    call_command("seed_demo")
    call_command("seed_demo")  # again: nothing doubled
    tenant = Tenant.objects.get(slug="northwind-robotics-demo")
    attempts = {i.definition.library_key: i for i in AssessmentInvitation.objects.for_tenant(tenant)}
    assert len(attempts) == 3
    assert attempts["typing-speed"].status == "INVITED"
    assert (
        attempts["numeracy"].status == "COMPLETED" and attempts["numeracy"].score_status == ScoreStatus.PASS
    )
    flagged = attempts["customer-service"]
    assert flagged.red_flag and flagged.awaiting_review >= 1 and flagged.score_status == ScoreStatus.PENDING
