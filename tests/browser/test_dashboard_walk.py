"""A recruiter's whole walk through the employer dashboard in a real browser (Debian's Chromium, headless,
driven by Playwright) against a live server: sign up → create a job → edit its rubric → bulk-upload 5
CVs and watch them score → open the best and see its evidence highlighted in the CV → drag it to
Shortlisted → the analytics change → invite a recruiter, who joins, signs in and cannot manage API keys.
The browser reports no error on the way (console, failed request, CSP refusal).

Run: ``.venv/bin/python -m pytest tests/browser -m browser -q``. With ``HIRESSCOPE_SCREENSHOTS=1`` each
main page is saved to docs/screenshots/ (as in the README); otherwise nothing in the work tree changes.
"""

import re

import pytest
from django.core import mail

from demo.content import DEMO_CANDIDATES, DEMO_JOBS, render_cv
from tests.browser.helpers import drag_card
from tests.browser.test_candidate_walk import VIEWPORT, chromium, snap  # noqa: F401 - the shared browser fixture
from tests.browser.test_csp import watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BACKEND = DEMO_JOBS[0]
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
}


def cv_files(count: int) -> list[dict]:
    """``count`` CVs as a person drops them on the page: the demo's people, in their own file types."""
    files = []
    for person in DEMO_CANDIDATES[:count]:
        name = f"{person.full_name.replace(' ', '_')}.{person.kind}"
        files.append(
            {"name": name, "mimeType": MIME[person.kind], "buffer": render_cv(person.cv_text, person.kind)}
        )
    return files


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def test_a_recruiter_signs_up_posts_a_job_ranks_cvs_shortlists_and_invites_a_colleague(
    live_server,
    settings,
    transactional_db,
    chromium,  # noqa: F811
):
    page = chromium
    settings.PUBLIC_BASE_URL = live_server.url  # the invitation's link points at this server
    problems = watch(page)

    # Sign up: the trial starts, the overview says what to do first.
    page.goto(f"{live_server.url}/dashboard/signup/")
    snap(page, "dashboard-01-sign-up")
    page.get_by_label("Company name").fill("Northwind Robotics")
    page.get_by_label("Your full name").fill("Robin Recruiter")
    page.get_by_label("Work email").fill("robin@northwind.test")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_role("button", name="Create my company's account").click()
    assert heading(page) == "Overview"
    assert "free trial has started" in page.inner_text("#notices")
    assert page.get_by_role("link", name="Post your first job").first.is_visible()
    snap(page, "dashboard-02-overview-new-company")

    # Create a job: the optimizer's findings sit beside the description.
    page.get_by_role("link", name="New job").first.click()
    page.get_by_label("Job title").fill(BACKEND.title)
    page.get_by_role("textbox", name="Description").fill(BACKEND.description)
    page.get_by_label("Required skills").fill(", ".join(BACKEND.required_skills))
    page.get_by_label("Nice-to-have skills").fill(", ".join(BACKEND.nice_to_have_skills))
    page.get_by_label("Location").fill(BACKEND.location)
    page.get_by_label("Status").select_option("ACTIVE")
    page.get_by_label("List it publicly").check()
    page.get_by_role("button", name="Save the job").click()
    assert heading(page) == BACKEND.title
    assert "is saved" in page.inner_text("#notices")
    job_url = page.url.split("/edit/")[0] + "/"

    # Edit its rubric: add Kubernetes as a nice-to-have; the preview shows the change, then save.
    rows = page.locator(".rubric__table tbody tr")
    blank = next(
        i for i in range(rows.count()) if rows.nth(i).locator("input[name$='-name']").input_value() == ""
    )
    row = rows.nth(blank)
    row.locator("select[name$='-kind']").select_option("NICE_TO_HAVE")
    row.locator("input[name$='-name']").fill("Kubernetes")
    snap(page, "dashboard-03-job-and-rubric")
    page.get_by_role("button", name="Save the rubric").click()
    assert "Rubric saved" in page.inner_text("#notices")
    assert "Kubernetes" in [
        page.locator(".rubric__table input[name$='-name']").nth(i).input_value()
        for i in range(page.locator(".rubric__table input[name$='-name']").count())
    ]

    walk_applications(page, live_server, job_url)
    walk_team(page, live_server, settings)
    assert [problem for problem in problems if "/favicon.ico" not in problem] == [], problems


