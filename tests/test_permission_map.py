"""The permission map, held against every route the URL resolver knows (new routes are covered automatically).

- every /api/v1/ route is a tenant-scoped view, or on the reasoned allow-list of public and candidate routes;
- every tenant route x method is tried with every role and every API-key scope: 403 ``permission_denied``
  exactly when the table (``hiresscope.permissions``) denies the permission the view declares;
- hand-written cases say the same in words, independently of the table;
- the sealed bases refuse subclasses that replace their permissions or leave an action undeclared;
- the table in docs/architecture.md is the one the code renders.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.models import ApiKey, ApiKeyScope, Membership, MembershipRole
from accounts.services import api_key_create, employer_tokens_issue
from hiresscope.authentication import EmployerJWTAuthentication
from hiresscope.management.commands.permissions_table import DOC, documented_table
from hiresscope.permissions import (
    API_KEY_SCOPE_PERMISSIONS,
    ROLE_PERMISSIONS,
    IsCandidate,
    Perm,
    permission_table_markdown,
)
from hiresscope.viewsets import TenantScopedAPIView, TenantScopedViewSet
from jobs.models import Job
from tests.conftest import assert_envelope
from tests.factories import JobFactory, UserFactory

METHODS = ("get", "post", "put", "patch", "delete")

# Routes open without a tenant credential, each with its reason. Anything else under /api/v1/ must be a
# tenant-scoped view; a new public route is added here on purpose, never by forgetting a base class.
PUBLIC_ROUTES = {
    "api/v1/health": "load balancers and uptime checks; says nothing about any tenant",
    "api/v1/schema/": "the OpenAPI document is public, as the API's reference",
    "api/v1/docs/": "Swagger UI over the public schema",
    "api/v1/auth/signup": "creates the account and tenant: there is no credential yet",
    "api/v1/auth/login": "exchanges a password for the first credential",
    "api/v1/auth/refresh": "the refresh token in the body is the credential",
    "api/v1/billing/plans": "the price list, shown before sign-up",
    "api/v1/jobs/public": "careers listings: the jobs employers chose to publish",
    "api/v1/apply/<slug:slug>": "candidates apply through a job's public link (consent, throttled)",
    "api/v1/team/invitations/accept": "the emailed token is the credential; the password proves the person",
}
# The candidate realm: candidate tokens (or none, to get one); no tenant credential opens these.
CANDIDATE_ROUTES = {
    "api/v1/candidates/register": "a candidate creates an account: no credential yet",
    "api/v1/candidates/login": "a candidate's password for a candidate token",
    "api/v1/candidates/refresh": "the candidate's refresh token in the body is the credential",
    "api/v1/candidates/logout": "the candidate's own session",
    "api/v1/candidates/verify-email": "the emailed token is the credential",
    "api/v1/candidates/verify-email/resend": "the candidate's own address",
    "api/v1/candidates/password-reset": "asks for a reset email: no credential by design",
    "api/v1/candidates/password-reset/confirm": "the emailed token is the credential",
    "api/v1/candidates/me": "the candidate's own account",
    "api/v1/candidates/me/export": "the candidate's own data",
    "api/v1/candidates/me/applications/<uuid:app_id>/review-request": "the candidate's own application",
    "api/v1/candidates/me/profile": "the candidate's own profile",
    "api/v1/candidates/me/applications": "the candidate's own applications",
    "api/v1/candidates/me/score/<uuid:app_id>": "the candidate's own score",
    "api/v1/candidates/me/assessments": "the candidate's own assessment results and proctoring signals",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def _view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def _is_scoped(view_class) -> bool:
    return view_class is not None and issubclass(view_class, (TenantScopedViewSet, TenantScopedAPIView))


def api_routes():
    return [
        (route, callback)
        for route, callback in _walk(get_resolver().url_patterns)
        if route.startswith("api/v1/")
    ]


def test_every_api_route_is_tenant_scoped_or_allowed_public_on_purpose():
    unscoped = {route for route, callback in api_routes() if not _is_scoped(_view_class(callback))}

    assert unscoped == set(PUBLIC_ROUTES) | set(CANDIDATE_ROUTES)


@pytest.mark.parametrize("route", sorted(PUBLIC_ROUTES) + sorted(CANDIDATE_ROUTES))
def test_allowed_routes_say_who_may_call_them(route):
    """Allowed does not mean unguarded by accident: each says AllowAny or IsCandidate itself (DRF's
    default, DenyByDefault, would refuse everyone); the schema views are given no permission in urls.py."""
    callback = dict(api_routes())[route]
    initkwargs = getattr(callback, "view_initkwargs", {})
    permissions = initkwargs.get("permission_classes", _view_class(callback).permission_classes)
    if route.endswith(("schema/", "docs/")):
        assert permissions == []
    elif route in CANDIDATE_ROUTES:
        assert permissions in ([AllowAny], [IsCandidate]), permissions
    else:
        assert permissions == [AllowAny], permissions


# -- every tenant route x method x credential -----------------------------------------------------------


def tenant_operations():
    """(route, method, action, view class) for every method of every tenant route."""
    for route, callback in api_routes():
        view_class = _view_class(callback)
        if not _is_scoped(view_class):
            continue
        actions = getattr(callback, "actions", None)
        if actions is None:
            actions = {method: method for method in METHODS if method in view_class.declared_actions()}
        for method, action_name in actions.items():
            if method in METHODS:  # DRF adds "head" to a viewset's mapping once it has served a request
                yield route, method, action_name, view_class


ROLES = [role.value for role in MembershipRole]
SCOPES = [scope.value for scope in ApiKeyScope]


def _takes_member_tokens(view_class) -> bool:
    # The seeds' adapters take only their own API-key headers (HrFlow, b2d); everything else takes both.
    return any(issubclass(a, EmployerJWTAuthentication) for a in view_class.authentication_classes)


def cases():
    for route, method, action_name, view_class in tenant_operations():
        credentials = [f"key:{scope}" for scope in SCOPES]
        if _takes_member_tokens(view_class):
            credentials = [f"role:{role}" for role in ROLES] + credentials
        for credential in credentials:
            yield pytest.param(
                route,
                method,
                action_name,
                view_class,
                credential,
                id=f"{method.upper()} {route[7:]} as {credential}",
            )


def _path(route: str) -> str:
    """A concrete path for a route: random ids (the permission is checked before any lookup)."""
    parts = []
    for part in route.split("/"):
        if part.startswith("<") and part.endswith(">"):
            converter = part[1:-1].split(":")[0]
            part = "some-slug" if converter == "slug" else str(uuid.uuid4())
        parts.append(part)
    return "/" + "/".join(parts)


def member_client(persona, role: str) -> APIClient:
    """A client signed in as a member of ``persona``'s tenant with ``role`` (the persona is its owner)."""
    if role == MembershipRole.OWNER:
        return persona.client
    user = UserFactory(password=None)
    Membership.objects.create(tenant=persona.tenant, user=user, role=role)
    client = APIClient()
    access = employer_tokens_issue(user=user, tenant=persona.tenant).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def key_client(persona, scope: str) -> APIClient:
    _, raw_key = api_key_create(
        tenant=persona.tenant, by=Actor.member(persona.user), name=f"{scope} key", scope=scope
    )
    client = APIClient()
    # X-API-Key for the API and b2d (headers are case-insensitive), X-USER-EMAIL for HrFlow.
    client.credentials(HTTP_X_API_KEY=raw_key, HTTP_X_USER_EMAIL=persona.user.email)
    return client


