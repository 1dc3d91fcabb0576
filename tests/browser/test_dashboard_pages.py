"""Every page of the employer dashboard in a real browser (Debian's Chromium through Playwright), found
by walking the URL resolver: it loads with no console error, no failed request and no CSP refusal, and
axe-core (vendored from npm) reports no serious or critical accessibility violation.

axe runs through the DevTools protocol, so the pages are audited under their own CSP, as users get them.
The company is the demo's (real CVs parsed and scored by the engine) plus one of everything a page can
name (a webhook, an invoice, an invitation...), seen by its owner, who may open every page.

Run: ``.venv/bin/python -m pytest tests/browser -m browser -q``.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.actors import Actor
from accounts.models import AuditEntry, Membership, MembershipRole, Tenant
from assessments.models import AssessmentInvitation
from billing.services import invoice_create
from candidates.models import Application
from teams.services import invitation_create
from tests import factories
from tests.browser.helpers import axe_violations, blocking
from tests.browser.test_candidate_walk import chromium, snap  # noqa: F401 - the shared browser fixture
from tests.browser.test_csp import watch
from tests.dashboard.test_dashboard_permissions import scoped_routes
from webhooks.models import WebhookDelivery
from webhooks.services import endpoint_create

pytestmark = pytest.mark.browser

# Saved to docs/screenshots/ with HIRESSCOPE_SCREENSHOTS=1, on the demo's data.
MAIN_PAGES = {
    "home",
    "jobs",
    "job_create",
    "job_edit",
    "job",
    "job_board",
    "job_upload",
    "job_analytics",
    "application",
    "candidates",
    "candidate",
    "talent_pool",
    "analytics",
    "team",
    "api_keys",
    "webhooks",
    "webhook",
    "billing",
    "referrals",
    "company_settings",
    "audit_log",
    "assessments",
    "assessment",
    "assessment_attempt",
}


def demo_company_ids() -> tuple[Membership, dict]:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - a sink for its report
    tenant = Tenant.objects.get(slug="northwind-robotics-demo")
    owner = Membership.objects.get(tenant=tenant, role=MembershipRole.OWNER)
    by = Actor.member(owner.user)
    application = Application.objects.for_tenant(tenant).order_by("-score").first()
    member = factories.MembershipFactory(tenant=tenant, role=MembershipRole.RECRUITER)
    invitation = invitation_create(tenant=tenant, by=by, email="new.hire@example.test", role="VIEWER")
    endpoint, _ = endpoint_create(tenant=tenant, by=by, url="https://hooks.example.com/hr", events=["*"])
    delivery = WebhookDelivery.objects.create(
        tenant=tenant,
        endpoint=endpoint,
        message_id="msg_pages",
        event_type="test",
        body="{}",
        status="FAILED",
    )
    invoice = invoice_create(tenant_id=tenant.id, plan_code="growth", by=Actor.process("test"))
    flagged = AssessmentInvitation.objects.for_tenant(tenant).get(red_flag=True)
    ids = {
        "job_id": application.job_id,
        "application_id": application.id,
        "candidate_id": application.candidate_id,
        "membership_id": member.id,
        "invitation_id": invitation.id,
        "key_id": tenant_key_id(tenant),
        "webhook_id": endpoint.id,
        "delivery_id": delivery.id,
        "invoice_id": invoice.id,
        "entry_id": AuditEntry.objects.for_tenant(tenant).order_by("created_at").first().id,
        # The demo's flagged attempt with a spoken answer to review (seed_demo makes it).
        "assessment_id": flagged.definition_id,
        "attempt_id": flagged.id,
        "answer_id": flagged.answers.exclude(recording="").get().id,
    }
    return owner, ids


def tenant_key_id(tenant):
    from accounts.models import ApiKey

    return ApiKey.objects.for_tenant(tenant).order_by("created_at").first().id


def session_cookie(live_server, user) -> dict:
    """A dashboard session for ``user``, as the sign-in page makes it."""
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": live_server.url}


def test_every_dashboard_page_is_quiet_and_accessible(live_server, transactional_db, chromium):  # noqa: F811
    owner, ids = demo_company_ids()
    page = chromium
    page.context.add_cookies([session_cookie(live_server, owner.user)])
    problems = watch(page)
    urls = {}
    for route in scoped_routes():
        if "get" in route.view_class.permissions:
            urls[reverse(f"dashboard:{route.name}", kwargs={k: ids[k] for k in route.kwargs})] = route.name
    audited = {}
    assert set(urls.values()) >= MAIN_PAGES, MAIN_PAGES - set(urls.values())
    downloads = []
    for url, name in urls.items():
        # A download (the CV file, the CSV export) is not a page: checked by its own tests.
        answer = page.request.get(f"{live_server.url}{url}")
        assert answer.status == 200, url
        if not answer.headers.get("content-type", "").startswith("text/html"):
            downloads.append(url)
            continue
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        audited[url] = blocking(axe_violations(page))
        if name in MAIN_PAGES:
            snap(page, f"dashboard-page-{name.replace('_', '-')}")
    assert problems == [], problems

    # With JavaScript off, every page still shows its content (htmx and the charts only enhance).
    plain = page.context.browser.new_context(java_script_enabled=False)
    plain.add_cookies([session_cookie(live_server, owner.user)])
    plain_page = plain.new_page()
    for url in audited:
        assert plain_page.goto(f"{live_server.url}{url}").status == 200, url
        assert plain_page.locator("main h1").first.is_visible(), url
        assert plain_page.locator("main").inner_text().strip(), url
    plain.close()
    failing = {url: found for url, found in audited.items() if found}
    assert failing == {}, "\n".join(
        f"{url}: {v['id']} {v['nodes']}" for url, found in failing.items() for v in found
    )
    assert len(audited) >= 25 and len(downloads) <= 3, (len(audited), downloads)
