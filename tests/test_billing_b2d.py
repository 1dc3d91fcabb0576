"""b2d's ``GET /jobs/list``: its key locations, status codes, error body, shape, order and credit headers;
and API keys in query strings kept out of every log."""

import importlib.util
import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.services import api_key_create, api_key_revoke
from billing import services
from billing.models import UsageMetric
from hiresscope.logredact import RedactingGunicornLogger, RedactSecretsFilter, redact, sentry_before_send
from hiresscope.timefmt import utc_iso
from jobs.models import Job

pytestmark = pytest.mark.django_db

URL = "/api/v1/jobs/list"


@pytest.fixture
def api_key_pair(alice):
    return api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="b2d")


@pytest.fixture
def key(api_key_pair) -> str:
    return api_key_pair[1]


def test_active_jobs_of_the_key_newest_first_in_b2d_shape_with_the_key_in_header_or_query(
    alice, bob, api_key_pair, job_factory
):
    api_key, key = api_key_pair
    other_key, _ = api_key_create(
        tenant=alice.tenant, by=Actor.member(alice.user), name="another integration"
    )
    now = timezone.now()
    older = job_factory(
        tenant=alice.tenant,
        status="ACTIVE",
        title="Data Engineer",
        description="Pipelines.",
        created_with_key=api_key,
    )
    newer = job_factory(
        tenant=alice.tenant,
        status="ACTIVE",
        title="Senior Python Developer",
        description="APIs.",
        created_with_key=api_key,
    )
    Job.objects.filter(pk=older.pk).update(created_at=now - timedelta(days=1))
    job_factory(tenant=alice.tenant, status="DRAFT", created_with_key=api_key)
    job_factory(tenant=alice.tenant, status="CLOSED", created_with_key=api_key)
    job_factory(tenant=alice.tenant, status="ACTIVE", deleted_at=now, created_with_key=api_key)
    job_factory(tenant=alice.tenant, status="ACTIVE")  # created in the dashboard or with a JWT
    job_factory(tenant=alice.tenant, status="ACTIVE", created_with_key=other_key)
    job_factory(tenant=bob.tenant, status="ACTIVE")

    by_header = APIClient().get(URL, HTTP_X_API_KEY=key)
    by_query = APIClient().get(URL, {"api_key": key})

    assert by_header.status_code == by_query.status_code == 200
    assert by_header.json() == by_query.json()
    jobs = by_header.json()["jobs"]
    assert [j["id"] for j in jobs] == [str(newer.id), str(older.id)]
    assert set(jobs[0]) == {"id", "description", "created", "active"}
    assert jobs[0]["description"] == "Senior Python Developer\n\nAPIs."
    assert jobs[0]["active"] is True
    # The API's one timestamp format (hiresscope/timefmt.py): UTC, microseconds, "Z".
    assert jobs[0]["created"] == utc_iso(newer.created_at)
    assert jobs[0]["created"].endswith("Z")


def test_a_job_posted_with_a_key_is_listed_for_that_key_only(alice):
    _, first = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="first")
    _, second = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="second")
    posted = APIClient().post(
        "/api/v1/jobs",
        {"title": "Support Agent", "description": "Zendesk.", "status": "ACTIVE"},
        format="json",
        HTTP_X_API_KEY=first,
    )
    alice.client.post(
        "/api/v1/jobs", {"title": "Other", "description": "Excel.", "status": "ACTIVE"}, format="json"
    )
    assert posted.status_code == 201

    assert [j["id"] for j in APIClient().get(URL, HTTP_X_API_KEY=first).json()["jobs"]] == [
        posted.json()["id"]
    ]
    assert APIClient().get(URL, HTTP_X_API_KEY=second).json()["jobs"] == []


def test_missing_key_is_401_and_a_wrong_or_revoked_key_403_with_b2ds_error_body(alice, key):
    api_key, revoked = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="old")
    api_key_revoke(api_key=api_key, by=Actor.member(alice.user))

    missing = APIClient().get(URL)
    wrong = APIClient().get(URL, {"api_key": "hsk_live_not-a-key"})
    old = APIClient().get(URL, HTTP_X_API_KEY=revoked)
    session = alice.client.get(URL)  # an employer session is not a b2d key

    assert (missing.status_code, missing.json()) == (401, {"error": "Missing API key"})
    assert (session.status_code, session.json()) == (401, {"error": "Missing API key"})
    for response in (wrong, old):
        assert (response.status_code, response.json()) == (403, {"error": "Invalid API key"})


def test_the_credit_headers_are_on_the_b2d_response(alice, key):
    services.credit_consume(tenant_id=alice.tenant.id, source_id="cv-1")

    response = APIClient().get(URL, {"api_key": key})

    assert response["X-Credits-Used"] == "0"  # this key scored nothing itself
    assert response["X-Credits-Used-Assess"] == "0"
    assert response["X-Credits-Remaining"] == "99"