def client_for(persona, credential: str) -> tuple[APIClient, frozenset[Perm]]:
    kind, name = credential.split(":")
    if kind == "role":
        return member_client(persona, name), ROLE_PERMISSIONS[name]
    return key_client(persona, name), API_KEY_SCOPE_PERMISSIONS[name]


def _request(client: APIClient, method: str, path: str):
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, {}, format="json")


def _refused(response) -> bool:
    if response.status_code != 403 or not response.get("Content-Type", "").startswith("application/json"):
        return False
    return response.json().get("code") == "permission_denied"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hundreds of members are made here; hashing their passwords properly is not what is under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "action_name", "view_class", "credential"), list(cases()))
def test_the_table_decides_every_route(alice, route, method, action_name, view_class, credential):
    # given a member of each role, or a key of each scope, of a tenant on a live (trial) plan
    client, granted = client_for(alice, credential)
    needed = view_class.action_permissions[action_name]

    # when it calls the route with a minimal request
    response = _request(client, method, _path(route))

    # then the table alone decides whether it is refused for permission
    if needed in granted:
        assert not _refused(response), response.content[:300]
        assert response.status_code != 401, response.content[:300]  # the credential itself works
        assert response.status_code < 500, response.content[:300]
    else:
        body = assert_envelope(response, 403, "permission_denied")
        assert needed in body["message"]


