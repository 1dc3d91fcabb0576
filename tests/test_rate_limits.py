"""Rate limits per API key, per user, per candidate, per IP (anonymous), and per (IP, account) on login:
exact sliding windows, 429 with the envelope and Retry-After, compat routes keeping their own bodies."""

import threading

import pytest
import time_machine
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.services import api_key_create, candidate_register, candidate_tokens_issue
from hiresscope.throttling import sliding_window_hit
from tests.conftest import PASSWORD, assert_envelope

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """Set some rates for this test (the others keep their configured values)."""

    def set_rates(**scopes: str) -> None:
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **scopes},
        }

    return set_rates


def statuses(send, times: int) -> list[int]:
    return [send().status_code for _ in range(times)]


def assert_throttled(response, retry_after_max: int) -> None:
    body = assert_envelope(response, 429, "throttled")
    assert "throttled" in body["message"].lower()
    assert 1 <= int(response["Retry-After"]) <= retry_after_max


def test_each_api_key_has_its_own_budget_and_sessions_are_not_charged_to_it(alice, rates):
    rates(api_key="3/min")
    first, second = alice.api_key_client(), alice.api_key_client()

    assert statuses(lambda: first.get("/api/v1/jobs"), 3) == [200, 200, 200]
    assert_throttled(first.get("/api/v1/jobs"), 60)
    assert second.get("/api/v1/jobs").status_code == 200
    assert alice.client.get("/api/v1/jobs").status_code == 200


def test_each_user_has_its_own_budget(alice, bob, rates):
    rates(user="2/min")

    assert statuses(lambda: alice.client.get("/api/v1/billing/usage"), 2) == [200, 200]
    assert_throttled(alice.client.post("/api/v1/jobs", {"title": "x"}, format="json"), 60)
    assert bob.client.get("/api/v1/billing/usage").status_code == 200


def test_each_candidate_has_its_own_budget(db, rates):
    rates(candidate="2/min")

    def candidate_client(email: str) -> APIClient:
        account = candidate_register(email=email, password=PASSWORD, full_name="Mara")
        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=f"Bearer {candidate_tokens_issue(account=account).access_token}"
        )
        return client

    mara, ambrose = candidate_client("mara@x.test"), candidate_client("ambrose@x.test")

    assert statuses(lambda: mara.get("/api/v1/candidates/me"), 2) == [200, 200]
    assert_throttled(mara.get("/api/v1/candidates/me/applications"), 60)
    assert ambrose.get("/api/v1/candidates/me").status_code == 200


def test_anonymous_requests_are_counted_per_client_ip(anon, rates):
    rates(anon="2/min")

    assert statuses(lambda: anon.get("/api/v1/billing/plans"), 2) == [200, 200]
    assert_throttled(anon.get("/api/v1/billing/plans"), 60)
    assert anon.get("/api/v1/billing/plans", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert anon.get("/api/v1/health").status_code == 200  # load balancers' probe is never throttled


def test_login_attempts_are_limited_per_ip_and_account(anon, alice, bob, rates):
    rates(login="3/hour", auth="100/min")
    wrong = {"email": alice.user.email, "password": "wrong-password"}

    assert statuses(lambda: anon.post("/api/v1/auth/login", wrong, format="json"), 3) == [401, 401, 401]
    # Even the right password waits now: the limit is on attempts, so guessing cannot probe it.
    right = {"email": alice.user.email.upper(), "password": PASSWORD}
    assert_throttled(anon.post("/api/v1/auth/login", right, format="json"), 3600)
    assert anon.post("/api/v1/auth/login", {"email": bob.user.email, "password": PASSWORD}).status_code == 200
    assert anon.post("/api/v1/auth/login", right, format="json", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_window_slides_and_retry_after_is_exact(alice, rates):
    rates(api_key="2/min")
    client = alice.api_key_client()

    with time_machine.travel("2030-01-01 12:00:00", tick=False) as clock:
        assert client.get("/api/v1/jobs").status_code == 200
        clock.shift(30)
        assert client.get("/api/v1/jobs").status_code == 200
        clock.shift(10)
        refused = client.get("/api/v1/jobs")
        assert refused.status_code == 429 and refused["Retry-After"] == "20"  # the first leaves at 12:01:00
        clock.shift(21)  # 12:01:01: one slot free, not two (a fixed window would reset both)
        assert client.get("/api/v1/jobs").status_code == 200
        assert client.get("/api/v1/jobs")["Retry-After"] == "29"


def test_hrflows_route_keeps_its_body_when_throttled(alice, rates):
    rates(api_key="1/min")
    key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="hrflow")[1]
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=key, HTTP_X_USER_EMAIL=alice.user.email)

    client.get("/api/v1/jobs/scoring")
    limited = client.get("/api/v1/jobs/scoring")

    assert limited.status_code == 429
    assert set(limited.json()) == {"code", "message"} and limited.json()["code"] == 429
    assert int(limited["Retry-After"]) >= 1


def test_the_limit_holds_exactly_under_concurrent_requests():
    """The check and the record are one atomic step: 20 simultaneous callers, limit 7, exactly 7 pass."""
    start = threading.Barrier(20)
    outcomes: list[bool] = []

    def hit() -> None:
        start.wait()
        outcomes.append(sliding_window_hit(key="concurrency", limit=7, window=60, now=1_000_000.0)[0])

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count(True) == 7


def test_the_schema_documents_429_on_every_throttled_operation():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    for path, method in (
        ("/api/v1/billing/usage", "get"),
        ("/api/v1/billing/plans", "get"),
        ("/api/v1/jobs", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/jobs/list", "get"),
    ):
        assert "429" in schema["paths"][path][method]["responses"], (path, method)
    assert "429" not in schema["paths"]["/api/v1/health"]["get"]["responses"]
    # The configured rates themselves are in the schema's description.
    assert "600/min per API key" in schema["info"]["description"]
    assert "10/hour per IP and account on login" in schema["info"]["description"]
