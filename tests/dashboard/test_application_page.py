"""The application page: the CV beside its score with the evidence marked, verdicts, components, flags,
stage history, the candidate's review request, team notes with @mentions, the CV download, and the
previous and next candidates by rank. Roles as the API's permission map; another company's id is a 404."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.actors import Actor
from accounts.models import MembershipRole
from candidates.models import (
    ApplicationNote,
    ApplicationStatus,
    ProcessingStatus,
    ReviewRequestStatus,
    ScoreReviewRequest,
)
from candidates.selectors import application_neighbours
from candidates.services.notes import note_add
from candidates.services.status import application_status_change
from tests import factories

pytestmark = pytest.mark.django_db

CV_TEXT = "Dana Scully\ndana@fbi.test\n\nExperience\nBuilt data pipelines in Python and  DJANGO for 6 years."
EXPLANATION = {
    "summary": "Strong match: Python and Django with evidence.",
    "label": "Strong match",
    "requirements": [
        {
            "id": "skill:python",
            "requirement": "Python",
            "kind": "MUST_HAVE",
            "category": "skill",
            "weight": 1.0,
            "knockout": True,
            "verdict": "MET",
            "evidence": [{"text": "Built data pipelines in Python", "quote": "Python", "start": 52}],
        },
        {
            "id": "skill:django",
            "requirement": "Django",
            "kind": "NICE_TO_HAVE",
            "category": "skill",
            "weight": 0.5,
            "verdict": "PARTIAL",
            "evidence": [{"text": "in Python and Django", "quote": "python and django"}],
        },
        {
            "id": "skill:go",
            "requirement": "Go",
            "kind": "NICE_TO_HAVE",
            "category": "skill",
            "verdict": "MISSING",
        },
    ],
    "components": [
        {"name": "requiredSkills", "label": "Required skills", "score": 0.9, "weight": 0.5, "points": 45.0}
    ],
    "strengths": [],
    "gaps": [],
    "knockOuts": [],
    "integrity": [],
}


def scored(company, **fields):
    job = fields.pop("job", None) or factories.JobFactory(tenant=company.tenant)
    defaults = {
        "job": job,
        "score": 80,
        "explanation": EXPLANATION,
        "parsed_profile": {"name": "Dana Scully", "emails": ["dana@fbi.test"], "text": CV_TEXT},
        "flags": [
            {
                "code": "prompt_injection",
                "message": "An instruction was ignored.",
                "excerpt": "ignore all previous",
            }
        ],
    }
    return factories.ApplicationFactory(scored=True, **{**defaults, **fields})


def url(application, suffix=""):
    return f"/dashboard/applications/{application.id}/{suffix}"


# -- reading ------------------------------------------------------------------------------------------------
def test_the_cv_is_shown_with_each_quote_marked_and_linked_from_its_verdict(acme):
    application = scored(
        acme, candidate=factories.CandidateFactory(tenant=acme.tenant, full_name="Dana Scully")
    )
    response = acme.client().get(url(application))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Dana Scully</h1>" in html
    # Two quotes overlap ("Python" inside "Python and DJANGO", found whatever the case and spacing): one
    # mark, named after the longer quote, and both verdicts link to it.
    assert html.count("<mark") == 1 and '<mark id="ev-2"' in html
    assert html.count('href="#ev-2"') == 2
    assert '<a href="#req-2">Python and  DJANGO</a></mark>' in html
    assert 'id="req-1"' in html and "Knock-out" in html and "Must-have" in html
    assert 'class="verdict verdict--missing"' in html
    assert "<meter" in html and "Required skills" in html
    assert "Instruction to screening software" in html and "ignore all previous" in html
    assert "Download TXT" in html


def test_previous_and_next_follow_the_rank_with_keyboard_shortcuts(acme):
    job = factories.JobFactory(tenant=acme.tenant)
    now = timezone.now()
    best = scored(acme, job=job, score=90)
    tie_first = scored(acme, job=job, score=70)
    tie_second = scored(acme, job=job, score=70)
    unscored = factories.ApplicationFactory(job=job, processing_status=ProcessingStatus.QUEUED)
    for offset, application in enumerate([best, tie_first, tie_second, unscored]):
        type(application).objects.filter(pk=application.pk).update(created_at=now + timedelta(minutes=offset))
        application.refresh_from_db()
    assert application_neighbours(application=best) == (None, tie_first)
    assert application_neighbours(application=tie_first) == (best, tie_second)
    assert application_neighbours(application=tie_second) == (tie_first, unscored)
    assert application_neighbours(application=unscored) == (tie_second, None)
    html = acme.client().get(url(tie_first)).content.decode()
    assert f'href="{url(best)}" rel="prev" data-shortcut="k"' in html
    assert f'href="{url(tie_second)}" rel="next" data-shortcut="j"' in html
    assert "<kbd>j</kbd>" in html


def test_a_viewer_reads_the_page_but_gets_no_forms(acme):
    application = scored(acme)
    html = acme.client(MembershipRole.VIEWER).get(url(application)).content.decode()
    assert 'action="/dashboard/applications/' not in html  # no stage, note or review form
    assert "Requirements" in html


def test_another_companys_application_is_a_404_everywhere(acme, globex):
    theirs = scored(globex)
    client = acme.client()
    assert client.get(url(theirs)).status_code == 404
    assert client.get(url(theirs, "cv/")).status_code == 404
    assert client.post(url(theirs, "notes/"), {"body": "hello"}).status_code == 404
    assert client.post(url(theirs, "review/"), {"review_id": theirs.id, "resolution": "x"}).status_code == 404
    assert not ApplicationNote.objects.exists()


def test_blind_review_hides_who_the_person_is_as_the_api_does(acme):
    acme.tenant.blind_review = True
    acme.tenant.save(update_fields=["blind_review"])
    candidate = factories.CandidateFactory(tenant=acme.tenant, full_name="Dana Scully", email="dana@fbi.test")
    application = scored(acme, candidate=candidate)
    client = acme.client()
    html = client.get(url(application)).content.decode()
    assert "Dana Scully" not in html and "dana@fbi.test" not in html
    assert "<mark" not in html and "Download" not in html
    assert "“Python”" in html  # the quoted evidence stays
    response = client.get(url(application, "cv/"))
    assert response.status_code == 403 and b"Blind review is on" in response.content


def test_a_failed_cv_offers_the_retry_with_its_reason(acme):
    application = factories.ApplicationFactory(
        job=factories.JobFactory(tenant=acme.tenant),
        processing_status=ProcessingStatus.FAILED,
        failure_reason="The PDF is encrypted.",
    )
    html = acme.client(MembershipRole.RECRUITER).get(url(application)).content.decode()
    assert "The PDF is encrypted." in html
    assert f'action="/dashboard/applications/{application.id}/retry/"' in html
    assert acme.client(MembershipRole.VIEWER).get(url(application)).content.decode().count("/retry/") == 0


def test_the_stage_form_offers_the_allowed_moves_and_history_reads(acme):
    application = scored(acme)
    client = acme.client(MembershipRole.RECRUITER)
    response = client.post(
        url(application, "status/"),
        {"status": ApplicationStatus.REJECTED, "reason": "Needs Go", "next": url(application)},
    )
    assert response.status_code == 302 and response["Location"] == url(application)
    html = client.get(url(application)).content.decode()
    assert (
        '<option value="NEW">New</option>' in html and 'value="OFFER"' not in html
    )  # from REJECTED: back to New
    assert "Needs Go" in html and "recruiter@" in html


# -- the CV file ---------------------------------------------------------------------------------------------
def test_the_original_cv_downloads_as_an_attachment(acme):
    application = scored(acme, cv_filename="dana.txt")
    application.cv_file.save("ignored.txt", ContentFile(b"Dana's CV"), save=True)
    response = acme.client(MembershipRole.VIEWER).get(url(application, "cv/"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dana.txt"'
    assert b"".join(response.streaming_content) == b"Dana's CV"


def test_a_missing_cv_file_is_a_404_not_an_error(acme):
    application = scored(acme)  # the factory stores no file
    assert acme.client().get(url(application, "cv/")).status_code == 404


# -- notes -----------------------------------------------------------------------------------------------------
def test_a_note_mentions_and_emails_teammates_but_not_its_author(acme, django_capture_on_commit_callbacks):
    application = scored(acme)
    dana = acme.member(MembershipRole.RECRUITER, email="dana@acme.test")
    client = acme.client(user=dana)
    body = "Strong Python. @alice please look, and @dana@acme.test too; @nobody@else.test is not in the team."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(application, "notes/"), {"body": body})
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    note = ApplicationNote.objects.get()
    assert note.author == dana and note.body == body
    assert {user.email for user in note.mentions.all()} == {"alice@acme.test", "dana@acme.test"}
    assert [message.to for message in mail.outbox] == [["alice@acme.test"]]
    assert f"/dashboard/applications/{application.id}/#note-{note.id}" in mail.outbox[0].body
    assert "Strong Python" not in mail.outbox[0].body  # the note's words stay in the dashboard
    html = client.get(url(application)).content.decode()
    assert f'id="note-{note.id}"' in html and "notified alice@acme.test" in html


def test_htmx_gets_the_notes_fragment_back(acme):
    application = scored(acme)
    client = acme.client(MembershipRole.RECRUITER)
    response = client.post(url(application, "notes/"), {"body": "Call on Monday"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<section aria-labelledby="notes-title" id="notes"' in html and "Call on Monday" in html
    assert "<html" not in html
    empty = client.post(url(application, "notes/"), {"body": "   "}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 200 and "field--error" in empty.content.decode()


def test_an_empty_note_shows_the_error_on_the_page(acme):
    application = scored(acme)
    response = acme.client().post(url(application, "notes/"), {"body": ""})
    assert response.status_code == 400 and "field--error" in response.content.decode()
    assert not ApplicationNote.objects.exists()


def test_a_viewer_cannot_post_a_note(acme):
    application = scored(acme)
    response = acme.client(MembershipRole.VIEWER).post(url(application, "notes/"), {"body": "hi"})
    assert response.status_code == 403 and not ApplicationNote.objects.exists()


# -- the candidate's review request -------------------------------------------------------------------------------
def test_a_recruiter_answers_the_review_request_with_the_apis_service(acme):
    application = scored(acme)
    review = ScoreReviewRequest.objects.create(
        tenant=acme.tenant, application=application, message="I do know Go, see my projects."
    )
    client = acme.client(MembershipRole.RECRUITER)
    html = client.get(url(application)).content.decode()
    assert "I do know Go, see my projects." in html and "Answer the candidate" in html
    response = client.post(
        url(application, "review/"), {"review_id": review.id, "resolution": "Re-read: fair."}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewRequestStatus.RESOLVED and review.resolution == "Re-read: fair."
    again = client.post(
        url(application, "review/"), {"review_id": review.id, "resolution": "Twice"}, follow=True
    )
    assert "already resolved" in again.content.decode()


def test_a_viewer_sees_the_review_request_but_cannot_answer_it(acme):
    application = scored(acme)
    review = ScoreReviewRequest.objects.create(tenant=acme.tenant, application=application, message="Please")
    client = acme.client(MembershipRole.VIEWER)
    assert "Answer the candidate" not in client.get(url(application)).content.decode()
    response = client.post(url(application, "review/"), {"review_id": review.id, "resolution": "No"})
    assert response.status_code == 403


def test_the_page_costs_the_same_few_queries_however_many_notes_and_moves(
    acme, django_assert_max_num_queries
):
    application = scored(acme)
    by = Actor.member(acme.owner)
    for number in range(5):
        note_add(tenant=acme.tenant, application_id=application.id, by=by, body=f"Note {number} @alice")
    application_status_change(
        tenant=acme.tenant, application_id=application.id, by=by, to_status="SHORTLISTED"
    )
    application_status_change(tenant=acme.tenant, application_id=application.id, by=by, to_status="INTERVIEW")
    client = acme.client()
    client.get(url(application))  # the session's first read
    # 13, and 2 for the assessments part: the candidate's attempts and the assessments to invite to.
    with django_assert_max_num_queries(15):
        assert client.get(url(application)).status_code == 200


def test_an_empty_answer_to_a_review_request_shows_the_error_on_the_page(acme):
    application = scored(acme)
    review = ScoreReviewRequest.objects.create(tenant=acme.tenant, application=application, message="Please")
    response = acme.client().post(url(application, "review/"), {"review_id": review.id, "resolution": ""})
    assert response.status_code == 400 and "field--error" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewRequestStatus.OPEN