def test_the_generated_cases_cover_every_tenant_route():
    routes = {case.values[0] for case in cases()}
    assert len(routes) >= 45
    assert {"api/v1/jobs/list", "api/v1/jobs/scoring", "api/v1/auth/logout", "api/v1/api-keys"} <= routes


# -- the same in words ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_viewer_cannot_create_a_job_or_change_an_application_status(alice):
    viewer = member_client(alice, MembershipRole.VIEWER)
    job = JobFactory(tenant=alice.tenant)

    created = viewer.post("/api/v1/jobs", {"title": "Welder", "description": "Steel."}, format="json")
    changed = viewer.patch(
        f"/api/v1/applications/{uuid.uuid4()}/status", {"status": "REJECTED"}, format="json"
    )
    listed = viewer.get("/api/v1/jobs")
    seen = viewer.get(f"/api/v1/jobs/{job.id}")

    assert_envelope(created, 403, "permission_denied")
    assert_envelope(changed, 403, "permission_denied")
    assert listed.status_code == seen.status_code == 200
    assert Job.objects.filter(tenant=alice.tenant).count() == 1


@pytest.mark.django_db
def test_a_recruiter_cannot_manage_api_keys_or_change_settings(alice):
    recruiter = member_client(alice, MembershipRole.RECRUITER)

    listed = recruiter.get("/api/v1/api-keys")
    created = recruiter.post("/api/v1/api-keys", {"name": "mine"}, format="json")
    changed = recruiter.patch("/api/v1/tenant/settings", {"blindReview": True}, format="json")
    settings_read = recruiter.get("/api/v1/tenant/settings")
    job = recruiter.post("/api/v1/jobs", {"title": "Welder", "description": "Steel."}, format="json")

    for refused in (listed, created, changed):
        assert_envelope(refused, 403, "permission_denied")
    assert settings_read.status_code == 200 and settings_read.json()["blindReview"] is False
    assert job.status_code == 201
    assert not ApiKey.objects.filter(tenant=alice.tenant).exists()


@pytest.mark.django_db
def test_a_read_key_reads_everywhere_but_cannot_upload_a_cv(alice):
    job = JobFactory(tenant=alice.tenant)
    reader = key_client(alice, ApiKeyScope.READ)

    upload = reader.post(f"/api/v1/jobs/{job.id}/applications", {}, format="multipart")
    jobs = reader.get("/api/v1/jobs")
    b2d = reader.get("/api/v1/jobs/list")
    hrflow = reader.get("/api/v1/jobs/scoring", {"profile_key": str(uuid.uuid4()), "board_keys": "[]"})

    assert_envelope(upload, 403, "permission_denied")
    assert jobs.status_code == 200 and jobs.json()["count"] == 1
    assert b2d.status_code == 200 and b2d.json() == {"jobs": []}
    assert hrflow.status_code != 403 and hrflow.status_code != 401, hrflow.content[:300]


