"""The careers site (server-rendered pages): boards, job pages, applying, candidate accounts, scores,
data rights. Driven with Django's test client; parsing and scoring run in-process on commit."""

import json
import os
import re
import time
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import CandidateAccount, User
from candidates.intake import CvFile
from candidates.models import Application, ApplicationSource, ProcessingStatus, ScoreReviewRequest
from careers.services import STAGING_DIR, cv_stage, cv_staged_get
from careers.tasks import cv_staging_cleanup_task
from demo.content import DEMO_CANDIDATES, render_cv_pdf
from jobs.models import EmploymentType, JobStatus
from tests.conftest import PASSWORD
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

MARA = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather")
EMAIL = "mara@example.test"
BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def job(alice, job_factory):
    return job_factory(
        tenant=alice.tenant,
        title="Backend Engineer",
        department="Engineering",
        location="Berlin",
        required_skills=["Python", "Django", "Kubernetes"],
    )


@pytest.fixture
def browser() -> Client:
    return Client()


def board_url(tenant) -> str:
    return f"/careers/{tenant.slug}/"


def apply_url(job) -> str:
    return f"/careers/{job.tenant.slug}/jobs/{job.slug}/apply/"


def pdf(name="mara.pdf", text=MARA.cv_text) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, render_cv_pdf(text), content_type="application/pdf")


