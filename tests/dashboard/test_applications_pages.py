"""A job's applications pages: the ranked table (filters, sorting, blind review, bulk moves, CSV export,
its pinned query count), the board by stage, and the CV upload with its live per-file list."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.audit import AuditEntry
from accounts.models import MembershipRole
from candidates.models import Application, ApplicationStatus, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv
from tests import factories
from tests.browser.helpers import axe_violations, blocking, drag_card
from tests.browser.test_candidate_walk import chromium  # noqa: F401 - the shared browser fixture
from tests.dashboard.conftest import Company

pytestmark = pytest.mark.django_db

ROLES = [MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.RECRUITER, MembershipRole.VIEWER]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def job(acme):
    return factories.JobFactory(tenant=acme.tenant, title="Backend Engineer")


def scored(job, *, score, name="Ada Lovelace", email=None, **fields):
    candidate = factories.CandidateFactory(
        tenant=job.tenant, full_name=name, **({"email": email} if email else {})
    )
    return factories.ApplicationFactory(job=job, candidate=candidate, scored=True, score=score, **fields)


def table_url(job, query=""):
    return f"/dashboard/jobs/{job.id}/{query}"


def text(response) -> str:
    return response.content.decode()


# -- the ranked table --------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_the_table_renders_for_every_role_and_offers_only_what_the_role_may_do(acme, job, role):
    scored(job, score=80)
    page = acme.client(role).get(table_url(job))
    assert page.status_code == 200
    body = text(page)
    assert "Ada Lovelace" in body and '<meter min="0" max="100"' in body
    assert 'aria-current="page">Applications</a>' in body  # the job header's tab
    writes = role != MembershipRole.VIEWER
    assert ('id="bulk-form"' in body) is writes
    assert ("Export CSV" in body) is writes
    assert ("Upload CVs" in body) is writes  # the upload tab


def test_rows_are_ranked_by_score_with_chips_flags_and_a_retry_for_a_failed_cv(acme, job):
    low = scored(job, score=40, name="Low Scorer")
    high = scored(
        job,
        score=91,
        name="High Scorer",
        must_haves={"matched": ["Python", "Django", "SQL", "AWS"], "missing": ["Go", "Rust", "Java"]},
        flags=[{"code": "hidden_text", "message": "White text on white."}],
    )
    failed = factories.ApplicationFactory(
        job=job,
        candidate=factories.CandidateFactory(tenant=job.tenant, full_name="Broken File"),
        processing_status=ProcessingStatus.FAILED,
        failure_reason="The PDF is a scan without text.",
    )
    body = text(acme.client().get(table_url(job)))
    assert body.index("High Scorer") < body.index("Low Scorer") < body.index("Broken File")
    assert 'value="91"' in body and 'value="40"' in body
    # The top 3 matched and top 2 missing must-haves; the rest counted.
    for chip in ("Python", "Django", "SQL", "Go", "Rust"):
        assert f"</span>{chip}</li>" in body
    assert "</span>AWS</li>" not in body and "+2 more" in body
    # A legacy row (no must-have summary) reads the explanation: Python is missing below 50.
    assert re.search(r"Missing: </span>Python", body)
    assert "Hidden text" in body
    assert "The PDF is a scan without text." in body
    assert f"/dashboard/applications/{failed.id}/retry/" in body
    assert f"/dashboard/applications/{low.id}/retry/" not in body
    assert high.id and low.id


def test_filters_sorting_and_search_use_the_api_filterset(acme, job):
    scored(job, score=85, name="Grace Hopper", email="grace@navy.test")
    scored(job, score=60, name="Alan Turing", status=ApplicationStatus.SHORTLISTED)
    scored(job, score=30, name="Flagged Person", flags=[{"code": "prompt_injection", "message": "x"}])
    client = acme.client()

    body = text(client.get(table_url(job, "?scoreMin=50")))
    assert "Grace Hopper" in body and "Alan Turing" in body and "Flagged Person" not in body
    body = text(client.get(table_url(job, "?status=SHORTLISTED")))
    assert "Alan Turing" in body and "Grace Hopper" not in body
    body = text(client.get(table_url(job, "?flagged=true")))
    assert "Flagged Person" in body and "Grace Hopper" not in body
    body = text(client.get(table_url(job, "?search=navy")))
    assert "Grace Hopper" in body and "Alan Turing" not in body
    body = text(client.get(table_url(job, "?ordering=name")))
    assert body.index("Alan Turing") < body.index("Flagged Person") < body.index("Grace Hopper")
    assert 'aria-sort="ascending"' in body
    # The export link carries the same filters.
    assert f"/dashboard/jobs/{job.id}/applications/export.csv?ordering=name" in body


def test_an_invalid_filter_is_shown_on_its_field_and_the_others_still_apply(acme, job):
    scored(job, score=85, name="Grace Hopper")
    page = acme.client().get(table_url(job, "?scoreMin=500&ordering=bogus"))
    assert page.status_code == 200
    body = text(page)
    assert "Grace Hopper" in body and "less than or equal to 100" in body
    assert "Best score first" in body  # an unknown sort falls back to the ranked order, silently


def test_no_application_yet_and_no_match_show_empty_states(acme, job):
    client = acme.client()
    assert "No applications yet" in text(client.get(table_url(job)))
    scored(job, score=10)
    assert "No application matches these filters" in text(client.get(table_url(job, "?scoreMin=90")))


def test_an_htmx_request_gets_the_table_fragment(acme, job):
    scored(job, score=70)
    fragment = acme.client().get(table_url(job, "?scoreMin=10"), **HTMX)
    body = text(fragment)
    assert fragment.status_code == 200
    assert body.lstrip().startswith("{#") is False and "<html" not in body
    assert 'id="applications-results"' in body and "Ada Lovelace" in body


def test_blind_review_hides_who_the_candidates_are_as_the_api_does(acme, job):
    application = scored(job, score=70, name="Secret Name", email="secret@example.test")
    acme.tenant.blind_review = True
    acme.tenant.save(update_fields=["blind_review"])
    body = text(acme.client().get(table_url(job, "?search=Secret&ordering=name")))
    assert "Secret Name" not in body and "secret@example.test" not in body
    assert f"Applicant {str(application.id)[:8].upper()}" in body
    assert 'type="search"' not in body and "?ordering=name" not in body
    board = text(acme.client().get(f"/dashboard/jobs/{job.id}/board/"))
    assert "Secret Name" not in board


def test_another_tenants_job_is_a_404_on_every_page(acme, globex):
    theirs = factories.JobFactory(tenant=globex.tenant)
    client = acme.client()
    for suffix in ("", "board/", "upload/", "upload/status/", "applications/export.csv"):
        assert client.get(f"/dashboard/jobs/{theirs.id}/{suffix}").status_code == 404, suffix
    assert client.post(f"/dashboard/jobs/{theirs.id}/applications/bulk/", {}).status_code == 404
    assert client.post(f"/dashboard/jobs/{theirs.id}/upload/", {}).status_code == 404


def _table_queries(client, job) -> int:
    client.get(table_url(job))  # warm: the session and the content types are cached after the first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(table_url(job)).status_code == 200
    return len(queries)


def test_the_table_costs_a_few_queries_whatever_the_jobs_size(acme, job, django_assert_num_queries):
    client = acme.client()
    for number in range(10):
        scored(job, score=number * 9, name=f"Person {number}")
    small = _table_queries(client, job)
    for number in range(90):
        scored(job, score=number % 100, name=f"More {number}")
    assert Application.objects.filter(job=job).count() == 100
    # The session, the user, their membership (with tenant and subscription), the job, the count, the
    # page's rows (candidates joined, chips from the must-have summary), the company switcher's list:
    # nothing per row.
    assert small == 7
    with django_assert_num_queries(7):
        assert client.get(table_url(job, "?page=2")).status_code == 200
    with django_assert_num_queries(7):
        client.get(table_url(job))


# -- bulk stage changes --------------------------------------------------------------------------------
def bulk_url(job):
    return f"/dashboard/jobs/{job.id}/applications/bulk/"


def test_bulk_shortlist_moves_every_ticked_application_and_says_so(acme, job):
    first, second = scored(job, score=90), scored(job, score=80, name="Bo")
    client = acme.client(MembershipRole.RECRUITER)
    response = client.post(
        bulk_url(job),
        {
            "applications": [first.id, second.id],
            "quick": "SHORTLISTED",
            "next": table_url(job, "?scoreMin=50"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == table_url(job, "?scoreMin=50")
    assert "2 applications moved to Shortlisted." in text(response)
    assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.SHORTLISTED}
    assert first.status_changes.get().changed_by.email.startswith("recruiter@")


def test_bulk_reject_needs_a_reason_and_then_records_it(acme, job):
    application = scored(job, score=20)
    client = acme.client()
    refused = client.post(bulk_url(job), {"applications": [application.id], "quick": "REJECTED"}, follow=True)
    assert "Give a reason for the rejection" in text(refused)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW
    client.post(bulk_url(job), {"applications": [application.id], "quick": "REJECTED", "reason": "No Python"})
    assert application.status_changes.get().reason == "No Python"


def test_a_move_the_pipeline_refuses_is_reported_and_the_others_still_move(acme, job, globex):
    hired = scored(job, score=90, status=ApplicationStatus.HIRED)
    fresh = scored(job, score=50, name="Fresh")
    theirs = factories.ApplicationFactory(job=factories.JobFactory(tenant=globex.tenant))
    response = acme.client().post(
        bulk_url(job), {"applications": [hired.id, fresh.id, theirs.id], "status": "INTERVIEW"}, follow=True
    )
    body = text(response)
    assert "1 application moved to Interview." in body
    assert "2 not moved" in body and "cannot move from HIRED to INTERVIEW" in body and "not found" in body
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.NEW


def test_a_viewer_cannot_move_applications_in_bulk(acme, job):
    application = scored(job, score=90)
    response = acme.client(MembershipRole.VIEWER).post(
        bulk_url(job), {"applications": [application.id], "quick": "SHORTLISTED"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEW


# -- CSV export ------------------------------------------------------------------------------------------
def test_the_export_holds_the_filtered_rows_and_is_audited(acme, job):
    scored(job, score=90, name="Kept Person")
    scored(job, score=10, name="Dropped Person")
    response = acme.client(MembershipRole.RECRUITER).get(
        f"/dashboard/jobs/{job.id}/applications/export.csv?scoreMin=50"
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    csv_text = b"".join(response.streaming_content).decode()
    assert "Kept Person" in csv_text and "Dropped Person" not in csv_text
    entry = AuditEntry.objects.get(action="applications.exported")
    assert entry.details["filters"] == {"scoreMin": "50", "ordering": "-score"}


def test_a_viewer_cannot_export(acme, job):
    scored(job, score=90)
    response = acme.client(MembershipRole.VIEWER).get(f"/dashboard/jobs/{job.id}/applications/export.csv")
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="applications.exported").exists()


# -- the board ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_the_board_shows_a_column_per_stage_and_moves_only_for_writers(acme, job, role):
    scored(job, score=77, name="On The Board", status=ApplicationStatus.INTERVIEW)
    page = acme.client(role).get(f"/dashboard/jobs/{job.id}/board/")
    assert page.status_code == 200
    body = text(page)
    for label in ("New", "Shortlisted", "Interview", "Offer", "Hired", "Rejected"):
        assert f'">{label}</span>' in body
    assert "On The Board" in body
    writes = role != MembershipRole.VIEWER
    assert ('id="board-transitions" type="application/json"' in body) is writes
    assert ("/status/" in body) is writes
    assert ("Sortable.min.js" in body) is writes


def test_a_cards_form_offers_the_allowed_moves_and_posts_the_shared_action(acme, job):
    application = scored(job, score=77, status=ApplicationStatus.INTERVIEW)
    client = acme.client()
    body = text(client.get(f"/dashboard/jobs/{job.id}/board/"))
    form = body[body.index(f'id="move-{application.id}"') :]
    options = re.findall(r'<option value="(\w+)">', form[: form.index("</select>")])
    assert options == ["SHORTLISTED", "OFFER", "REJECTED"]  # candidates.stages.TRANSITIONS["INTERVIEW"]
    board_url = f"/dashboard/jobs/{job.id}/board/"
    moved = client.post(
        f"/dashboard/applications/{application.id}/status/", {"status": "OFFER", "next": board_url}
    )
    assert moved.status_code == 302 and moved["Location"] == board_url
    refused = client.post(
        f"/dashboard/applications/{application.id}/status/",
        {"status": "NEW"},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 409 and refused.json()["ok"] is False


# -- CV upload -----------------------------------------------------------------------------------------------
PEOPLE = {person.email: person for person in DEMO_CANDIDATES}


def cv(person, kind):
    return SimpleUploadedFile(f"{person.full_name}.{kind}", render_cv(person.cv_text, kind))


def upload_url(job):
    return f"/dashboard/jobs/{job.id}/upload/"


@pytest.mark.parametrize("role", [MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.RECRUITER])
def test_the_upload_page_renders_for_who_may_upload(acme, job, role):
    page = acme.client(role).get(upload_url(job))
    assert page.status_code == 200
    body = text(page)
    assert "multiple" in body and 'accept=".pdf,.docx,.doc,.txt"' in body
    assert 'hx-encoding="multipart/form-data"' in body and "data-dropzone" in body


def test_a_viewer_cannot_upload(acme, job):
    client = acme.client(MembershipRole.VIEWER)
    assert client.get(upload_url(job)).status_code == 403
    person = DEMO_CANDIDATES[0]
    assert client.post(upload_url(job), {"files": [cv(person, "txt")]}).status_code == 403
    assert client.get(f"/dashboard/jobs/{job.id}/upload/status/").status_code == 403
    assert not Application.objects.exists()


def test_uploaded_cvs_are_listed_one_by_one_scored_or_refused_with_a_reason(
    acme, job, django_capture_on_commit_callbacks
):
    first, second = DEMO_CANDIDATES[0], DEMO_CANDIDATES[1]
    files = [
        cv(first, "pdf"),
        cv(second, "docx"),
        SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = acme.client().post(upload_url(job), {"files": files}, **HTMX)
    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body  # the fragment htmx swaps in, no page reload
    assert "2 of 3 files accepted; 1 refused." in body
    assert "virus.pdf" in body and "Refused" in body
    # The answer is written before the upload commits and its processing starts: both CVs are queued,
    # and the list asks to be refreshed.
    assert body.count("Queued…") == 2
    poll = re.search(r'hx-get="([^"]+)" hx-trigger="every 2s"', body).group(1).replace("&amp;", "&")
    # Tasks ran in-process on commit: the next refresh shows both scored, and asks for no more.
    assert Application.objects.filter(job=job, processing_status=ProcessingStatus.SCORED).count() == 2
    refreshed = text(acme.client().get(poll, **HTMX))
    assert refreshed.count('class="status status--ok">Scored') == 2
    assert 'hx-trigger="every 2s"' not in refreshed and "See the ranked applications" in refreshed
    assert first.full_name in refreshed


def test_without_javascript_the_upload_renders_the_same_list_in_the_page(
    acme, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = acme.client().post(upload_url(job), {"files": [cv(DEMO_CANDIDATES[0], "txt")]})
    body = text(response)
    assert response.status_code == 200 and "<html" in body
    assert "1 of 1 file accepted." in body and "Queued…" in body
    # Without JavaScript the page itself is the list: reloading it (?ids=) shows where each CV is.
    application = Application.objects.get(job=job)
    again = text(acme.client().get(f"{upload_url(job)}?ids={application.id}"))
    assert "Scored" in again and 'hx-trigger="every 2s"' not in again


def test_an_upload_with_nothing_accepted_or_no_file_says_why(acme, job):
    client = acme.client()
    nothing = client.post(upload_url(job), {})
    assert nothing.status_code == 400 and "Choose at least one CV to upload." in text(nothing)
    empty = client.post(upload_url(job), {"files": [SimpleUploadedFile("empty.txt", b"")]}, **HTMX)
    assert empty.status_code == 200 and "Refused" in text(empty) and "empty.txt" in text(empty)
    too_many = [SimpleUploadedFile(f"cv{n}.txt", b"x") for n in range(51)]
    assert "at most 50" in text(client.post(upload_url(job), {"files": too_many}))


def test_the_list_polls_while_a_cv_is_in_flight_and_offers_a_retry_when_one_failed(acme, job):
    queued = factories.ApplicationFactory(job=job, candidate=None, cv_filename="queued.pdf")
    failed = factories.ApplicationFactory(
        job=job,
        cv_filename="scan.pdf",
        processing_status=ProcessingStatus.FAILED,
        failure_reason="The PDF has no text layer (a scan?).",
    )
    client = acme.client(MembershipRole.RECRUITER)
    status_url = f"/dashboard/jobs/{job.id}/upload/status/?ids={queued.id}&ids={failed.id}"
    polling = text(client.get(status_url, **HTMX))
    assert 'hx-trigger="every 2s"' in polling and "queued.pdf" in polling and "Waiting to be read" in polling
    assert "The PDF has no text layer" in polling and f"/dashboard/applications/{failed.id}/retry/" in polling
    Application.objects.filter(pk=queued.pk).update(processing_status=ProcessingStatus.SCORED, score=64)
    done = text(client.get(status_url, **HTMX))
    assert 'hx-trigger="every 2s"' not in done and "See the ranked applications" in done
    assert ">64<" in done
    # Another company's application is not listed, whatever id is asked for.
    theirs = factories.ApplicationFactory(cv_filename="theirs.pdf")
    assert "theirs.pdf" not in text(client.get(f"{status_url}&ids={theirs.id}", **HTMX))


# -- in a real browser (CSP on): drag and drop, the rejection dialog, axe ---------------------------------
@pytest.mark.browser
def test_in_a_browser_cards_move_only_along_allowed_moves_and_the_pages_pass_axe(
    live_server,
    chromium,  # noqa: F811
    transactional_db,
):
    from tests.conftest import PASSWORD

    company = Company("Acme", "alice@acme.test")
    job = factories.JobFactory(tenant=company.tenant)
    mara = scored(job, score=90, name="Mara Quill")
    ines = scored(job, score=40, name="Ines Ol")
    page = chromium
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/dashboard/login/")
    page.fill("input[name=email]", "alice@acme.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")

    for suffix in ("", "board/", "upload/"):
        page.goto(f"{live_server.url}/dashboard/jobs/{job.id}/{suffix}")
        assert blocking(axe_violations(page)) == [], suffix

    page.set_viewport_size({"width": 1600, "height": 900})  # all six columns in view, none to scroll to
    page.goto(f"{live_server.url}/dashboard/jobs/{job.id}/board/")
    # NEW -> HIRED is not a move the pipeline allows: the card goes home and the message says why.
    drag_card(page, "Mara Quill", "HIRED")
    page.wait_for_selector("#notices >> text=cannot move from New to Hired")
    assert page.locator("[data-stage='NEW'] .board__card").count() == 2
    # NEW -> SHORTLISTED is allowed: posted as JSON to the shared action.
    drag_card(page, "Mara Quill", "SHORTLISTED")
    page.wait_for_selector("#notices >> text=Mara Quill: Moved to Shortlisted.")
    # Dropping on REJECTED asks for the reason in a dialog first.
    drag_card(page, "Ines Ol", "REJECTED")
    page.wait_for_selector("#reject-dialog[open]")
    page.fill("#reject-reason", "No Python at all")
    page.click("#reject-form button[value=confirm]")
    page.wait_for_selector("#notices >> text=Ines Ol: Moved to Rejected.")
    mara.refresh_from_db()
    ines.refresh_from_db()
    assert (mara.status, ines.status) == (ApplicationStatus.SHORTLISTED, ApplicationStatus.REJECTED)
    assert ines.status_changes.get().reason == "No Python at all"
    assert problems == []