def walk_applications(page, live_server, job_url: str) -> None:
    """Upload, ranking, the evidence, the board and the analytics (the pages of the applications)."""
    # Bulk-upload 5 CVs: the list follows each file until it is scored, with no page reload.
    page.get_by_role("link", name="Upload CVs").click()
    page.evaluate("window.__samePage = true")  # gone if the page reloads
    page.get_by_label("Choose CV files").set_input_files(files=cv_files(5))
    page.get_by_role("button", name="Upload and score").click()
    page.wait_for_selector("#upload-list >> text=All done")
    assert page.locator(".upload-item--scored").count() == 5
    assert page.evaluate("window.__samePage === true")
    snap(page, "dashboard-04-upload-scored")

    # The ranked table: best first, each with its score bar and the requirements met and missing.
    page.get_by_role("link", name="See the ranked applications").click()
    page.wait_for_url(job_url)
    rows = page.locator(".apps-table tbody tr")
    assert rows.count() == 5
    scores = [
        int(v) for v in page.locator(".apps-table tbody meter").evaluate_all("ms => ms.map(m => m.value)")
    ]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    snap(page, "dashboard-05-ranked-applications")

    # The best one: its evidence is highlighted in the CV, and a requirement's quote leads to its mark.
    best = rows.first.locator("th a").inner_text()
    rows.first.locator("th a").click()
    page.wait_for_url("**/dashboard/applications/**")
    assert best in heading(page)
    assert page.locator("h1").count() == 1  # a page of its own, not swapped into the table
    marks = page.locator(".app-cv mark")
    assert marks.count() > 0
    first_quote = page.locator("a[href^='#ev-']").first
    target = first_quote.get_attribute("href")
    first_quote.click()
    assert page.url.endswith(target)
    assert page.locator(f"mark{target}").is_visible()
    snap(page, "dashboard-06-application-evidence")
    # By keyboard: the first Tab reaches the skip link; "j" opens the next candidate by rank, "k" comes back.
    here = page.url.split("#")[0]
    page.goto(here)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Escape")
    page.locator("h1").click()  # focus back on the page, not in a field (shortcuts wait while typing)
    page.keyboard.press("j")
    page.wait_for_url(lambda url: url.split("#")[0] != here)
    assert heading(page) != best
    page.keyboard.press("k")
    page.wait_for_url(lambda url: url.split("#")[0] == here)

    # The board: drag the best to Shortlisted.
    page.goto(job_url + "board/")
    page.set_viewport_size({"width": 1600, "height": 900})  # all six columns in view
    drag_card(page, best, "SHORTLISTED")
    page.wait_for_selector(f"#notices >> text={best}: Moved to Shortlisted.")
    assert page.locator(f"[data-stage='SHORTLISTED'] .board__card[data-name='{best}']").count() == 1
    snap(page, "dashboard-07-board")
    page.set_viewport_size(VIEWPORT)

    # The analytics count it at once (the stage change refreshes the cached figures).
    page.get_by_role("link", name="Analytics").first.click()
    page.wait_for_url("**/dashboard/analytics/")
    assert heading(page) == "Analytics"
    tiles = page.inner_text(".tiles")
    assert re.search(r"\b1\s+Shortlisted or (further|later)", tiles), tiles
    snap(page, "dashboard-08-analytics")


def walk_team(page, live_server, settings) -> None:
    """Invite a recruiter, who joins and finds API keys closed to them."""
    page.get_by_role("link", name="Team").click()
    assert heading(page) == "Team"
    page.get_by_label("Email", exact=True).fill("casey@northwind.test")
    page.get_by_label("Role", exact=True).select_option("RECRUITER")
    page.get_by_role("button", name="Send invitation").click()
    assert "casey@northwind.test" in page.inner_text("main")
    snap(page, "dashboard-09-team")
    page.get_by_role("link", name="API keys").click()
    assert heading(page) == "API keys"
    snap(page, "dashboard-10-api-keys")

    # The invitation's email carries the one link; the recruiter opens it in their own browser.
    link = re.search(r"http\S+/team/join/\S+", mail.outbox[-1].body).group(0)
    recruiter = page.context.browser.new_context(viewport=page.viewport_size, locale="en-GB").new_page()
    problems = watch(recruiter)
    recruiter.goto(link)
    recruiter.get_by_label("Your full name").fill("Casey Colleague")
    recruiter.get_by_label("Choose a password").fill(PASSWORD)
    recruiter.get_by_role("button", name="Join Northwind Robotics").click()
    assert heading(recruiter) == "Overview"
    assert "Recruiter" in recruiter.inner_text(".topbar")

    # Signed out and in again with the new password: the recruiter works, but keys are not theirs.
    recruiter.get_by_role("button", name="Sign out").click()
    recruiter.get_by_label("Email").fill("casey@northwind.test")
    recruiter.get_by_label("Password").fill(PASSWORD)
    recruiter.get_by_role("button", name="Sign in").click()
    assert heading(recruiter) == "Overview"
    sidebar = recruiter.inner_text(".sidebar")
    assert "Jobs" in sidebar and "API keys" not in sidebar
    refused = recruiter.goto(f"{live_server.url}/dashboard/settings/api-keys/")
    assert refused.status == 403
    assert "does not allow api_keys.manage" in recruiter.inner_text("main")
    # The refused page is the one expected error of this browser.
    assert [p for p in problems if "/favicon.ico" not in p and "api-keys" not in p] == [], problems
    recruiter.context.close()
