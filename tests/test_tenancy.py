"""Tenant isolation, checked on every route the URL resolver knows (new routes are covered automatically).

For each /api/v1 route with an object id in its path, tenant B calls it with tenant A's ids, with
every method the route answers, and must get the same 404 envelope a missing id gets.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.permissions import AllowAny

from candidates.models import Application, Candidate, CandidateMerge, ScoreReviewRequest, TalentPoolEntry
from hiresscope.authentication import CandidateJWTAuthentication
from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _is_public(callback) -> bool:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return all(permission is AllowAny for permission in getattr(view_class, "permission_classes", []))


def _is_candidate_realm(callback) -> bool:
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return CandidateJWTAuthentication in getattr(view_class, "authentication_classes", [])


def object_routes():
    """Every tenant API route that takes an id in its path, as (route, view callback).

    Public routes (``AllowAny``, e.g. ``/apply/:slug``) are open to everyone by design and left out, and
    so are the candidate's own routes: no tenant credential opens them (tests/test_candidate_realm.py).
    """
    for route, pattern in _walk(get_resolver().url_patterns):
        callback = pattern.callback
        if (
            route.startswith("api/v1/")
            and "<" in route
            and not _is_public(callback)
            and not _is_candidate_realm(callback)
        ):
            yield route, callback


def _allowed_methods(callback) -> list[str]:
    actions = getattr(callback, "actions", None)
    if actions:
        return [method for method in METHODS if method in actions]
    view_class = callback.view_class
    return [method for method in METHODS if hasattr(view_class, method)]


def _model_of(callback):
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return getattr(view_class, "model", None)


@pytest.fixture
def tenant_a_objects(alice, django_capture_on_commit_callbacks):
    """One object of each kind, owned by alice's tenant, keyed by how URLs name them."""
    from demo.content import render_cv_pdf

    job = alice.client.post(
        "/api/v1/jobs",
        {"title": "Welder", "description": "Welding steel frames.", "requiredSkills": ["welding"]},
        format="json",
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        alice.client.post(
            f"/api/v1/jobs/{job['id']}/applications",
            {
                "file": _upload(render_cv_pdf("Jo Smith\nWelding, MIG, TIG since 2015.")),
                "email": "jo@x.test",
                "fullName": "Jo",
            },
            format="multipart",
        )
    key = alice.client.post("/api/v1/api-keys", {"name": "k"}, format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        run = alice.client.post(f"/api/v1/jobs/{job['id']}/rescore-runs").json()
    person = Application.objects.get().candidate
    pool_entry = TalentPoolEntry.objects.create(tenant=alice.tenant, candidate=person)
    duplicate = Candidate.objects.create(tenant=alice.tenant, full_name="Jo S.", email="jo.s@x.test")
    merge = CandidateMerge.objects.create(tenant=alice.tenant, survivor=person, absorbed=duplicate)
    webhook = alice.client.post(
        "/api/v1/webhooks", {"url": "https://93.184.215.14/hook", "events": ["*"]}, format="json"
    ).json()
    from webhooks.models import WebhookDelivery

    delivery = WebhookDelivery.objects.create(
        tenant=alice.tenant, endpoint_id=webhook["id"], message_id="msg_t", event_type="job.created", body="{}",
        next_attempt_at=timezone.now(),
    )  # fmt: skip
    review = ScoreReviewRequest.objects.create(tenant=alice.tenant, application=Application.objects.get())
    invitation = alice.client.post(
        "/api/v1/team/invitations", {"email": "new@acme.test", "role": "RECRUITER"}, format="json"
    ).json()
    from accounts.actors import Actor
    from assessments import services as assessment_services
    from assessments.models import AssessmentDefinition

    assessment_services.library_ensure(tenant=alice.tenant)
    assessment = AssessmentDefinition.objects.get(tenant=alice.tenant, library_key="contact-centre")
    [attempt] = assessment_services.invitations_create(
        tenant=alice.tenant,
        by=Actor.member(alice.user),
        definition_id=assessment.pk,
        candidate_ids=[person.pk],
    )
    return {
        "AssessmentDefinition": str(assessment.id),
        "AssessmentInvitation": str(attempt.invitation.id),
        "question_id": "cc-sp-1",
        "Membership": str(alice.user.memberships.get().id),
        "Invitation": invitation["id"],
        "ScoreReviewRequest": str(review.id),
        "Candidate": str(person.id),
        "TalentPoolEntry": str(pool_entry.id),
        "CandidateMerge": str(merge.id),
        "job_id": job["id"],
        "Job": job["id"],
        "Application": str(Application.objects.get().id),
        "ApiKey": key["id"],
        "RescoreRun": run["id"],
        "WebhookEndpoint": webhook["id"],
        "webhook_id": webhook["id"],
        "WebhookDelivery": str(delivery.id),
    }


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cv.pdf", data)


def _url(route: str, callback, ids: dict[str, str]) -> str:
    model = _model_of(callback)

    def substitute(match):
        name = match.group(1)
        if name in ids:
            return ids[name]
        if name == "pk" and model is not None and model.__name__ in ids:
            return ids[model.__name__]
        raise AssertionError(
            f"No tenant-A fixture for <{name}> in {route} (view model {model}); add one to tenant_a_objects."
        )

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", substitute, route)


def test_every_object_route_is_covered(tenant_a_objects):
    routes = list(object_routes())
    # Guards the walk itself: if it found nothing, the isolation test below would pass vacuously.
    assert len(routes) >= 5, routes


def test_another_tenants_ids_answer_404_on_every_route_and_method(alice, bob, tenant_a_objects):
    checked = 0
    bob_key_client = bob.api_key_client()  # one key: the trial plan allows a handful
    for route, callback in object_routes():
        url = _url(route, callback, tenant_a_objects)
        missing_url = _url(route, callback, {name: str(uuid.uuid4()) for name in tenant_a_objects})
        for method in _allowed_methods(callback):
            for client in (bob.client, bob_key_client):
                response = getattr(client, method)(url, {}, format="json" if method != "get" else None)
                if response.status_code == 403 and client is not bob.client:
                    continue  # JWT-only routes refuse API keys before looking anything up
                body = assert_envelope(response, 404)
                missing = getattr(bob.client, method)(
                    missing_url, {}, format="json" if method != "get" else None
                )
                missing_body = assert_envelope(missing, 404)
                assert {k: v for k, v in body.items() if k != "requestId"} == {
                    k: v for k, v in missing_body.items() if k != "requestId"
                }, (method, route)
                checked += 1
    assert checked >= 8


def test_tenant_a_still_sees_its_own_objects(alice, tenant_a_objects):
    assert alice.client.get(f"/api/v1/jobs/{tenant_a_objects['Job']}").status_code == 200
    assert alice.client.get(f"/api/v1/applications/{tenant_a_objects['Application']}").status_code == 200
    assert alice.client.get(f"/api/v1/jobs/{tenant_a_objects['job_id']}/applications").json()["count"] == 1
