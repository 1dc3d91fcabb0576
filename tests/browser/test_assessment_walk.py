"""The issue-18 walk, in a real browser against a live server: a recruiter invites a candidate from the
application page → the candidate opens the emailed link and takes the typing test key by key, reloads in
the middle (nothing is lost), switches tab and pastes into the typing box (blocked, and recorded) →
finishes → the recruiter sees the scorecard beside the CV score, the red flag, and the signal that raised
it. Screenshots with ``HIRESSCOPE_SCREENSHOTS=1`` (docs/screenshots/assessment-*.png).
"""

import re

import pytest
from django.core import mail

from assessments.models import AssessmentInvitation, AssessmentStatus, ProctoringSignal
from tests import factories
from tests.browser.helpers import axe_violations, blocking, hide_and_show_tab
from tests.browser.test_candidate_walk import chromium, snap  # noqa: F401 - the shared browser fixture
from tests.browser.test_csp import watch
from tests.browser.test_dashboard_pages import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect = pytest.importorskip("playwright.sync_api").expect

PASTED = "The quick brown fox pasted this whole sentence instead of typing it."


def wait_for_signal(page, invitation, kind: str) -> None:
    """The page sends signals in the background: wait (up to 5 s) until the server has stored one."""
    for _ in range(50):
        if ProctoringSignal.objects.filter(invitation=invitation, kind=kind).exists():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no {kind} signal was stored")


def test_invite_take_with_a_reload_and_a_tab_switch_then_the_scorecard_and_its_flag(
    live_server,
    settings,
    alice,
    chromium,  # noqa: F811
):
    settings.PUBLIC_BASE_URL = live_server.url  # the emailed link points at this server
    job = factories.JobFactory(tenant=alice.tenant, title="Customer Support Agent", status="ACTIVE")
    application = factories.ApplicationFactory(tenant=alice.tenant, job=job, scored=True)
    recruiter = chromium
    recruiter.context.add_cookies([session_cookie(live_server, alice.user)])
    problems = watch(recruiter)

    # The recruiter invites the candidate from the application page, with 25% extra time.
    recruiter.goto(f"{live_server.url}/dashboard/applications/{application.pk}/")
    recruiter.get_by_label("Invite to an assessment").select_option(label="Typing speed and accuracy")
    recruiter.get_by_label("Extra time").fill("25")
    recruiter.get_by_role("button", name="Invite", exact=True).click()
    expect(recruiter.locator("#assessments")).to_contain_text("Typing speed and accuracy")
    [message] = [m for m in mail.outbox if "assessment" in m.subject]
    assert message.to == [application.candidate.email]
    link = re.search(r"http://\S+/assess/\S+/", message.body).group(0)
    invitation = AssessmentInvitation.objects.get(application=application)
    assert invitation.extra_time_percent == 25

    # The candidate, in a browser of their own.
    context = recruiter.context.browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    host = re.match(r"https?://[^/]+", live_server.url).group(0)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=host)
    candidate = context.new_page()
    candidate_problems = watch(candidate)
    candidate.goto(link)
    expect(candidate.locator("main")).to_contain_text("What is recorded")
    snap(candidate, "assessment-01-start")
    candidate.get_by_role("button", name="Start the assessment").click()
    candidate.wait_for_url("**/q/**")
    typing = candidate.get_by_label("Type the passage here")
    typing.focus()
    candidate.keyboard.type("Northwind Supplies ships", delay=30)
    expect(candidate.locator("[data-save-status]")).to_have_text("Saved")
    snap(candidate, "assessment-02-typing")

    # A reload in the middle of the typing test loses nothing, and the test goes on.
    candidate.reload()
    typing = candidate.get_by_label("Type the passage here")
    assert typing.input_value() == "Northwind Supplies ships"
    typing.focus()
    candidate.keyboard.press("End")
    candidate.keyboard.type(" orders", delay=30)
    expect(candidate.locator("[data-save-status]")).to_have_text("Saved")

    # A tab switch: headless Chromium keeps every tab "visible" when another is brought to the front,
    # so after trying, the page gets the event the browser sends when a tab is hidden and shown again.
    other = context.new_page()
    other.goto(f"{live_server.url}/")
    other.bring_to_front()
    candidate.bring_to_front()
    other.close()
    if not ProctoringSignal.objects.filter(invitation=invitation, kind="TAB_HIDDEN").exists():
        hide_and_show_tab(candidate)
    wait_for_signal(candidate, invitation, "TAB_HIDDEN")
    # A real paste (the clipboard, Ctrl+V) into the typing box: refused there, and recorded.
    candidate.evaluate(f"navigator.clipboard.writeText({PASTED!r})")
    typing.focus()
    candidate.keyboard.press("Control+V")
    assert typing.input_value() == "Northwind Supplies ships orders"
    wait_for_signal(candidate, invitation, "PASTE")

    # Finish (the second passage is left unanswered).
    candidate.get_by_role("button", name="Finish", exact=True).click()
    candidate.get_by_role("button", name="Finish and submit").click()
    candidate.wait_for_url("**/done/")
    snap(candidate, "assessment-03-submitted")
    invitation.refresh_from_db()
    assert invitation.status == AssessmentStatus.COMPLETED
    assert invitation.answers.get(question_id="tp-1").value["typed"] == "Northwind Supplies ships orders"
    kinds = set(invitation.signals.values_list("kind", flat=True))
    assert {"TAB_HIDDEN", "PASTE"} <= kinds, kinds
    assert invitation.red_flag and invitation.typing_wpm > 0

    # The recruiter sees the scorecard beside the CV score, and the flag with the signal that raised it.
    recruiter.goto(f"{live_server.url}/dashboard/applications/{application.pk}/")
    cards = recruiter.locator("#assessments")
    expect(cards).to_contain_text("Red flag")
    expect(cards).to_contain_text("separate from the CV score")
    snap(recruiter, "assessment-04-scorecard-on-the-application")
    cards.get_by_role("link", name="Typing speed and accuracy").click()
    flag = recruiter.locator("section.panel--danger")
    expect(flag).to_contain_text("into the typing test")
    expect(flag).to_contain_text("Pasted")
    expect(recruiter.locator("#timeline-title + .table-wrap")).to_contain_text("Left the tab")
    assert blocking(axe_violations(recruiter)) == []
    snap(recruiter, "assessment-05-attempt-and-flag")
    context.close()
    assert problems == [] and candidate_problems == [], (problems, candidate_problems)
