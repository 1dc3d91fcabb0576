"""Rate limits cannot be dodged with X-Forwarded-For: the client is the socket's address unless
NUM_PROXIES says how many proxies of ours wrote the header. Every per-IP limit, API and HTML forms, the
Django admin's login, and the sign-in limits' per-process fallback while Redis is unreachable."""

import logging
import random
from dataclasses import dataclass

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.test.client import RequestFactory
from rest_framework.test import APIClient

from hiresscope import throttling
from hiresscope.throttling import client_ip
from tests.conftest import PASSWORD, assert_envelope
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db

SOCKET = "203.0.113.7"  # the address every request below really comes from


def fresh_xff() -> str:
    """A new made-up client chain per request, as an attacker rotating the header would send."""
    return ", ".join(
        f"{random.randint(1, 223)}.{random.randint(0, 255)}.{random.randint(0, 255)}.{n}" for n in (1, 2)
    )


@pytest.fixture
def rates(settings):
    """Set some rates; NUM_PROXIES keeps its configured default (unset) unless a test gives one."""

    def set_rates(num_proxies: int | None = None, **scopes: str) -> None:
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        proxies = {} if num_proxies is None else {"NUM_PROXIES": num_proxies}
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **scopes},
            **proxies,
        }

    return set_rates


@dataclass(frozen=True)
class Door:
    """One throttled way in: how to send a request, which scope limits it per IP, and whether it is HTML."""

    name: str
    method: str
    path: str
    body: dict
    scope: str
    html: bool = False

    def send(self, client, xff: str, *, job=None):
        path = self.path.format(slug=job.slug if job else "", company=job.tenant.slug if job else "")
        kwargs = {"REMOTE_ADDR": SOCKET, "HTTP_X_FORWARDED_FOR": xff}
        if self.method == "get":
            return client.get(path, **kwargs)
        if self.html:
            return client.post(path, self.body, **kwargs)
        return client.post(path, self.body, format="json", **kwargs)


WRONG_LOGIN = {"email": "nobody@example.test", "password": "wrong-password"}
DOORS = [
    Door("employer login", "post", "/api/v1/auth/login", WRONG_LOGIN, "auth"),
    Door("employer sign-up", "post", "/api/v1/auth/signup", {}, "auth"),
    Door("employer refresh", "post", "/api/v1/auth/refresh", {"refreshToken": "x"}, "auth"),
    Door("candidate login", "post", "/api/v1/candidates/login", WRONG_LOGIN, "auth"),
    Door("candidate sign-up", "post", "/api/v1/candidates/register", {}, "auth"),
    Door("password reset", "post", "/api/v1/candidates/password-reset", {"email": "x@example.test"}, "auth"),
    Door("public apply", "post", "/api/v1/apply/{slug}", {}, "apply_ip"),
    Door("public job list", "get", "/api/v1/jobs/public", {}, "public"),
    Door("anonymous read", "get", "/api/v1/billing/plans", {}, "anon"),
    Door("careers login", "post", "/account/login/", WRONG_LOGIN, "auth", html=True),
    Door("careers sign-up", "post", "/account/register/", {}, "auth", html=True),
    Door("careers password reset", "post", "/account/forgot-password/", {"email": "x@example.test"}, "auth", html=True),
    Door("careers apply", "post", "/careers/{company}/jobs/{slug}/apply/", {}, "apply_ip", html=True),
]  # fmt: skip