def test_a_throttled_b2d_request_keeps_b2ds_body_with_retry_after(key, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_key": "2/min"},
    }
    client = APIClient()
    statuses = [client.get(URL, HTTP_X_API_KEY=key).status_code for _ in range(2)]

    limited = client.get(URL, HTTP_X_API_KEY=key)

    assert statuses == [200, 200]
    assert limited.status_code == 429
    assert set(limited.json()) == {"error"} and "throttled" in limited.json()["error"].lower()
    assert 0 < int(limited["Retry-After"]) <= 60


# -- keys in query strings never reach a log ---------------------------------------------------------

SECRET = "hsk_live_SuperSecret123"


def test_the_log_filter_masks_query_string_keys_wherever_they_appear():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, '"%s" %s', (f"GET {URL}?x=1&api_key={SECRET} HTTP/1.1", 200), None
    )
    RedactSecretsFilter().filter(record)
    # A runserver request line through the handler settings.LOGGING gives django.server.
    handler = logging.getLogger("django.server").handlers[0]
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        logging.getLogger("django.server").info('"GET %s?api_key=%s HTTP/1.1" 200 12', URL, SECRET)
    finally:
        handler.setStream(previous)

    assert SECRET not in record.getMessage() and "x=1&api_key=[REDACTED] HTTP" in record.getMessage()
    assert SECRET not in written.getvalue() and "api_key=[REDACTED]" in written.getvalue()
    assert redact(f"/x?API_KEY={SECRET}&b=2") == "/x?API_KEY=[REDACTED]&b=2"


def test_gunicorns_access_log_atoms_and_sentry_events_are_masked():
    class Request:
        headers = [("X-API-KEY", SECRET), ("USER-AGENT", "b2d")]

    class Response:
        status, sent, headers = "200 OK", 10, []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{URL}?api_key={SECRET}",
        "PATH_INFO": URL,
        "QUERY_STRING": f"api_key={SECRET}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://example.test/?apikey={SECRET}",
    }
    logger = RedactingGunicornLogger.__new__(RedactingGunicornLogger)  # atoms() needs no configuration

    atoms = logger.atoms(Response(), Request(), environ, timedelta(seconds=0.01))
    event = sentry_before_send(
        {"request": {"url": f"https://h{URL}?api_key={SECRET}", "query_string": f"api_key={SECRET}"}}, {}
    )
    listed = sentry_before_send({"request": {"query_string": [["api_key", SECRET], ["page", "2"]]}}, {})

    assert SECRET not in repr(atoms) and SECRET not in repr(event) and SECRET not in repr(listed)
    assert atoms["r"] == f"GET {URL}?api_key=[REDACTED] HTTP/1.1"
    assert atoms["{x-api-key}i"] == "[REDACTED]" and atoms["{user-agent}i"] == "b2d"
    assert listed["request"]["query_string"][1] == ["page", "2"]


def test_credit_headers_name_credits_of_this_key_only(alice, key):
    other, other_key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="other")
    services.usage_consume(
        tenant_id=alice.tenant.id, metric=UsageMetric.ASSESS, source_id="cv-2", api_key_id=other.id
    )

    mine = APIClient().get(URL, HTTP_X_API_KEY=key)
    theirs = APIClient().get(URL, HTTP_X_API_KEY=other_key)

    assert (mine["X-Credits-Used"], theirs["X-Credits-Used"], theirs["X-Credits-Used-Assess"]) == (
        "0",
        "1",
        "1",
    )
    assert mine["X-Credits-Remaining"] == theirs["X-Credits-Remaining"] == "99"


@pytest.mark.django_db(transaction=True)
def test_the_b2d_seeds_own_example_lists_only_the_keys_jobs(alice, live_server, job_factory, capsys):
    # The seed's Python example (bench/b2d_client.py: requests over real HTTP), pointed at this server.
    spec = importlib.util.spec_from_file_location(
        "b2d_client", Path(__file__).parents[1] / "bench" / "b2d_client.py"
    )
    b2d_client = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(b2d_client)
    api_key, key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="b2d")
    other_key, _ = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="other")
    mine = job_factory(tenant=alice.tenant, status="ACTIVE", created_with_key=api_key)
    job_factory(tenant=alice.tenant, status="ACTIVE", created_with_key=other_key)
    job_factory(tenant=alice.tenant, status="ACTIVE")  # created in the dashboard or with a JWT

    for extra in ([], ["--query"]):
        assert b2d_client.main(["--base-url", f"{live_server.url}/api/v1", "--api-key", key, *extra]) == 0
        printed = capsys.readouterr().out
        assert "Found 1 active jobs:" in printed
        assert f"- Job ID: {mine.id}" in printed
        assert "Credits remaining: " in printed  # b2d's usage headers, read by its own example
