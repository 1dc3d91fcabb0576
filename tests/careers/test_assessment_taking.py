"""Taking an assessment on the careers site (assess/<token>/…) and the candidate's own results page,
driven with Django's test client: the pages work without JavaScript, the JSON endpoints serve
assessment.js, and the server's clock decides."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.actors import Actor
from assessments import services
from assessments.models import AssessmentDefinition, AssessmentInvitation, AssessmentStatus, ProctoringSignal
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "mara@example.test"
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 200


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def invite(persona, *, library_key="contact-centre", email=EMAIL, extra_time_percent=0):
    """An invitation of ``email`` to a library assessment of the persona's company, and its link token."""
    services.library_ensure(tenant=persona.tenant)
    definition = AssessmentDefinition.objects.get(tenant=persona.tenant, library_key=library_key)
    [outcome] = services.invitations_create(
        tenant=persona.tenant,
        by=Actor.member(persona.user),
        definition_id=definition.pk,
        emails=[email],
        extra_time_percent=extra_time_percent,
    )
    _, token = services.invitation_mint_token(invitation_id=outcome.invitation.pk)
    return outcome.invitation, token


def url(name, token, **kwargs):
    return reverse(f"careers:{name}", kwargs={"token": token, **kwargs})


def started(client, token) -> str:
    """Start the attempt; returns the first question's address."""
    response = client.post(url("assessment_start", token))
    assert response.status_code == 302
    return response["Location"]


def save(client, token, question_id, value):
    return client.post(
        url("assessment_save", token),
        {"questionId": question_id, "value": value},
        content_type="application/json",
    )


@pytest.fixture
def client():
    return Client()


def test_the_start_page_shows_the_test_the_rules_and_what_is_recorded(alice, client):
    invitation, token = invite(alice, extra_time_percent=50)
    page = client.get(url("assessment", token))
    assert page.status_code == 200
    body = text(page)
    assert "Acme invites you to an assessment" in body
    assert invitation.definition.name in body
    assert "45 minutes, which includes 50% extra time" in body  # 30 minutes + 50%
    assert "Typing: 1 question" in body and "Numeracy: 3 questions" in body
    assert "one attempt" in body and "keeps running if you close the page" in body
    assert "save automatically" in body
    assert "when you leave the tab or the browser window" in body
    assert "when you paste text" in body and "faster than reading" in body and "your recordings" in body
    assert "A person at Acme reviews" in body and "documented rules" in body
    assert reverse("careers:my_assessments") in page.content.decode()
    assert "Start the assessment" in body
    assert page["Content-Security-Policy"]


def test_starting_leads_to_the_first_question_and_resuming_is_offered(alice, client):
    invitation, token = invite(alice)
    first = started(client, token)
    assert first == url("assessment_question", token, question_id="cc-tp-1")
    invitation.refresh_from_db()
    assert invitation.status == AssessmentStatus.IN_PROGRESS
    page = client.get(first)
    body = text(page)
    assert page.status_code == 200
    assert "Question 1 of 12" in body and "Typing" in body
    assert 'id="passage"' in page.content.decode() and 'aria-describedby="passage typing-hint"' in (
        page.content.decode()
    )
    assert 'role="timer"' in page.content.decode()
    assert "Resume the assessment" in text(client.get(url("assessment", token)))


def test_saving_through_json_and_reloading_shows_the_saved_answer(alice, client):
    _, token = invite(alice)
    started(client, token)
    response = save(client, token, "cc-we-1", [1])
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert 0 < response.json()["remainingSeconds"] <= 30 * 60
    page = client.get(url("assessment_question", token, question_id="cc-we-1")).content.decode()
    assert re.search(r'value="1" id="choice-1" data-answer checked', page)
    assert "Question 2 of 12" in text(client.get(url("assessment_question", token, question_id="cc-we-1")))

    response = save(client, token, "cc-we-1", ["x"])
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error" and response.json()["message"]