def client_for(door: Door):
    return Client() if door.html else APIClient()


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_a_new_forwarded_for_on_every_request_still_meets_the_limit(door, rates):
    # Given a limit of 3 per client IP and no proxy configured
    rates(**{door.scope: "3/min"})
    job = JobFactory()
    client = client_for(door)

    # When one socket sends each request with a new X-Forwarded-For
    answers = [door.send(client, fresh_xff(), job=job) for _ in range(4)]

    # Then the fourth is refused: the header does not make a new client
    assert [answer.status_code == 429 for answer in answers] == [False, False, False, True]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    if door.html:
        assert refused["Content-Type"].startswith("text/html")
    else:
        assert_envelope(refused, 429, "throttled")


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_behind_one_configured_proxy_each_forwarded_client_has_its_own_budget(door, rates):
    # Given one proxy of ours in front (it appends the address it saw) and a limit of 1 per client
    rates(num_proxies=1, **{door.scope: "1/min"})
    job = JobFactory()
    client = client_for(door)

    # When two clients behind the proxy send two requests each (one of them forging an entry to the left)
    first = [door.send(client, f"10.66.0.{n}, 198.51.100.1", job=job).status_code for n in (1, 2)]
    second = [door.send(client, "198.51.100.2", job=job).status_code for _ in range(2)]

    # Then each is counted on its own, by the address the proxy wrote
    assert (first[0] != 429, first[1]) == (True, 429)
    assert (second[0] != 429, second[1]) == (True, 429)


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "expected"),
    [
        (None, "198.51.100.1", SOCKET),  # NUM_PROXIES unset, as configured by default
        (0, None, SOCKET),
        (0, "198.51.100.1", SOCKET),  # no proxy configured: the header is the client's to forge
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1, 198.51.100.1", "198.51.100.1"),  # the entry on the left was the client's own
        (2, "10.0.0.1, 198.51.100.1, 192.0.2.10", "198.51.100.1"),
        (2, "198.51.100.1", SOCKET),  # fewer entries than proxies: not through our proxies as configured
        (1, "not-an-address", SOCKET),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (1, None, SOCKET),
    ],
)
def test_client_ip_reads_forwarded_for_only_as_far_as_configured_proxies(
    rates, num_proxies, forwarded, expected
):
    rates(num_proxies=num_proxies)
    headers = {"REMOTE_ADDR": SOCKET}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_ip(RequestFactory().get("/", **headers)) == expected


def test_sixty_wrong_passwords_with_rotating_forwarded_for_then_even_the_right_one_waits(alice, anon):
    # Given the configured limits (auth 10/min per IP, login 10/hour per IP and account)
    wrong = {"email": alice.user.email, "password": "wrong-password"}

    # When 60 wrong passwords come, each with a new X-Forwarded-For
    answers = [
        anon.post("/api/v1/auth/login", wrong, format="json", REMOTE_ADDR=SOCKET, HTTP_X_FORWARDED_FOR=fresh_xff())
        for _ in range(60)
    ]  # fmt: skip

    # Then only the first 10 were tried, and the right password is refused too
    assert [answer.status_code for answer in answers] == [401] * 10 + [429] * 50
    right = {"email": alice.user.email, "password": PASSWORD}
    refused = anon.post(
        "/api/v1/auth/login", right, format="json", REMOTE_ADDR=SOCKET, HTTP_X_FORWARDED_FOR=fresh_xff()
    )
    assert_envelope(refused, 429, "throttled")
    assert int(refused["Retry-After"]) >= 1


# -- the Django admin's login ----------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return UserFactory(email="root@example.test", is_staff=True, is_superuser=True)


def admin_login(client: Client, email: str, password: str, xff: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": xff} if xff else {}
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": email, "password": password},
        REMOTE_ADDR=SOCKET,
        **extra,
    )


def test_the_admin_login_is_limited_per_ip_like_the_api_login(staff, rates):
    rates(auth="3/min", login="100/hour")
    client = Client()

    answers = [admin_login(client, f"guess{n}@example.test", "wrong", fresh_xff()) for n in range(3)]
    refused = admin_login(client, staff.email, PASSWORD, fresh_xff())

    assert [answer.status_code for answer in answers] == [200, 200, 200]  # the form again, with an error
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert b"Too many sign-in attempts" in refused.content
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_limited_per_account_and_shares_the_api_logins_budget(staff, anon, rates):
    rates(auth="100/min", login="3/hour")
    wrong_api = {"email": staff.email, "password": "wrong"}

    # Two guesses through the API and one through the admin use up the account's budget from this IP
    for _ in range(2):
        anon.post("/api/v1/auth/login", wrong_api, format="json", REMOTE_ADDR=SOCKET)
    assert admin_login(Client(), staff.email, "wrong").status_code == 200
    refused = admin_login(Client(), staff.email.upper(), PASSWORD)

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60
    # Another account from the same address, and this one from elsewhere, are not held back
    other = UserFactory(email="ops@example.test", is_staff=True)
    assert admin_login(Client(), other.email, PASSWORD).status_code == 302
    elsewhere = Client().post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.99",
    )
    assert elsewhere.status_code == 302


