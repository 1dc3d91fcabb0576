"""Sign-up, login, refresh rotation, logout, /auth/me, and the JWT/API-key authentication layer."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import Membership, MembershipRole, Tenant, User
from jobs.models import Board
from tests.conftest import PASSWORD, assert_envelope

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Carol@Initech.test",
    "password": PASSWORD,
    "fullName": "Carol Danvers",
    "companyName": "Initech",
}


def test_signup_creates_tenant_owner_board_and_starts_a_three_day_trial(anon):
    response = anon.post("/api/v1/auth/signup", SIGNUP, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"accessToken", "refreshToken", "user", "tenant", "role", "companies"}
    assert body["role"] == "OWNER"
    assert body["companies"] == [{"id": body["tenant"]["id"], "name": "Initech", "role": "OWNER"}]
    assert body["user"]["email"] == "carol@initech.test"
    tenant = Tenant.objects.get(id=body["tenant"]["id"])
    assert body["tenant"]["subscriptionStatus"] == "TRIALING"
    assert (
        timedelta(days=3) - timedelta(minutes=1)
        < tenant.subscription.trial_ends_at - timezone.now()
        <= timedelta(days=3)
    )
    assert Membership.objects.get(tenant=tenant).role == MembershipRole.OWNER
    assert Board.objects.filter(tenant=tenant, is_default=True).count() == 1
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {body['accessToken']}")
    assert me.get("/api/v1/auth/me").json()["tenant"]["name"] == "Initech"


def test_signup_with_a_taken_email_is_a_conflict(anon, alice):
    response = anon.post("/api/v1/auth/signup", {**SIGNUP, "email": "ALICE@acme.test"}, format="json")

    assert_envelope(response, 409, "email_taken")
    assert Tenant.objects.filter(name="Initech").count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "123"}, "password"),
        ({"companyName": ""}, "companyName"),
    ],
)
def test_signup_validation_names_the_field(anon, change, field):
    response = anon.post("/api/v1/auth/signup", {**SIGNUP, **change}, format="json")

    body = assert_envelope(response, 400)
    assert field in body["fields"]
    assert body["message"].startswith("Validation failed")
    assert not User.objects.exists()


def test_login_returns_tokens_user_and_tenant(anon, alice):
    response = anon.post(
        "/api/v1/auth/login", {"email": "alice@acme.test", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["tenant"]["id"] == str(alice.tenant.id)
    access = AccessToken(body["accessToken"])
    assert access["kind"] == "employer" and access["tid"] == str(alice.tenant.id)
    assert timedelta(minutes=14) < timedelta(seconds=access["exp"] - access["iat"]) <= timedelta(minutes=15)
    refresh = RefreshToken(body["refreshToken"])
    assert timedelta(days=6) < timedelta(seconds=refresh["exp"] - refresh["iat"]) <= timedelta(days=7)


@pytest.mark.parametrize("password", ["wrong-password", ""])
def test_login_with_wrong_credentials_is_401(anon, alice, password):
    response = anon.post(
        "/api/v1/auth/login", {"email": "alice@acme.test", "password": password}, format="json"
    )

    assert response.status_code in (400, 401)
    assert_envelope(response, response.status_code)


def test_login_of_unknown_email_is_the_same_401(anon, db):
    response = anon.post(
        "/api/v1/auth/login", {"email": "nobody@acme.test", "password": PASSWORD}, format="json"
    )

    assert assert_envelope(response, 401, "invalid_credentials")["message"] == "Invalid email or password."


def test_refresh_rotates_and_the_old_refresh_token_is_then_401(anon, alice):
    first = anon.post("/api/v1/auth/refresh", {"refreshToken": alice.refresh_token}, format="json")
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refreshToken"] != alice.refresh_token
    assert AccessToken(rotated["accessToken"])["tid"] == str(alice.tenant.id)

    reused = anon.post("/api/v1/auth/refresh", {"refreshToken": alice.refresh_token}, format="json")
    assert_envelope(reused, 401, "token_not_valid")

    again = anon.post("/api/v1/auth/refresh", {"refreshToken": rotated["refreshToken"]}, format="json")
    assert again.status_code == 200


def test_refresh_after_logout_is_401(anon, alice):
    logout = alice.client.post("/api/v1/auth/logout", {"refreshToken": alice.refresh_token}, format="json")
    assert logout.status_code == 204

    response = anon.post("/api/v1/auth/refresh", {"refreshToken": alice.refresh_token}, format="json")
    assert_envelope(response, 401, "token_not_valid")


def test_logout_cannot_revoke_someone_elses_token(alice, bob, anon):
    response = alice.client.post("/api/v1/auth/logout", {"refreshToken": bob.refresh_token}, format="json")

    assert_envelope(response, 401)
    assert (
        anon.post("/api/v1/auth/refresh", {"refreshToken": bob.refresh_token}, format="json").status_code
        == 200
    )


def test_expired_access_token_is_401(alice):
    token = AccessToken.for_user(alice.user)
    token["kind"], token["tid"] = "employer", str(alice.tenant.id)
    token.set_exp(from_time=timezone.now() - timedelta(minutes=20))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.get("/api/v1/auth/me")

    assert_envelope(response, 401, "token_not_valid")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_refresh_token_is_not_an_access_token(alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {alice.refresh_token}")

    assert_envelope(client.get("/api/v1/auth/me"), 401)


def test_a_token_of_another_kind_is_refused(alice):
    # Candidate tokens (a later feature) carry kind="candidate": they must never act as an employer.
    token = AccessToken.for_user(alice.user)
    token["kind"], token["tid"] = "candidate", str(alice.tenant.id)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert_envelope(client.get("/api/v1/jobs"), 401, "token_not_valid")


def test_a_token_for_a_tenant_the_user_left_is_refused(alice):
    Membership.objects.filter(user=alice.user).delete()

    assert_envelope(alice.client.get("/api/v1/jobs"), 401, "no_membership")


def test_no_credentials_is_401_with_the_envelope(anon):
    response = anon.get("/api/v1/jobs")

    assert_envelope(response, 401, "not_authenticated")


def test_me_with_jwt_and_with_api_key(alice):
    by_jwt = alice.client.get("/api/v1/auth/me").json()
    by_key = alice.api_key_client().get("/api/v1/auth/me").json()

    assert by_jwt["authMethod"] == "jwt" and by_jwt["role"] == "OWNER"
    assert by_key["authMethod"] == "api_key" and by_key["role"] is None
    assert by_jwt["tenant"]["id"] == by_key["tenant"]["id"] == str(alice.tenant.id)


def test_login_is_throttled_with_retry_after(anon, alice):
    responses = [
        anon.post("/api/v1/auth/login", {"email": "alice@acme.test", "password": "nope-nope"}, format="json")
        for _ in range(11)
    ]

    assert [r.status_code for r in responses[:10]] == [401] * 10
    body = assert_envelope(responses[10], 429, "throttled")
    assert int(responses[10]["Retry-After"]) > 0
    assert "throttled" in body["message"].lower()