def test_the_form_without_javascript_saves_and_moves_on(alice, client):
    invitation, token = invite(alice)
    started(client, token)
    response = client.post(
        url("assessment_question", token, question_id="cc-nu-1"), {"value": "42", "action": "next"}
    )
    assert response["Location"] == url("assessment_question", token, question_id="cc-nu-2")
    assert invitation.answers.get(question_id="cc-nu-1").value == 42
    assert (
        'value="42' in client.get(url("assessment_question", token, question_id="cc-nu-1")).content.decode()
    )
    response = client.post(
        url("assessment_question", token, question_id="cc-nu-1"), {"value": "7", "action": "previous"}
    )
    assert response["Location"] == url("assessment_question", token, question_id="cc-rk-3")
    response = client.post(
        url("assessment_question", token, question_id="cc-tp-1"),
        {
            "typed": "When a customer calls",
            "elapsedMs": "5000",
            "keystrokes": "21",
            "corrections": "0",
            "action": "goto:cc-st-1",
        },
    )
    assert response["Location"] == url("assessment_question", token, question_id="cc-st-1")
    assert invitation.answers.get(question_id="cc-tp-1").value["typed"] == "When a customer calls"
    response = client.post(url("assessment_question", token, question_id="cc-nu-3"), {"action": "finish"})
    assert response["Location"] == url("assessment_finish", token)
    bad = client.post(
        url("assessment_question", token, question_id="cc-nu-2"), {"value": "lots", "action": "next"}
    )
    assert bad.status_code == 400 and "not an answer to this question" in text(bad)


def test_finishing_completes_the_attempt_and_the_link_then_shows_it_submitted(alice, client):
    invitation, token = invite(alice)
    started(client, token)
    save(client, token, "cc-we-1", [1])
    review = client.get(url("assessment_finish", token))
    assert "You have not answered 11 of 12" in text(review)
    response = client.post(url("assessment_finish", token))
    assert response["Location"] == url("assessment_done", token)
    invitation.refresh_from_db()
    assert invitation.status == AssessmentStatus.COMPLETED
    assert "Assessment submitted" in text(client.get(url("assessment_done", token)))
    assert client.get(url("assessment", token))["Location"] == url("assessment_done", token)
    assert save(client, token, "cc-we-1", [0]).status_code == 409


def test_when_the_time_is_up_a_save_is_refused_with_409_and_the_attempt_is_finished(alice, client):
    invitation, token = invite(alice)
    started(client, token)
    save(client, token, "cc-we-2", [1])
    AssessmentInvitation.objects.filter(pk=invitation.pk).update(
        deadline_at=timezone.now() - timedelta(minutes=1)
    )
    response = save(client, token, "cc-we-1", [1])
    assert response.status_code == 409
    assert response.json()["code"] == "assessment_closed"
    invitation.refresh_from_db()
    assert invitation.status == AssessmentStatus.COMPLETED
    done = client.get(url("assessment_done", token))
    assert "The time was up" in text(done)
    assert client.get(url("assessment_question", token, question_id="cc-we-1"))["Location"] == url(
        "assessment_done", token
    )


