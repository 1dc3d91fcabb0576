"""The team: invitations (new and existing accounts), seats, roles, removal, ownership, several companies."""

import re
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.models import ApiKey, Membership, MembershipRole
from accounts.services import api_key_create
from hiresscope.exceptions import DomainError
from teams.models import Invitation
from teams.services import invitation_create
from tests.conftest import PASSWORD, assert_envelope
from webhooks.models import Event

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/team/join/(?P<token>[\w-]+)")


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = "http://testserver"


def invite(persona, email: str, role: str = "RECRUITER", capture=None):
    with capture(execute=True):
        response = persona.client.post(
            "/api/v1/team/invitations", {"email": email, "role": role}, format="json"
        )
    return response


def last_token(email: str) -> str:
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return LINK.search(message.body)["token"]


def accept(token: str, client: APIClient | None = None, **body):
    return (client or APIClient()).post(
        "/api/v1/team/invitations/accept", {"token": token, **body}, format="json"
    )


def bearer(access_token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


@pytest.fixture
def join(alice, django_capture_on_commit_callbacks):
    """Invite ``email`` to alice's team with ``role`` and accept as a new user; returns the session body."""

    def _join(email: str, role: str = "RECRUITER") -> dict:
        assert invite(alice, email, role, django_capture_on_commit_callbacks).status_code == 201
        with django_capture_on_commit_callbacks(execute=True):
            response = accept(last_token(email), fullName="New Person", password=PASSWORD)
        assert response.status_code == 201, response.content
        return response.json()

    return _join


def test_invite_then_accept_as_a_new_user(alice, django_capture_on_commit_callbacks):
    response = invite(alice, "Carol@Example.test", "RECRUITER", django_capture_on_commit_callbacks)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["email"] == "carol@example.test" and body["role"] == "RECRUITER" and body["status"] == "PENDING"
    )
    assert body["invitedBy"]["email"] == "alice@acme.test"
    [message] = mail.outbox
    assert message.to == ["carol@example.test"] and "Acme" in message.subject and "recruiter" in message.body
    token = last_token("carol@example.test")
    invitation = Invitation.objects.get()
    assert invitation.token_hash and token not in invitation.token_hash  # only a hash is stored
    assert alice.client.get("/api/v1/team/invitations").json()["results"][0]["sendCount"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        joined = accept(token, fullName="Carol Danvers", password=PASSWORD)

    assert joined.status_code == 201, joined.content
    session = joined.json()
    assert session["tenant"]["id"] == str(alice.tenant.id) and session["role"] == "RECRUITER"
    assert session["user"]["fullName"] == "Carol Danvers"
    me = bearer(session["accessToken"]).get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["role"] == "RECRUITER"
    assert Membership.objects.get(user__email="carol@example.test").tenant == alice.tenant
    members = alice.client.get("/api/v1/team/members").json()
    assert [m["email"] for m in members["results"]] == ["alice@acme.test", "carol@example.test"]
    assert alice.client.get("/api/v1/team/invitations").json()["count"] == 0
    types = list(Event.objects.filter(tenant=alice.tenant).values_list("type", flat=True))
    assert "member.invited" in types and "member.joined" in types
    invited = Event.objects.get(type="member.invited").data
    assert invited == {"invitationId": body["id"], "role": "RECRUITER"}  # ids only, no email


def test_accept_as_an_existing_user_with_password_or_session(alice, bob, django_capture_on_commit_callbacks):
    invite(alice, "bob@globex.test", "ADMIN", django_capture_on_commit_callbacks)
    token = last_token("bob@globex.test")

    wrong = accept(token, password="not-his-password")
    assert_envelope(wrong, 401, "invalid_credentials")
    with django_capture_on_commit_callbacks(execute=True):
        joined = accept(token, client=bob.client)  # his Globex session proves the account

    assert joined.status_code == 201, joined.content
    assert {c["name"] for c in joined.json()["companies"]} == {"Acme", "Globex"}
    assert Membership.objects.get(user=bob.user, tenant=alice.tenant).role == MembershipRole.ADMIN
    # The account's name and password are unchanged.
    bob.user.refresh_from_db()
    assert bob.user.check_password(PASSWORD)


def test_existing_user_accepts_with_password(alice, bob, django_capture_on_commit_callbacks):
    invite(alice, "bob@globex.test", "VIEWER", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(last_token("bob@globex.test"), password=PASSWORD)
    assert response.status_code == 201 and response.json()["role"] == "VIEWER"


def test_a_new_user_must_give_name_and_password(alice, django_capture_on_commit_callbacks):
    invite(alice, "dan@example.test", "RECRUITER", django_capture_on_commit_callbacks)
    body = assert_envelope(accept(last_token("dan@example.test")), 400, "validation_error")
    assert set(body["fields"]) == {"fullName", "password"}
    assert_envelope(accept(last_token("dan@example.test"), fullName="Dan", password="123"), 400)


def test_expired_reused_resent_and_revoked_links_are_refused(alice, django_capture_on_commit_callbacks):
    created = invite(alice, "erin@example.test", "RECRUITER", django_capture_on_commit_callbacks).json()
    first = last_token("erin@example.test")
    Invitation.objects.filter(pk=created["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_envelope(accept(first, fullName="Erin", password=PASSWORD), 400, "invitation_invalid")
    assert alice.client.get("/api/v1/team/invitations").json()["results"][0]["status"] == "EXPIRED"

    with django_capture_on_commit_callbacks(execute=True):
        resent = alice.client.post(f"/api/v1/team/invitations/{created['id']}/resend")
    assert resent.status_code == 200 and resent.json()["status"] == "PENDING"
    assert Invitation.objects.get(pk=created["id"]).send_count == 2
    second = last_token("erin@example.test")
    assert second != first
    assert_envelope(accept(first, fullName="Erin", password=PASSWORD), 400, "invitation_invalid")
    with django_capture_on_commit_callbacks(execute=True):
        assert accept(second, fullName="Erin", password=PASSWORD).status_code == 201
    # Used once: the same link cannot be used again.
    assert_envelope(accept(second, fullName="Erin", password=PASSWORD), 400, "invitation_invalid")

    revoked = invite(alice, "frank@example.test", "VIEWER", django_capture_on_commit_callbacks).json()
    assert alice.client.delete(f"/api/v1/team/invitations/{revoked['id']}").status_code == 204
    assert_envelope(accept(last_token("frank@example.test"), fullName="F", password=PASSWORD), 400)
    assert_envelope(alice.client.delete(f"/api/v1/team/invitations/{revoked['id']}"), 404)


def test_invitation_ttl_comes_from_settings(alice, settings, django_capture_on_commit_callbacks):
    settings.TEAM_INVITATION_TTL_DAYS = 2
    body = invite(alice, "gina@example.test", "VIEWER", django_capture_on_commit_callbacks).json()
    expires = Invitation.objects.get(pk=body["id"]).expires_at
    assert timedelta(days=2) - timedelta(minutes=1) < expires - timezone.now() <= timedelta(days=2)


def test_duplicates_are_conflicts(alice, bob, join, django_capture_on_commit_callbacks):
    first = invite(alice, "hal@example.test", "VIEWER", django_capture_on_commit_callbacks).json()
    again = assert_envelope(
        invite(alice, "HAL@example.test", "VIEWER", django_capture_on_commit_callbacks), 409
    )
    assert again["code"] == "invitation_pending" and again["details"]["invitationId"] == first["id"]
    join("ivy@example.test")
    assert_envelope(
        invite(alice, "ivy@example.test", "VIEWER", django_capture_on_commit_callbacks), 409, "already_member"
    )


def test_seats_count_members_and_pending_invitations(alice, django_capture_on_commit_callbacks):
    # The trial plan has 3 seats: alice and two invitations fill them.
    assert invite(alice, "a@example.test", "VIEWER", django_capture_on_commit_callbacks).status_code == 201
    second = invite(alice, "b@example.test", "VIEWER", django_capture_on_commit_callbacks).json()

    assert_envelope(
        invite(alice, "c@example.test", "VIEWER", django_capture_on_commit_callbacks),
        403,
        "plan_limit_exceeded",
    )
    alice.client.delete(f"/api/v1/team/invitations/{second['id']}")
    assert invite(alice, "c@example.test", "VIEWER", django_capture_on_commit_callbacks).status_code == 201
    # An expired invitation frees its seat, and re-sending it must find one again.
    Invitation.objects.filter(email="a@example.test").update(expires_at=timezone.now() - timedelta(minutes=1))
    assert invite(alice, "d@example.test", "VIEWER", django_capture_on_commit_callbacks).status_code == 201
    expired = Invitation.objects.get(email="a@example.test")
    assert_envelope(
        alice.client.post(f"/api/v1/team/invitations/{expired.id}/resend"), 403, "plan_limit_exceeded"
    )


def test_role_rules(alice, join, django_capture_on_commit_callbacks):
    admin = bearer(join("adam@example.test", "ADMIN")["accessToken"])
    recruiter_session = join("rita@example.test", "RECRUITER")
    recruiter = bearer(recruiter_session["accessToken"])
    owner_member = Membership.objects.get(user=alice.user)
    rita = Membership.objects.get(user__email="rita@example.test")

    # Nobody grants a role above their own, nor touches someone above them.
    assert_envelope(
        admin.post("/api/v1/team/invitations", {"email": "o@example.test", "role": "OWNER"}, format="json"),
        403,
        "role_too_high",
    )
    assert_envelope(
        admin.patch(f"/api/v1/team/members/{rita.id}", {"role": "OWNER"}, format="json"), 403, "role_too_high"
    )
    assert_envelope(
        admin.patch(f"/api/v1/team/members/{owner_member.id}", {"role": "VIEWER"}, format="json"),
        403,
        "role_too_high",
    )
    assert_envelope(admin.delete(f"/api/v1/team/members/{owner_member.id}"), 403, "role_too_high")
    # Recruiters and viewers read the team but do not manage it.
    assert recruiter.get("/api/v1/team/members").status_code == 200
    assert_envelope(
        recruiter.post(
            "/api/v1/team/invitations", {"email": "x@example.test", "role": "VIEWER"}, format="json"
        ),
        403,
        "permission_denied",
    )
    assert_envelope(recruiter.patch(f"/api/v1/team/members/{rita.id}", {"role": "ADMIN"}, format="json"), 403)
    # An admin may change roles up to their own.
    changed = admin.patch(f"/api/v1/team/members/{rita.id}", {"role": "ADMIN"}, format="json")
    assert changed.status_code == 200 and changed.json()["role"] == "ADMIN"
    # The last owner can be neither demoted nor removed.
    assert_envelope(
        alice.client.patch(f"/api/v1/team/members/{owner_member.id}", {"role": "ADMIN"}, format="json"),
        409,
        "last_owner",
    )
    assert_envelope(alice.client.delete(f"/api/v1/team/members/{owner_member.id}"), 409, "last_owner")
    # With a second owner, the first may step down.
    alice.client.patch(f"/api/v1/team/members/{rita.id}", {"role": "OWNER"}, format="json")
    stepped = alice.client.patch(f"/api/v1/team/members/{owner_member.id}", {"role": "ADMIN"}, format="json")
    assert stepped.status_code == 200


def test_api_keys_cannot_manage_or_read_the_team(alice):
    key_client = alice.api_key_client()
    assert_envelope(key_client.get("/api/v1/team/members"), 403, "permission_denied")
    assert_envelope(
        key_client.post(
            "/api/v1/team/invitations", {"email": "k@example.test", "role": "VIEWER"}, format="json"
        ),
        403,
    )


def test_removed_member_loses_access_and_refresh_at_once(alice, join):
    session = join("mel@example.test", "ADMIN")
    member = Membership.objects.get(user__email="mel@example.test")
    mel = bearer(session["accessToken"])
    key, _ = api_key_create(tenant=alice.tenant, by=Actor.member(member.user), name="mel's key")
    spare = APIClient().post(
        "/api/v1/auth/login", {"email": "mel@example.test", "password": PASSWORD}, format="json"
    )
    assert spare.status_code == 200

    removed = alice.client.delete(f"/api/v1/team/members/{member.id}")

    assert removed.status_code == 204
    assert_envelope(mel.get("/api/v1/auth/me"), 401)
    for refresh_token in (session["refreshToken"], spare.json()["refreshToken"]):
        assert_envelope(
            APIClient().post("/api/v1/auth/refresh", {"refreshToken": refresh_token}, format="json"), 401
        )
    key.refresh_from_db()
    assert key.revoked_at is not None  # a key acts as its creator: it goes with them
    assert Event.objects.filter(type="member.removed", data__memberId=str(member.id)).exists()
    assert_envelope(
        APIClient().post(
            "/api/v1/auth/login", {"email": "mel@example.test", "password": PASSWORD}, format="json"
        ),
        401,
        "no_membership",
    )


def test_refresh_is_refused_when_the_membership_is_gone_even_without_blacklisting(alice, join):
    session = join("ned@example.test", "VIEWER")
    Membership.objects.filter(user__email="ned@example.test").delete()  # e.g. the admin, or a raw delete
    assert_envelope(
        APIClient().post("/api/v1/auth/refresh", {"refreshToken": session["refreshToken"]}, format="json"),
        401,
    )


def test_ownership_transfer(alice, join):
    admin_session = join("olga@example.test", "ADMIN")
    olga = Membership.objects.get(user__email="olga@example.test")
    admin = bearer(admin_session["accessToken"])
    alice_member = Membership.objects.get(user=alice.user)

    assert_envelope(
        admin.post("/api/v1/team/ownership-transfer", {"memberId": str(alice_member.id)}, format="json"),
        403,
        "permission_denied",
    )
    assert_envelope(
        alice.client.post(
            "/api/v1/team/ownership-transfer", {"memberId": str(alice_member.id)}, format="json"
        ),
        400,
    )
    response = alice.client.post("/api/v1/team/ownership-transfer", {"memberId": str(olga.id)}, format="json")

    assert response.status_code == 200 and response.json()["role"] == "OWNER"
    alice_member.refresh_from_db()
    assert alice_member.role == MembershipRole.ADMIN
    # Alice, now an admin, cannot transfer it back; Olga, the owner, is the last one and stays.
    assert_envelope(
        alice.client.post(
            "/api/v1/team/ownership-transfer", {"memberId": str(alice_member.id)}, format="json"
        ),
        403,
    )
    assert_envelope(admin.delete(f"/api/v1/team/members/{olga.id}"), 409, "last_owner")


def test_ownership_transfer_to_another_tenants_member_is_404(alice, bob):
    bob_member = Membership.objects.get(user=bob.user)
    assert_envelope(
        alice.client.post("/api/v1/team/ownership-transfer", {"memberId": str(bob_member.id)}, format="json"),
        404,
    )


def test_login_with_several_companies_and_switch(alice, bob, django_capture_on_commit_callbacks):
    invite(alice, "bob@globex.test", "RECRUITER", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        accept(last_token("bob@globex.test"), password=PASSWORD)  # joining makes Acme his latest

    login = APIClient().post(
        "/api/v1/auth/login", {"email": "bob@globex.test", "password": PASSWORD}, format="json"
    )

    body = login.json()
    assert body["tenant"]["name"] == "Acme" and body["role"] == "RECRUITER"
    assert [(c["name"], c["role"]) for c in body["companies"]] == [("Acme", "RECRUITER"), ("Globex", "OWNER")]
    named = APIClient().post(
        "/api/v1/auth/login",
        {"email": "bob@globex.test", "password": PASSWORD, "tenantId": str(bob.tenant.id)},
        format="json",
    )
    assert named.json()["tenant"]["name"] == "Globex" and named.json()["companies"][0]["name"] == "Globex"

    switched = bearer(named.json()["accessToken"]).post(
        "/api/v1/auth/switch-tenant", {"tenantId": str(alice.tenant.id)}, format="json"
    )
    assert switched.status_code == 200, switched.content
    assert switched.json()["tenant"]["id"] == str(alice.tenant.id) and switched.json()["role"] == "RECRUITER"
    me = bearer(switched.json()["accessToken"]).get("/api/v1/auth/me").json()
    assert me["tenant"]["name"] == "Acme"
    refreshed = APIClient().post(
        "/api/v1/auth/refresh", {"refreshToken": switched.json()["refreshToken"]}, format="json"
    )
    assert refreshed.status_code == 200


def test_switch_to_a_company_you_do_not_belong_to_is_404(alice, bob):
    assert_envelope(
        bob.client.post("/api/v1/auth/switch-tenant", {"tenantId": str(alice.tenant.id)}, format="json"), 404
    )
    assert_envelope(
        alice.api_key_client().post(
            "/api/v1/auth/switch-tenant", {"tenantId": str(alice.tenant.id)}, format="json"
        ),
        403,
    )


def test_cross_tenant_invitation_ids_are_404(alice, bob, django_capture_on_commit_callbacks):
    created = invite(alice, "zed@example.test", "VIEWER", django_capture_on_commit_callbacks).json()
    assert_envelope(bob.client.post(f"/api/v1/team/invitations/{created['id']}/resend"), 404)
    assert_envelope(bob.client.delete(f"/api/v1/team/invitations/{created['id']}"), 404)
    alice_member = Membership.objects.get(user=alice.user)
    assert_envelope(
        bob.client.patch(f"/api/v1/team/members/{alice_member.id}", {"role": "VIEWER"}, format="json"), 404
    )
    assert bob.client.get("/api/v1/team/invitations").json()["count"] == 0


def test_member_list_query_count_is_flat(alice, join, django_assert_max_num_queries):
    join("p1@example.test")
    join("p2@example.test", "VIEWER")
    with django_assert_max_num_queries(6):
        assert alice.client.get("/api/v1/team/members").json()["count"] == 3


# -- the join page ----------------------------------------------------------------------------------------
def test_join_page_for_a_new_user(alice, django_capture_on_commit_callbacks):
    invite(alice, "quinn@example.test", "RECRUITER", django_capture_on_commit_callbacks)
    token = last_token("quinn@example.test")
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(f"/team/join/{token}")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Acme" in html and "recruiter" in html and 'name="full_name"' in html
    assert "<script>" not in html  # no inline script under the CSP
    assert (
        browser.post(f"/team/join/{token}", {"full_name": "Q", "password": PASSWORD}).status_code == 403
    )  # CSRF
    csrf = browser.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        joined = browser.post(
            f"/team/join/{token}", {"full_name": "Quinn", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
        )
    # Joined and signed in to the dashboard, in Acme, as a recruiter.
    assert joined.status_code == 302 and joined["Location"] == "/dashboard/"
    home = browser.get("/dashboard/").content.decode()
    assert "Welcome to Acme" in home and "Recruiter" in home
    assert Membership.objects.filter(tenant=alice.tenant, user__email="quinn@example.test").exists()
    assert browser.get(f"/team/join/{token}").status_code == 404  # used


def test_join_page_for_an_existing_user_asks_for_the_password(alice, bob, django_capture_on_commit_callbacks):
    invite(alice, "bob@globex.test", "VIEWER", django_capture_on_commit_callbacks)
    token = last_token("bob@globex.test")
    browser = Client()
    page = browser.get(f"/team/join/{token}").content.decode()
    assert 'name="password"' in page and 'name="full_name"' not in page
    wrong = browser.post(f"/team/join/{token}", {"password": "wrong-password"})
    assert wrong.status_code == 400 and "password" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(f"/team/join/{token}", {"password": PASSWORD}).status_code == 302
    assert Membership.objects.filter(tenant=alice.tenant, user=bob.user, role="VIEWER").exists()
    # Signed in to the company that invited him, not to his own.
    assert "Acme" in browser.get("/dashboard/").content.decode()


def test_join_page_with_an_unknown_token(db):
    assert Client().get("/team/join/not-a-token").status_code == 404


def test_api_key_creation_is_still_limited_by_the_plan(alice):
    # Trial: 5 keys; the plan check moved with the view to teams.
    for n in range(5):
        assert alice.client.post("/api/v1/api-keys", {"name": f"k{n}"}, format="json").status_code == 201
    assert_envelope(
        alice.client.post("/api/v1/api-keys", {"name": "k6"}, format="json"), 403, "plan_limit_exceeded"
    )
    assert ApiKey.objects.for_tenant(alice.tenant).count() == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs PostgreSQL (DATABASE_URL): SQLite runs one writer at a time",
)
def test_concurrent_invitations_never_pass_the_seats(alice):
    """Ten invitations race for the trial's last two seats (alice holds one of three): exactly two win."""
    threads, outcomes, lock = 10, Counter(), threading.Lock()
    start = threading.Barrier(threads)

    def run(index: int) -> None:
        try:
            start.wait()
            invitation_create(
                tenant=alice.tenant, by=Actor.member(alice.user), email=f"r{index}@x.test", role="VIEWER"
            )
            result = "created"
        except DomainError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes[result] += 1

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert outcomes == Counter({"created": 2, "plan_limit_exceeded": 8})
    assert Invitation.objects.for_tenant(alice.tenant).count() == 2