# -- Redis unreachable ---------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The throttles' cache is a real Redis client pointed at a closed port."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    throttling._redis_script.cache_clear()
    throttling.process_windows.clear()
    throttling._last_redis_warning = None
    yield
    throttling._redis_script.cache_clear()
    throttling.process_windows.clear()
    throttling._last_redis_warning = None


def test_without_redis_sign_in_limits_fall_back_to_the_process_and_others_fail_open(
    alice, anon, rates, redis_down, caplog
):
    rates(auth="100/min", login="3/hour", anon="1/min")
    wrong = {"email": alice.user.email, "password": "wrong-password"}
    right = {"email": alice.user.email, "password": PASSWORD}

    with caplog.at_level(logging.WARNING, logger="hiresscope.throttling"):
        tried = [
            anon.post("/api/v1/auth/login", wrong, format="json", REMOTE_ADDR=SOCKET).status_code
            for _ in range(3)
        ]
        refused = anon.post("/api/v1/auth/login", right, format="json", REMOTE_ADDR=SOCKET)
        # A limit without a fallback lets requests through rather than take the API down
        reads = [anon.get("/api/v1/billing/plans", REMOTE_ADDR=SOCKET).status_code for _ in range(3)]

    assert tried == [401, 401, 401]
    assert_envelope(refused, 429, "throttled")
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert reads == [200, 200, 200]
    warnings = [record for record in caplog.records if "Redis unavailable" in record.getMessage()]
    assert len(warnings) == 1  # once per period, not once per request


def test_without_redis_the_sign_up_and_password_reset_limits_hold(anon, rates, redis_down):
    rates(auth="2/min")

    signups = [anon.post("/api/v1/auth/signup", {}, format="json", REMOTE_ADDR=SOCKET) for _ in range(3)]
    resets = [
        anon.post("/api/v1/candidates/password-reset", {}, format="json", REMOTE_ADDR="192.0.2.50")
        for _ in range(3)
    ]

    assert [answer.status_code for answer in signups] == [400, 400, 429]
    assert [answer.status_code for answer in resets] == [400, 400, 429]


def test_the_process_fallback_keeps_a_bounded_number_of_windows():
    windows = throttling._ProcessWindows(max_keys=3)
    for key in "abcd":
        assert windows.hit(key=key, limit=1, window=60, now=1000.0) == (True, 0.0)

    assert len(windows._windows) == 3
    assert windows.hit(key="d", limit=1, window=60, now=1010.0) == (False, 50.0)
    assert windows.hit(key="d", limit=1, window=60, now=1060.5)[0]  # the window slid past it


def test_the_redis_fixture_really_cannot_reach_redis(redis_down):
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("anything")


def test_the_careers_login_shares_the_candidate_apis_per_account_budget(anon, rates):
    rates(auth="100/min", login="2/hour")
    wrong = {"email": "mara@example.test", "password": "wrong-password"}

    for _ in range(2):
        anon.post("/api/v1/candidates/login", wrong, format="json", REMOTE_ADDR=SOCKET)
    refused = Client().post("/account/login/", wrong, REMOTE_ADDR=SOCKET)
    other_account = Client().post(
        "/account/login/", {**wrong, "email": "ambrose@example.test"}, REMOTE_ADDR=SOCKET
    )

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 60
    assert other_account.status_code == 400  # the form again: wrong password, not throttled
