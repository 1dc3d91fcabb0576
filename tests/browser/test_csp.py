"""The Content-Security-Policy breaks nothing: in a real browser, Swagger UI draws the API, the careers
pages and the Django admin work, and the browser reports no blocked script, style or request.

Run: ``.venv/bin/python -m pytest tests/browser -m browser -q``.
"""

import pytest

from tests.browser.test_candidate_walk import chromium  # noqa: F401 - the shared browser fixture
from tests.conftest import PASSWORD
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.browser


def watch(page) -> list[str]:
    """Everything the browser complains about: CSP refusals, script errors, failed loads."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}") if response.status >= 400 else None
        ),
    )
    return problems


def test_swagger_ui_careers_and_admin_run_under_the_policy(live_server, chromium, db):  # noqa: F811
    job = JobFactory(title="Platform Engineer")
    staff = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    page = chromium
    problems = watch(page)

    # Swagger UI from the sidecar: the schema is fetched and drawn (its init script is a file).
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=HireScope API")
    page.wait_for_selector(".opblock-tag")  # the operations, grouped by tag
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # our page stylesheet applied

    # Careers: the board, a job, the apply form (its script adds the file name hint)
    board = f"{live_server.url}/careers/{job.tenant.slug}/"
    page.goto(board)
    page.click("text=Platform Engineer")
    page.wait_for_url(f"{board}jobs/{job.slug}/")
    page.goto(f"{board}jobs/{job.slug}/apply/")
    page.wait_for_selector("form")

    # The admin: sign in, open a change form (its scripts: actions, widgets, the related-object popups)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(f"{live_server.url}/admin/accounts/user/{staff.pk}/change/")
    page.wait_for_selector("#user_form")
    page.goto(f"{live_server.url}/admin/accounts/user/")
    page.click("#action-toggle")  # actions.js runs
    assert page.is_checked(f"input[name=_selected_action][value='{staff.pk}']")

    # (The browser's own /favicon.ico probe on pages that name no icon is not a page's doing.)
    assert [problem for problem in problems if "/favicon.ico" not in problem] == [], problems
