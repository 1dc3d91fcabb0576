"""A candidate's whole walk through the careers site in a real browser (Debian's Chromium, headless,
driven by Playwright) against a live server: board → job → apply with a PDF (a mistake first: the CV is
kept) → confirmation → register → verify the email → my applications → the score explained → export
my data → delete the account → logged out.

Run: ``.venv/bin/python -m pytest tests/browser -m browser -q``. With ``HIRESSCOPE_SCREENSHOTS=1`` each
page is saved to docs/screenshots/ (as in the README); otherwise nothing in the work tree changes.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core import mail
from django.db import connections

from candidates.models import Application, ProcessingStatus
from demo.content import DEMO_CANDIDATES, DEMO_JOBS, render_cv_pdf
from tests.conftest import PASSWORD
from tests.factories import JobFactory, TenantFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1200, "height": 800}
MARA = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather")
EMAIL = "mara@example.test"


def chromium_path() -> str | None:
    return (
        os.environ.get("HIRESSCOPE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium page; skipped without Chromium or Playwright, failed instead in CI."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if path is None or sync_playwright is None:
        message = "browser: needs Debian's chromium and the playwright package (requirements-dev.txt)"
        if os.environ.get("HIRESSCOPE_REQUIRE_SERVICES") == "1":
            pytest.fail(message + ", which HIRESSCOPE_REQUIRE_SERVICES=1 demands")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes between
    # steps are still synchronous and safe, which Django cannot tell on its own.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True)
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-GB")
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's database connections apart from the
        # usual ones (asgiref treats the thread as async); close them here, or one outlives the test.
        connections.close_all()


def snap(page, name: str) -> None:
    if os.environ.get("HIRESSCOPE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def company(db):
    """A company with the demo's three open jobs; the backend job also asks for Kubernetes."""
    tenant = TenantFactory(name="Northwind Robotics", slug="northwind-robotics")
    for demo in DEMO_JOBS:
        required = [*demo.required_skills, "Kubernetes"] if "Backend" in demo.title else demo.required_skills
        JobFactory(
            tenant=tenant,
            title=demo.title,
            department=demo.department,
            location=demo.location,
            description=demo.description,
            required_skills=required,
            nice_to_have_skills=demo.nice_to_have_skills,
            min_years_experience=demo.min_years_experience,
            education_level=demo.education_level,
            languages=demo.languages,
            salary_min=60000 if "Backend" in demo.title else None,
            salary_max=80000 if "Backend" in demo.title else None,
            salary_currency="EUR" if "Backend" in demo.title else "",
        )
    return tenant


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def test_a_candidate_applies_follows_the_score_exports_and_deletes_the_account(
    live_server, settings, company, chromium, tmp_path
):
    page = chromium
    # The emails' links point at this server.
    settings.PUBLIC_BASE_URL = live_server.url

    # The company's careers page, searched.
    page.goto(f"{live_server.url}/careers/{company.slug}/")
    assert heading(page) == "Jobs at Northwind Robotics"
    assert page.locator(".job-card").count() == 3
    snap(page, "01-careers-board")
    page.get_by_label("Search", exact=True).fill("python django")
    page.get_by_role("button", name="Search").click()
    assert page.locator(".job-card").count() == 1

    # The job page.
    page.get_by_role("link", name="Senior Backend Engineer").click()
    assert heading(page) == "Senior Backend Engineer"
    assert "60,000\u201380,000 EUR" in page.inner_text(".job__facts")
    snap(page, "02-job")

    # The apply form, with a real PDF; consent forgotten at first.
    page.get_by_role("link", name="Apply for this job").click()
    assert heading(page) == "Apply for Senior Backend Engineer"
    page.get_by_label("Full name").fill("Mara Quillfeather")
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("Phone").fill("+49 30 5550 1234")
    page.get_by_label("CV file").set_input_files(
        files=[{"name": "mara.pdf", "mimeType": "application/pdf", "buffer": render_cv_pdf(MARA.cv_text)}]
    )
    snap(page, "03-apply-form")
    page.get_by_role("button", name="Send my application").click()
    summary = page.locator(".error-summary")
    assert "Tick the box to agree" in summary.inner_text()
    # Focus moves to the error summary; the CV is kept, so only the box needs ticking.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "We kept your CV mara.pdf" in page.inner_text("#kept-cv")
    snap(page, "04-apply-error-cv-kept")
    page.get_by_label("I agree to the processing").check()
    page.get_by_role("button", name="Send my application").click()

    # The confirmation; parsing and scoring ran in-process when the application was committed.
    assert heading(page) == "Application sent"
    assert "mara.pdf" in page.inner_text(".summary-list")
    application = Application.objects.get(candidate__email=EMAIL)
    assert application.processing_status == ProcessingStatus.SCORED
    snap(page, "05-application-sent")

    # Register with the same email: the form is prefilled from the application.
    page.get_by_role("link", name="Create an account").last.click()
    assert page.get_by_label("Email", exact=True).input_value() == EMAIL
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    snap(page, "06-register")
    page.get_by_role("button", name="Create my account").click()
    assert heading(page) == "My applications"
    assert "Confirm your email to see your applications" in page.inner_text("main")

    # The verification link, from the email the server sent.
    verification = next(m for m in mail.outbox if m.subject == "Confirm your email address")
    link = re.search(r"http://\S+", verification.body).group(0)
    assert link.startswith(f"{live_server.url}/account/verify-email/?token=")
    page.goto(link)
    assert heading(page) == "Email confirmed"
    snap(page, "07-email-confirmed")
    page.get_by_role("link", name="See my applications").click()

    # My applications, with status and score.
    row = page.locator("tbody tr")
    assert row.count() == 1
    assert "Senior Backend Engineer" in row.inner_text() and str(application.score) in row.inner_text()
    snap(page, "08-my-applications")

    # The score, explained.
    row.get_by_role("link", name="See the score").click()
    assert heading(page) == "Senior Backend Engineer"
    assert page.locator(".score-card__value").inner_text() == str(application.score)
    assert "Python" in page.inner_text("#matched-title + p + ul")
    assert "Kubernetes" in page.locator("section", has=page.locator("#missing-title")).inner_text()
    assert (
        "The job asks for Kubernetes"
        in page.locator("section", has=page.locator("#improve-title")).inner_text()
    )
    snap(page, "09-score-explained")

    # Export all my data.
    page.get_by_role("link", name="My data").click()
    assert heading(page) == "My data"
    snap(page, "10-my-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("hiresscope-my-data-")
    exported = json.loads(Path(download.path()).read_text())
    assert exported["account"]["email"] == EMAIL
    assert str(application.id) in json.dumps(exported)

    # Delete the account: the password is asked for.
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    assert heading(page) == "Your account is deleted"
    snap(page, "11-account-deleted")

    # Logged out: the account pages lead to the login form.
    page.goto(f"{live_server.url}/account/")
    assert heading(page) == "Log in"
    assert page.url.endswith("/account/login/?next=/account/")