def apply_form(**overrides) -> dict:
    data = {
        "full_name": "Mara Quillfeather",
        "email": EMAIL,
        "phone": "",
        "linkedin_url": "",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text(response) -> str:
    """The page's text with tags removed and whitespace collapsed, for assertions on what people read."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def titles_on(response) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body).group(0).removeprefix(BASE_URL)


def verification_mail():
    return next(m for m in reversed(mail.outbox) if m.subject == "Confirm your email address")


def staged_files() -> list[str]:
    try:
        return default_storage.listdir(STAGING_DIR)[1]
    except FileNotFoundError:
        return []


def register(browser, email=EMAIL, password=PASSWORD):
    return browser.post(
        "/account/register/", {"full_name": "Mara Quillfeather", "email": email, "password": password}
    )


@pytest.fixture
def signed_up(browser, django_capture_on_commit_callbacks):
    """Mara registered (so she is logged in) and followed the verification link."""
    with django_capture_on_commit_callbacks(execute=True):
        assert register(browser).status_code == 302
    assert browser.get(link_in(verification_mail())).status_code == 200
    return browser


def send_application(browser, job, django_capture_on_commit_callbacks, **overrides) -> Application:
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(apply_url(job), {**apply_form(**overrides), "cv": pdf()})
    assert response.status_code == 302, text(response)[:2000]
    return Application.objects.get(job=job, candidate__email=overrides.get("email", EMAIL))


# -- boards and job pages -------------------------------------------------------------------------------
def test_the_board_lists_only_the_companys_active_public_live_jobs(alice, bob, job_factory, browser):
    job_factory(tenant=alice.tenant, title="Open Role")
    job_factory(tenant=alice.tenant, title="Draft Role", status=JobStatus.DRAFT)
    job_factory(tenant=alice.tenant, title="Closed Role", status=JobStatus.CLOSED)
    job_factory(tenant=alice.tenant, title="Internal Role", is_public=False)
    job_factory(tenant=alice.tenant, title="Deleted Role", deleted_at=timezone.now())
    job_factory(tenant=bob.tenant, title="Globex Role")

    response = browser.get(board_url(alice.tenant))

    assert response.status_code == 200
    assert titles_on(response) == ["Open Role"]
    assert "Jobs at Acme" in text(response)


def test_search_and_filters_narrow_the_board(alice, job_factory, browser):
    job_factory(tenant=alice.tenant, title="Data Analyst", department="Operations", location="Lyon")
    job_factory(
        tenant=alice.tenant,
        title="Backend Engineer",
        department="Engineering",
        location="Berlin",
        description="Python services on Kubernetes.",
    )
    job_factory(
        tenant=alice.tenant,
        title="Intern",
        department="Engineering",
        location="Lyon",
        employment_type=EmploymentType.INTERNSHIP,
    )
    board = board_url(alice.tenant)

    assert titles_on(browser.get(board, {"q": "kubernetes"})) == ["Backend Engineer"]
    assert titles_on(browser.get(board, {"q": "lyon analyst"})) == ["Data Analyst"]
    assert sorted(titles_on(browser.get(board, {"department": "engineering"}))) == [
        "Backend Engineer",
        "Intern",
    ]
    assert titles_on(browser.get(board, {"location": "Lyon", "employment_type": "INTERNSHIP"})) == ["Intern"]
    nothing = browser.get(board, {"q": "astronaut"})
    assert titles_on(nothing) == [] and "No job matches your search" in text(nothing)
    # The filters offer only what the company's open jobs have.
    page = browser.get(board).content.decode()
    assert '<option value="Operations"' in page and '<option value="INTERNSHIP"' in page
    assert '<option value="CONTRACT"' not in page


def test_the_board_is_paginated_and_keeps_the_search(
    alice, job_factory, browser, django_assert_max_num_queries
):
    for n in range(12):
        job_factory(tenant=alice.tenant, title=f"Engineer {n:02d}", department=f"Team {n}")

    # Company, count, page, three facet lists: whatever the number of jobs.
    with django_assert_max_num_queries(6):
        first = browser.get(board_url(alice.tenant), {"q": "engineer"})
    second = browser.get(board_url(alice.tenant), {"q": "engineer", "page": 2})

    assert len(titles_on(first)) == 10 and len(titles_on(second)) == 2
    assert 'href="?q=engineer&amp;page=2"' in first.content.decode()


def test_an_unknown_company_is_a_404_page(browser, db):
    response = browser.get("/careers/no-such-company/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "There is no careers page for “no-such-company”" in text(response)


def test_a_company_name_leads_to_its_slug(alice, browser):
    response = browser.get("/careers/ACME/")
    assert response.status_code == 301 and response["Location"] == board_url(alice.tenant)


def test_the_job_page_shows_the_job_and_another_companys_job_is_404(alice, bob, job, job_factory, browser):
    page = browser.get(f"/careers/{alice.tenant.slug}/jobs/{job.slug}/")
    assert page.status_code == 200
    assert "Backend Engineer" in text(page) and "Kubernetes" in text(page)
    assert f'href="{apply_url(job)}"' in page.content.decode()

    globex_job = job_factory(tenant=bob.tenant)
    assert browser.get(f"/careers/{alice.tenant.slug}/jobs/{globex_job.slug}/").status_code == 404
    job.status = JobStatus.CLOSED
    job.save()
    assert browser.get(f"/careers/{alice.tenant.slug}/jobs/{job.slug}/").status_code == 404


def test_home_lists_the_companies_with_open_jobs(alice, bob, job, browser):
    page = browser.get("/")
    assert page.status_code == 200
    assert f'href="{board_url(alice.tenant)}"' in page.content.decode()
    assert "Globex" not in text(page)  # no open job


# -- applying ------------------------------------------------------------------------------------------
def test_applying_with_a_pdf_creates_a_scored_application_and_shows_the_receipt(
    job, browser, django_capture_on_commit_callbacks
):
    form = browser.get(apply_url(job))
    assert form.status_code == 200
    assert 'accept=".pdf,.docx,.txt' in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(apply_url(job), {**apply_form(phone="+49 30 1234567"), "cv": pdf()})

    application = Application.objects.get(job=job)
    assert response.status_code == 302
    assert response["Location"] == f"/careers/{job.tenant.slug}/jobs/{job.slug}/applied/{application.id}/"
    assert application.source == ApplicationSource.PUBLIC_LINK and application.consent_at is not None
    assert (application.candidate.email, application.candidate.phone) == (EMAIL, "+49301234567")
    assert application.cv_kind == "pdf" and application.cv_filename == "mara.pdf"
    assert application.processing_status == ProcessingStatus.SCORED
    receipt = browser.get(response["Location"])
    assert receipt.status_code == 200
    assert "Application sent" in text(receipt) and "mara.pdf" in text(receipt)
    assert 'href="/account/register/"' in receipt.content.decode()


def test_the_receipt_is_shown_only_to_the_session_that_applied(
    job, browser, django_capture_on_commit_callbacks
):
    application = send_application(browser, job, django_capture_on_commit_callbacks)
    receipt = f"/careers/{job.tenant.slug}/jobs/{job.slug}/applied/{application.id}/"

    assert browser.get(receipt).status_code == 200
    assert Client().get(receipt).status_code == 404


def test_a_bad_email_with_a_valid_cv_keeps_the_cv_for_the_next_submission(
    job, browser, django_capture_on_commit_callbacks
):
    first = browser.post(apply_url(job), {**apply_form(email="mara@", consent=None), "cv": pdf()})

    assert first.status_code == 400
    page = first.content.decode()
    assert "We kept your CV mara.pdf" in text(first) and "no need to choose it again" in text(first)
    assert "There are 2 problems" in text(first)
    assert '<a href="#id_email">Email: Enter a valid email address.</a>' in page
    # The field names its error for screen readers.
    assert re.search(
        r'<input[^>]+aria-invalid="true"[^>]+aria-describedby="id_email-error"', page
    ) or re.search(r'<input[^>]+aria-describedby="id_email-error"[^>]+aria-invalid="true"', page)
    assert 'id="id_email-error"' in page
    token = re.search(r'name="cv_token" value="([^"]+)"', page).group(1)
    assert Application.objects.count() == 0 and len(staged_files()) == 2

    with django_capture_on_commit_callbacks(execute=True):
        second = browser.post(apply_url(job), {**apply_form(), "cv_token": token})

    assert second.status_code == 302, text(second)[:1500]
    application = Application.objects.get(job=job)
    assert application.cv_filename == "mara.pdf" and application.cv_kind == "pdf"
    assert application.cv_file.read() == render_cv_pdf(MARA.cv_text)
    assert staged_files() == []  # used once


def test_a_kept_cv_belongs_to_the_session_that_sent_it(job, browser):
    first = browser.post(apply_url(job), {**apply_form(email="nope"), "cv": pdf()})
    token = re.search(r'name="cv_token" value="([^"]+)"', first.content.decode()).group(1)

    stranger = Client().post(apply_url(job), {**apply_form(), "cv_token": token})

    assert stranger.status_code == 400
    assert "The CV we kept for you has expired" in text(stranger)
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("cv.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "Unsupported file type"),
        (
            SimpleUploadedFile("cv.html", render_cv_pdf("Mara")),
            "The file is named .html but its content is PDF",
        ),
        (SimpleUploadedFile("cv.pdf", b""), "The file is empty."),
    ],
)
def test_a_wrong_file_shows_the_error_and_nothing_is_kept(job, browser, upload, message):
    response = browser.post(apply_url(job), {**apply_form(), "cv": upload})

    assert response.status_code == 400
    assert message in text(response)
    assert '<a href="#id_cv">CV file: ' in response.content.decode()
    assert 'name="cv_token"' not in response.content.decode()
    assert Application.objects.count() == 0 and staged_files() == []


def test_a_cv_over_the_limit_is_refused_with_its_size(job, browser, settings):
    settings.CV_MAX_BYTES = 1000
    response = browser.post(apply_url(job), {**apply_form(), "cv": pdf()})
    assert response.status_code == 400
    assert "the limit is" in text(response)


def test_the_cv_is_required(job, browser):
    response = browser.post(apply_url(job), apply_form())
    assert response.status_code == 400
    assert "Choose your CV" in text(response)


def test_applying_twice_is_explained_on_the_email_field(job, browser, django_capture_on_commit_callbacks):
    send_application(browser, job, django_capture_on_commit_callbacks)

    again = browser.post(apply_url(job), {**apply_form(email="MARA@example.test"), "cv": pdf()})

    assert again.status_code == 400
    assert "An application to this job with these details was already received" in text(again)
    assert Application.objects.count() == 1


def test_applying_is_rate_limited_per_address(job, browser, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "apply_ip": "2/hour"},
    }
    for _ in range(2):
        assert browser.post(apply_url(job), apply_form()).status_code == 400

    limited = browser.post(apply_url(job), apply_form())

    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "Too many attempts" in text(limited)


def test_old_kept_cvs_are_deleted_by_the_cleanup(db):
    cv = CvFile(data=b"Mara Quillfeather\nPython developer", kind="txt", filename="mara.txt")
    old, fresh = cv_stage(cv=cv), cv_stage(cv=cv)
    day_and_a_bit_ago = time.time() - timedelta(days=1, minutes=5).total_seconds()
    for suffix in (".cv", ".json"):
        os.utime(default_storage.path(f"{STAGING_DIR}/{old.token}{suffix}"), (day_and_a_bit_ago,) * 2)
    assert cv_staged_get(token=old.token) is None  # expired even before the cleanup runs

    assert cv_staging_cleanup_task() == 2

    assert sorted(staged_files()) == sorted([f"{fresh.token}.cv", f"{fresh.token}.json"])
    assert cv_staged_get(token=fresh.token)[1] == cv
    assert cv_staged_get(token="../../etc/passwd") is None


# -- accounts ------------------------------------------------------------------------------------------
def test_registering_logs_in_and_the_emailed_link_confirms_the_address(
    browser, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(browser)

    assert response.status_code == 302 and response["Location"] == "/account/"
    waiting = browser.get("/account/")
    assert "Confirm your email to see your applications" in text(waiting)
    link = link_in(verification_mail())
    assert link.startswith("/account/verify-email/?token=")

    confirmed = browser.get(link)

    assert confirmed.status_code == 200 and "Email confirmed" in text(confirmed)
    assert CandidateAccount.objects.get(user__email=EMAIL).email_verified
    assert browser.get("/account/verify-email/?token=forged").status_code == 400


def test_registration_errors_are_shown_on_their_fields(browser, db):
    register(browser)
    taken = register(Client(), email="MARA@example.test")
    weak = register(Client(), email="other@example.test", password="password")

    assert taken.status_code == 400 and "An account with this email already exists" in text(taken)
    assert weak.status_code == 400 and '<a href="#id_password">Password: ' in weak.content.decode()


def test_login_and_logout(browser, db):
    register(Client())
    wrong = browser.post("/account/login/", {"email": EMAIL, "password": "not-the-password"})
    assert wrong.status_code == 400 and "Invalid email or password." in text(wrong)

    login = browser.post("/account/login/", {"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 302 and login["Location"] == "/account/"
    assert browser.get("/account/").status_code == 200

    assert browser.get("/account/logout/").status_code == 405  # logging out is a POST
    assert browser.post("/account/logout/").status_code == 302
    assert browser.get("/account/")["Location"] == "/account/login/?next=/account/"


def test_login_returns_to_the_page_asked_for_but_never_off_site(browser, db):
    register(Client())
    back = browser.post("/account/login/?next=/account/profile/", {"email": EMAIL, "password": PASSWORD})
    assert back["Location"] == "/account/profile/"

    off_site = Client().post(
        "/account/login/", {"email": EMAIL, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert off_site["Location"] == "/account/"


def test_an_employer_is_told_they_have_no_candidate_account(alice, browser):
    response = browser.post("/account/login/", {"email": "alice@acme.test", "password": PASSWORD})

    assert response.status_code == 400
    assert "belong to an employer account, which has no candidate account" in text(response)
    # An employer's session (the admin's, say) does not open the candidate pages either.
    browser.force_login(alice.user)
    assert browser.get("/account/").status_code == 302


def test_a_password_reset_through_the_pages(browser, db, django_capture_on_commit_callbacks):
    register(Client())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = browser.post("/account/forgot-password/", {"email": EMAIL})
        unknown = Client().post("/account/forgot-password/", {"email": "nobody@example.test"})
    assert "If an account exists for this address" in text(sent) and text(sent) == text(unknown)
    link = link_in(mail.outbox[0])
    assert link.startswith("/account/reset-password/?uid=")
    uid, token = re.search(r"uid=([^&]+)&token=(\S+)", link).groups()
    assert browser.get(link).status_code == 200
    new_password = "a-brand-new-passphrase-42"

    mismatch = browser.post(
        "/account/reset-password/",
        {"uid": uid, "token": token, "new_password": new_password, "new_password_again": "other"},
    )
    changed = browser.post(
        "/account/reset-password/",
        {"uid": uid, "token": token, "new_password": new_password, "new_password_again": new_password},
    )

    assert mismatch.status_code == 400 and "The two passwords differ" in text(mismatch)
    assert changed.status_code == 302 and changed["Location"] == "/account/login/"
    assert browser.get(link).status_code == 400  # used
    assert Client().post("/account/login/", {"email": EMAIL, "password": new_password}).status_code == 302


def test_forms_refuse_a_post_without_the_csrf_token(db):
    register(Client())
    strict = Client(enforce_csrf_checks=True)

    forged = strict.post("/account/login/", {"email": EMAIL, "password": PASSWORD})
    assert forged.status_code == 403 and "Please send the form again" in text(forged)

    page = strict.get("/account/login/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    honest = strict.post(
        "/account/login/", {"email": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    )
    assert honest.status_code == 302


# -- the candidate's own pages -------------------------------------------------------------------------
def test_my_applications_show_only_mine_and_only_after_verification(
    job, job_factory, alice, browser, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    other_job = job_factory(tenant=alice.tenant, title="Data Analyst")
    mine = send_application(browser, job, django_capture_on_commit_callbacks)
    also_mine = send_application(
        browser,
        job_factory(tenant=alice.tenant, title="Platform Engineer"),
        django_capture_on_commit_callbacks,
    )
    send_application(Client(), other_job, django_capture_on_commit_callbacks, email="someone@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        register(browser)
    assert "Backend Engineer" not in text(browser.get("/account/"))
    assert browser.get(f"/account/applications/{mine.id}/").status_code == 404

    browser.get(link_in(verification_mail()))
    # Session, user, account, count, page: not one more per application.
    with django_assert_max_num_queries(5):
        page = browser.get("/account/")

    assert f'href="/account/applications/{mine.id}/"' in page.content.decode()
    assert f'href="/account/applications/{also_mine.id}/"' in page.content.decode()
    assert "Backend Engineer" in text(page) and "Acme" in text(page) and "Received" in text(page)
    assert "Data Analyst" not in text(page)


def test_the_score_page_explains_the_score_in_plain_language(
    job, signed_up, django_capture_on_commit_callbacks
):
    application = send_application(signed_up, job, django_capture_on_commit_callbacks)

    page = signed_up.get(f"/account/applications/{application.id}/")

    assert page.status_code == 200
    words = text(page)
    assert f"{application.score}/100" in words.replace(" ", "")
    assert application.explanation["label"] in words
    for heading in ("What matched", "What was missing", "How to improve", "How the points add up"):
        assert heading in words
    # What matched quotes her CV, with the matched words marked.
    assert "<mark>Python</mark>" in page.content.decode() or "<mark>python</mark>" in page.content.decode()
    # Mara's CV never mentions Kubernetes: named as missing, with advice.
    missing = words[words.index("What was missing") : words.index("How to improve")]
    assert "Kubernetes" in missing
    assert "The job asks for Kubernetes" in words
    assert "advice to the employer" in words and "People at the employer make every decision" in words


def test_another_persons_application_is_404(job, signed_up, django_capture_on_commit_callbacks):
    someone_else = send_application(Client(), job, django_capture_on_commit_callbacks, email="x@example.test")
    assert signed_up.get(f"/account/applications/{someone_else.id}/").status_code == 404
    assert signed_up.get(f"/account/applications/{uuid.uuid4()}/").status_code == 404
    assert (
        signed_up.post(f"/account/applications/{someone_else.id}/review/", {"message": "x"}).status_code
        == 404
    )


def test_a_score_page_before_scoring_says_so(job, signed_up):
    account = CandidateAccount.objects.get(user__email=EMAIL)
    application = ApplicationFactory(
        job=job,
        candidate__email=EMAIL,
        candidate__user=account.user,
        processing_status=ProcessingStatus.PARSING,
    )
    page = signed_up.get(f"/account/applications/{application.id}/")
    assert page.status_code == 200 and "Your CV is being read" in text(page)


def test_asking_for_a_human_review(job, signed_up, django_capture_on_commit_callbacks):
    application = send_application(signed_up, job, django_capture_on_commit_callbacks)
    review_url = f"/account/applications/{application.id}/review/"

    asked = signed_up.post(review_url, {"message": "I ran Kubernetes clusters at my last job."}, follow=True)

    review = ScoreReviewRequest.objects.get(application=application)
    assert review.message == "I ran Kubernetes clusters at my last job."
    assert "the employer is asked to have a person look at your CV again" in text(asked)
    assert "You asked for a review on" in text(asked)
    again = signed_up.post(review_url, {"message": "Again"})
    assert again.status_code == 400 and "already requested" in text(again)


def test_profile_edits_are_validated_and_saved(job, signed_up, django_capture_on_commit_callbacks):
    send_application(signed_up, job, django_capture_on_commit_callbacks)

    bad = signed_up.post(
        "/account/profile/",
        {"full_name": "Mara", "phone": "call me", "linkedin_url": "https://example.test/me"},
    )
    good = signed_up.post(
        "/account/profile/",
        {
            "full_name": "Mara Q. Feather",
            "phone": "+49 30 1234567",
            "linkedin_url": "www.linkedin.com/in/mara",
        },
    )

    assert bad.status_code == 400
    assert "Enter a phone number" in text(bad) and "Enter a LinkedIn profile URL" in text(bad)
    assert good.status_code == 302
    account = CandidateAccount.objects.select_related("user").get(user__email=EMAIL)
    assert (account.user.full_name, account.phone, account.linkedin_url) == (
        "Mara Q. Feather",
        "+49301234567",
        "https://www.linkedin.com/in/mara",
    )
    assert Application.objects.get(job=job).candidate.full_name == "Mara Q. Feather"


def test_exporting_my_data_downloads_json(job, signed_up, django_capture_on_commit_callbacks):
    application = send_application(signed_up, job, django_capture_on_commit_callbacks)

    response = signed_up.get("/account/data/export/")

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="hiresscope-my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert str(application.id) in response.content.decode()


def test_deleting_the_account_needs_the_password_then_erases_and_logs_out(
    job, signed_up, django_capture_on_commit_callbacks
):
    application = send_application(signed_up, job, django_capture_on_commit_callbacks)

    refused = signed_up.post("/account/data/delete/", {"password": "wrong-password", "confirm": "on"})
    assert refused.status_code == 400 and "That is not your password" in text(refused)
    unconfirmed = signed_up.post("/account/data/delete/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400 and "Tick the box" in text(unconfirmed)
    assert User.objects.filter(email=EMAIL).exists()

    deleted = signed_up.post("/account/data/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert "Your account is deleted" in text(deleted) and "1 record at 1 employer" in text(deleted)
    assert not User.objects.filter(email=EMAIL).exists()
    application.refresh_from_db()
    assert application.candidate.email != EMAIL
    assert signed_up.get("/account/")["Location"] == "/account/login/?next=/account/"
