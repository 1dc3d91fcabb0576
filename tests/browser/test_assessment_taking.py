"""A candidate takes an assessment in a real browser (Debian's Chromium, headless, Playwright) against a
live server: the emailed link → start → a typing test typed key by key → a multiple-choice answer →
a reload that loses nothing → another tab in front and back (a signal is stored) → finish. axe finds
nothing serious on the start and question pages.

Run: ``.venv/bin/python -m pytest tests/browser -m browser -q``.
"""

import pytest

from accounts.actors import Actor
from assessments import services
from assessments.models import AssessmentDefinition, AssessmentInvitation, AssessmentStatus, ProctoringSignal
from tests.browser.helpers import axe_violations, blocking, hide_and_show_tab
from tests.browser.test_candidate_walk import chromium  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_a_candidate_takes_an_assessment_with_typing_a_reload_and_a_tab_switch(
    live_server,
    alice,
    chromium,  # noqa: F811
):
    page = chromium
    services.library_ensure(tenant=alice.tenant)
    definition = AssessmentDefinition.objects.get(tenant=alice.tenant, library_key="contact-centre")
    [outcome] = services.invitations_create(
        tenant=alice.tenant,
        by=Actor.member(alice.user),
        definition_id=definition.pk,
        emails=["mara@example.test"],
    )
    invitation = outcome.invitation
    _, token = services.invitation_mint_token(invitation_id=invitation.pk)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    # The link: what it asks, the rules, what is recorded.
    page.goto(f"{live_server.url}/assess/{token}/")
    assert page.locator("h1").inner_text() == definition.name
    assert "What is recorded, and who decides" in page.inner_text("main")
    assert blocking(axe_violations(page)) == []
    page.get_by_role("button", name="Start the assessment").click()

    # The typing test: the clock starts at the first keystroke; the answer autosaves.
    page.wait_for_url(f"**/assess/{token}/q/cc-tp-1/")
    assert page.locator("h1").inner_text() == "Question 1 of 12"
    assert blocking(axe_violations(page)) == []
    typing = page.get_by_label("Type the passage here")
    typing.focus()
    page.keyboard.type("When a customer calls about a late delivery", delay=40)
    page.keyboard.press("Backspace")
    page.keyboard.type("y")
    expect(page.locator("[data-save-status]")).to_have_text("Saved")
    assert "seconds left" in page.inner_text("[data-typing-clock]")

    # A multiple-choice answer, by keyboard.
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/q/cc-we-1/")
    page.get_by_label("I could have called you sooner.").check()
    expect(page.locator("[data-save-status]")).to_have_text("Saved")
    assert blocking(axe_violations(page)) == []

    # A reload loses nothing.
    page.reload()
    assert page.get_by_label("I could have called you sooner.").is_checked()
    page.locator("button[value='goto:cc-tp-1']").click()
    page.wait_for_url("**/q/cc-tp-1/")
    assert (
        page.get_by_label("Type the passage here").input_value()
        == "When a customer calls about a late delivery"
    )

    # Another tab in front, then back: the page reports it.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.bring_to_front()
    page.wait_for_timeout(1200)
    page.bring_to_front()
    other.close()
    page.wait_for_timeout(500)
    left = ProctoringSignal.objects.filter(invitation=invitation, kind__in=["TAB_HIDDEN", "WINDOW_BLUR"])
    if not left.exists():
        # Headless Chromium may keep both pages "visible": play the same events the browser would send.
        hide_and_show_tab(page)
        page.wait_for_timeout(800)
    kinds = set(ProctoringSignal.objects.filter(invitation=invitation).values_list("kind", flat=True))
    assert kinds & {"TAB_HIDDEN", "WINDOW_BLUR"}, kinds

    # Finish.
    page.get_by_role("button", name="Finish", exact=True).click()
    page.wait_for_url(f"**/assess/{token}/finish")
    page.get_by_role("button", name="Finish and submit").click()
    page.wait_for_url(f"**/assess/{token}/done/")
    assert page.locator("h1").inner_text() == "Assessment submitted"
    invitation = AssessmentInvitation.objects.get(pk=invitation.pk)
    assert invitation.status == AssessmentStatus.COMPLETED
    assert invitation.typing_wpm and invitation.typing_wpm > 0
    assert invitation.answers.get(question_id="cc-we-1").value == [1]
    assert problems == []