def test_an_overdue_attempt_opened_again_is_finished_by_the_page(alice, client):
    invitation, token = invite(alice)
    started(client, token)
    AssessmentInvitation.objects.filter(pk=invitation.pk).update(
        deadline_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(url("assessment_question", token, question_id="cc-we-1"))
    assert response["Location"] == url("assessment_done", token)
    invitation.refresh_from_db()
    assert invitation.status == AssessmentStatus.COMPLETED and invitation.completion_reason == "TIME_UP"


def test_an_expired_link_is_a_410_page_and_an_unknown_one_a_404_page(alice, client):
    invitation, token = invite(alice)
    AssessmentInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    expired = client.get(url("assessment", token))
    assert expired.status_code == 410
    assert "This assessment link has expired" in text(expired)
    unknown = client.get(url("assessment", "no-such-token"))
    assert unknown.status_code == 404
    assert "This assessment link does not work" in text(unknown)
    json_answer = save(client, "no-such-token", "cc-we-1", [1])
    assert json_answer.status_code == 404 and json_answer.json()["code"] == "assessment_link_invalid"
    assert client.get(url("assessment_question", token, question_id="cc-we-1")).status_code == 410


def test_an_unknown_question_is_a_404_page(alice, client):
    _, token = invite(alice)
    started(client, token)
    assert client.get(url("assessment_question", token, question_id="nope")).status_code == 404


def test_a_recording_is_kept_when_it_is_audio_and_refused_otherwise(alice, client):
    invitation, token = invite(alice)
    started(client, token)
    address = url("assessment_recording", token, question_id="cc-sp-1")
    response = client.post(
        address,
        {"recording": SimpleUploadedFile("a.webm", WEBM, content_type="audio/webm"), "seconds": "12.5"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["saved"] is True
    answer = invitation.answers.get(question_id="cc-sp-1")
    assert answer.recording and answer.recording_kind == "webm" and answer.recording_seconds == 12.5

    refused = client.post(
        address,
        {"recording": SimpleUploadedFile("a.webm", b"%PDF-1.4" + b"x" * 200, content_type="audio/webm")},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 415 and refused.json()["code"] == "invalid_recording"

    # The page's file input (no JavaScript) goes back to the question with the outcome.
    fallback = client.post(address, {"recording": SimpleUploadedFile("a.webm", WEBM)}, follow=True)
    assert "Your recording was saved" in text(fallback)
    assert "A recording is saved" in text(fallback)


def test_signals_are_recorded_and_only_the_pages_own_kinds_are_taken(alice, client):
    invitation, token = invite(alice)
    started(client, token)
    for kind, detail in (
        ("TAB_HIDDEN", {"seconds": 12.3}),
        ("WINDOW_BLUR", {"seconds": 2}),
        ("PASTE", {"characters": 40}),
    ):
        response = client.post(
            url("assessment_signal", token),
            {"kind": kind, "questionId": "cc-st-1", "detail": detail},
            content_type="application/json",
        )
        assert response.status_code == 200 and response.json()["recorded"] is True
    kinds = list(ProctoringSignal.objects.filter(invitation=invitation).values_list("kind", "detail"))
    assert ("TAB_HIDDEN", {"seconds": 12.3}) in kinds and ("PASTE", {"characters": 40}) in kinds
    refused = client.post(
        url("assessment_signal", token), {"kind": "FAST_ANSWER"}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "validation_error"
    broken = client.post(url("assessment_signal", token), "{", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"


def test_the_json_endpoints_need_the_csrf_token(alice):
    _, token = invite(alice)
    client = Client(enforce_csrf_checks=True)
    page = client.get(url("assessment", token))
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.content.decode()).group(1)
    assert client.post(url("assessment_start", token), {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert save(client, token, "cc-we-1", [1]).status_code == 403
    response = client.post(
        url("assessment_save", token),
        {"questionId": "cc-we-1", "value": [1]},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200


def signed_up(client, email, capture) -> Client:
    """Registered (so logged in) and confirmed the address: the person's records are linked."""
    with capture(execute=True):
        client.post(
            "/account/register/", {"full_name": "Mara Quillfeather", "email": email, "password": PASSWORD}
        )
    message = next(m for m in reversed(mail.outbox) if m.subject == "Confirm your email address")
    link = re.search(r"http://\S+", message.body).group(0)
    assert client.get(link[link.index("/account/") :]).status_code == 200
    return client


def test_my_assessments_show_results_and_signals_only_to_their_candidate(
    alice, client, django_capture_on_commit_callbacks
):
    invitation, token = invite(alice)
    taker = Client()
    started(taker, token)
    save(taker, token, "cc-we-1", [1])
    taker.post(
        url("assessment_signal", token),
        {"kind": "TAB_HIDDEN", "questionId": "cc-we-1", "detail": {"seconds": 8}},
        content_type="application/json",
    )
    taker.post(url("assessment_finish", token))

    mara = signed_up(client, EMAIL, django_capture_on_commit_callbacks)
    page = mara.get(reverse("careers:my_assessments"))
    assert page.status_code == 200
    body = text(page)
    assert invitation.definition.name in body and "Acme" in body
    assert "Completed" in body and "Scores per part" in body and "Written communication" in body
    assert "Left the tab" in body and "8.0 seconds away" in body
    assert "The download on My data includes all of this" in body
    assert 'href="/account/assessments/"' in page.content.decode()  # in the account navigation

    other = signed_up(Client(), "someone.else@example.test", django_capture_on_commit_callbacks)
    assert invitation.definition.name not in text(other.get(reverse("careers:my_assessments")))
    assert Client().get(reverse("careers:my_assessments")).status_code == 302


def test_an_assessment_link_is_throttled_per_client(client, settings, alice):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "assessment": "3/min",
        },
    }
    for _ in range(3):
        assert client.get("/assess/not-a-token/").status_code == 404
    page = client.get("/assess/not-a-token/")
    assert page.status_code == 429 and page["Retry-After"]
    saved = client.post("/assess/not-a-token/save", "{}", content_type="application/json")
    assert saved.status_code == 429 and saved.json()["code"] == "throttled"
