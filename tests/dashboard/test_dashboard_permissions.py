"""Every dashboard page obeys the API's permission map, found by walking the URL resolver, not by a list
someone must remember to extend:

- every route under /dashboard/ is a ``DashboardView`` (which checks the map) or one of the sign-in pages
  on the allow-list below, each with its reason;
- for every page and every HTTP method it handles, each role the map refuses gets 403, and each role it
  allows gets the page (never 403, never a 500);
- another company's ids answer 404 on every page that takes one;
- every link of the navigation and of a job's tabs leads to a page that exists.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.actors import Actor
from accounts.models import AuditEntry, MembershipRole
from accounts.services import api_key_create
from billing.services import invoice_create
from dashboard.access import DashboardView
from dashboard.nav import NAVIGATION
from dashboard.templatetags.dashboard_tags import JOB_TABS
from hiresscope.permissions import ROLE_PERMISSIONS
from teams.services import invitation_create
from tests import factories
from tests.dashboard.conftest import Company
from tests.dashboard.test_assessment_pages import spoken_attempt
from webhooks.models import WebhookDelivery
from webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db

# Pages anyone may open, and why: they are how a person gets in (or out), and decide nothing for a company.
PUBLIC_PAGES = {
    "login": "signing in",
    "logout": "signing out ends one's own session",
    "signup": "creating a company",
    "password_forgot": "asking for a reset link (answers the same whoever asks)",
    "password_reset": "a reset link proves itself",
    "no_company": "tells a signed-in person without a company what to do",
    "switch_company": "moves one's own session to another company one belongs to (checked by the service)",
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    view_class: type | None
    kwargs: tuple[str, ...]


def dashboard_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace == "dashboard":
                routes.append(
                    Route(
                        name=entry.name,
                        pattern=prefix + str(entry.pattern),
                        view_class=getattr(entry.callback, "view_class", None),
                        kwargs=tuple(entry.pattern.converters),
                    )
                )

    walk(get_resolver().url_patterns, "", None)
    return routes


def scoped_routes() -> list[Route]:
    return [r for r in dashboard_routes() if r.name not in PUBLIC_PAGES]


def objects_of(company: Company) -> dict[str, str]:
    """One of everything a dashboard URL can name, in ``company``: the kwargs the routes take."""
    tenant, by = company.tenant, Actor.member(company.owner)
    job = factories.JobFactory(tenant=tenant)
    application = factories.ApplicationFactory(job=job, scored=True)
    application.cv_file.save(application.cv_file.name.rsplit("/", 1)[-1], ContentFile(b"A CV"), save=True)
    member = factories.MembershipFactory(tenant=tenant, role=MembershipRole.VIEWER)
    invitation = invitation_create(tenant=tenant, by=by, email=f"new@{tenant.slug}.test", role="RECRUITER")
    key, _ = api_key_create(tenant=tenant, by=by, name="walk")
    endpoint, _ = endpoint_create(tenant=tenant, by=by, url="https://hooks.example.com/hr", events=["*"])
    delivery = WebhookDelivery.objects.create(
        tenant=tenant, endpoint=endpoint, message_id="msg_walk", event_type="test", body="{}", status="FAILED"
    )
    invoice = invoice_create(tenant_id=tenant.id, plan_code="growth", by=Actor.process("test"))
    entry = AuditEntry.objects.for_tenant(tenant).order_by("created_at").first()
    # An assessment, an attempt at it (``attempt_id``: ``invitation_id`` is a team invitation's) and its
    # recorded spoken answer (the recording page streams it).
    assessment, attempt, answer = spoken_attempt(company)
    return {
        "job_id": job.id,
        "application_id": application.id,
        "candidate_id": application.candidate_id,
        "membership_id": member.id,
        "invitation_id": invitation.id,
        "key_id": key.id,
        "webhook_id": endpoint.id,
        "delivery_id": delivery.id,
        "invoice_id": invoice.id,
        "entry_id": entry.id,
        "assessment_id": assessment.id,
        "attempt_id": attempt.id,
        "answer_id": answer.id,
    }


def url_of(route: Route, ids: dict) -> str:
    missing = [name for name in route.kwargs if name not in ids]
    assert not missing, f"{route.name} takes {missing}: name its kwargs from the shared vocabulary"
    return reverse(f"dashboard:{route.name}", kwargs={name: ids[name] for name in route.kwargs})


def test_every_dashboard_route_is_scoped_or_a_reasoned_public_page():
    routes = dashboard_routes()
    assert {r.name for r in routes} >= set(PUBLIC_PAGES)
    unscoped = [
        r.pattern for r in scoped_routes() if not (r.view_class and issubclass(r.view_class, DashboardView))
    ]
    assert unscoped == [], f"dashboard routes that do not check the permission map: {unscoped}"


def test_each_role_gets_exactly_what_the_permission_map_gives_it(acme):
    ids = objects_of(acme)
    clients = {role: acme.client(role) for role in MembershipRole}
    checked = 0
    for route in scoped_routes():
        url = url_of(route, ids)
        for method, permission in route.view_class.permissions.items():
            for role, client in clients.items():
                allowed = permission in ROLE_PERMISSIONS[role]
                if method != "get" and allowed:
                    continue  # an allowed write would change the data the next cases use; pages test them
                response = client.generic(method.upper(), url)
                where = f"{method.upper()} {url} as {role} ({permission})"
                if allowed:
                    assert response.status_code not in (403, 404, 405) and response.status_code < 500, where
                else:
                    assert response.status_code == 403, where
                checked += 1
    assert checked > 0


def test_another_companys_ids_are_not_found(acme, globex):
    theirs = objects_of(globex)
    client = acme.client()
    for route in scoped_routes():
        if not route.kwargs:
            continue
        method = "get" if "get" in route.view_class.permissions else next(iter(route.view_class.permissions))
        response = client.generic(method.upper(), url_of(route, theirs))
        assert response.status_code == 404, f"{method.upper()} {route.pattern} with Globex's ids"


def test_every_navigation_link_and_job_tab_leads_to_a_page():
    names = {f"dashboard:{r.name}" for r in dashboard_routes()}
    wanted = {entry.url_name for _, entries in NAVIGATION for entry in entries} | {tab[0] for tab in JOB_TABS}
    assert wanted - names == set()