@pytest.mark.django_db
def test_a_full_key_does_the_hiring_work_but_cannot_manage_keys(alice):
    full = key_client(alice, ApiKeyScope.FULL)

    job = full.post("/api/v1/jobs", {"title": "Welder", "description": "Steel."}, format="json")
    listed = full.get("/api/v1/api-keys")
    created = full.post("/api/v1/api-keys", {"name": "another"}, format="json")
    revoked = full.delete(f"/api/v1/api-keys/{ApiKey.objects.get(tenant=alice.tenant).id}")
    logout = full.post("/api/v1/auth/logout", {"refreshToken": alice.refresh_token}, format="json")

    assert job.status_code == 201
    for refused in (listed, created, revoked, logout):
        assert_envelope(refused, 403, "permission_denied")
    assert ApiKey.objects.filter(tenant=alice.tenant, revoked_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_keys_are_made_with_a_scope_full_by_default(alice):
    read = alice.client.post("/api/v1/api-keys", {"name": "reporting", "scope": "READ"}, format="json")
    default = alice.client.post("/api/v1/api-keys", {"name": "legacy"}, format="json")
    wrong = alice.client.post("/api/v1/api-keys", {"name": "x", "scope": "ADMIN"}, format="json")
    listed = alice.client.get("/api/v1/api-keys")

    assert read.status_code == default.status_code == 201
    assert (read.json()["scope"], default.json()["scope"]) == ("READ", "FULL")
    assert read.json()["key"].startswith("hsk_live_")
    assert_envelope(wrong, 400, "validation_error")
    assert {row["name"]: row["scope"] for row in listed.json()["results"]} == {
        "reporting": "READ",
        "legacy": "FULL",
    }


# -- the sealed bases -------------------------------------------------------------------------------------


def test_a_viewset_may_not_replace_its_permissions():
    with pytest.raises(TypeError, match="permission_classes"):

        class Open(TenantScopedViewSet):
            model = Job
            permission_classes = [AllowAny]

    with pytest.raises(TypeError, match="get_permissions"):

        class Chosen(TenantScopedViewSet):
            model = Job

            def get_permissions(self):
                return []


def test_an_api_view_may_not_replace_its_permissions():
    with pytest.raises(TypeError, match="permission_classes"):

        class Open(TenantScopedAPIView):
            permission_classes = [AllowAny]
            action_permissions = {"get": Perm.JOBS_READ}

            def get(self, request): ...


def test_every_action_declares_its_permission():
    with pytest.raises(TypeError, match="create"):

        class Undeclared(mixins.CreateModelMixin, TenantScopedViewSet):
            model = Job
            action_permissions = {}

    with pytest.raises(TypeError, match="archive"):

        class UndeclaredAction(TenantScopedViewSet):
            model = Job
            action_permissions = {}

            @action(detail=True, methods=["post"])
            def archive(self, request, pk=None): ...

    with pytest.raises(TypeError, match="patch"):

        class UndeclaredHandler(TenantScopedAPIView):
            action_permissions = {"get": Perm.JOBS_READ}

            def get(self, request): ...

            def patch(self, request): ...


def test_a_plain_method_is_refused_when_routed_without_a_permission():
    class Suggestions(TenantScopedViewSet):
        model = Job
        action_permissions = {"suggest": Perm.JOBS_READ}

        def suggest(self, request): ...

        def dismiss(self, request): ...

    Suggestions.as_view({"get": "suggest"})
    with pytest.raises(TypeError, match="dismiss"):
        Suggestions.as_view({"post": "dismiss"})


def test_a_view_may_add_checks():
    class Narrow(AllowAny):
        pass

    class Narrowed(TenantScopedAPIView):
        extra_permission_classes = (Narrow,)
        action_permissions = {"get": Perm.JOBS_READ}

        def get(self, request): ...

    assert [type(p).__name__ for p in Narrowed().get_permissions()] == [
        "IsTenantMember",
        "HasActionPermission",
        "Narrow",
    ]


# -- the documented table ----------------------------------------------------------------------------------


def test_the_documented_table_is_the_code_s():
    assert documented_table(DOC.read_text()) == permission_table_markdown(), (
        "docs/architecture.md is stale: run `manage.py permissions_table --write`"
    )


# -- the schema says who is refused ----------------------------------------------------------------------


def _schema_path(route: str) -> str:
    parts = []
    for part in route.split("/"):
        if part.startswith("<") and part.endswith(">"):
            name = part[1:-1].split(":")[-1]
            part = "{id}" if name == "pk" else "{" + name + "}"
        parts.append(part)
    return "/" + "/".join(parts)


def test_the_schema_documents_permission_denied_where_some_credential_is_refused():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    grants = (*ROLE_PERMISSIONS.values(), *API_KEY_SCOPE_PERMISSIONS.values())
    wrong = []
    for route, method, action_name, view_class in tenant_operations():
        needed = view_class.action_permissions[action_name]
        refused_somewhere = any(needed not in granted for granted in grants)
        forbidden = paths[_schema_path(route)][method]["responses"].get("403", {})
        if refused_somewhere != ("permission_denied" in forbidden.get("description", "")):
            wrong.append((method, route, needed))
    assert wrong == []
