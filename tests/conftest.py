"""Shared fixtures. Personas: alice (tenant Acme) and bob (tenant Globex), as in healthchecks' tests.

The suite runs on whatever DATABASE_URL / REDIS_URL name (SQLite and in-process tasks without them).
Tests marked ``services`` need the real PostgreSQL and Redis; they skip without them, and fail instead
when HIRESSCOPE_REQUIRE_SERVICES=1 (as in .ci/run).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import NoReturn

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.services import api_key_create, employer_tokens_issue
from hiresscope.celery import app as celery_app
from teams.services import tenant_signup
from tests import factories

PASSWORD = "correct-horse-battery-staple"


def services_available() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and bool(
        settings.REDIS_URL
    )


def services_missing(message: str) -> NoReturn:
    """Skip a test for a missing service, or fail it when HIRESSCOPE_REQUIRE_SERVICES=1 (CI) demands them all:
    in CI a skipped fault test would read as a passed one."""
    if os.environ.get("HIRESSCOPE_REQUIRE_SERVICES") == "1":
        pytest.fail(message + ", which HIRESSCOPE_REQUIRE_SERVICES=1 demands")
    pytest.skip(message)


def pytest_runtest_setup(item):
    if "services" in item.keywords and not services_available():
        services_missing("services: needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")


@pytest.fixture(autouse=True)
def _isolated_runtime(settings, tmp_path):
    """Each test: its own media folder, an empty cache (throttles), tasks in-process unless a test says not,
    and uncatalogued error codes raising."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ERROR_CODES_STRICT = True  # an error code missing from hiresscope/errors.py fails the test
    cache.clear()
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


class Persona:
    """A signed-up employer: user, tenant and an authenticated API client."""

    def __init__(self, *, email: str, company: str):
        self.user, self.tenant = tenant_signup(
            email=email, password=PASSWORD, full_name=email.split("@")[0].title(), company_name=company
        )
        refresh = employer_tokens_issue(user=self.user, tenant=self.tenant)
        self.refresh_token = str(refresh)
        self.access_token = str(refresh.access_token)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.access_token}")

    def api_key_client(self) -> APIClient:
        _, raw_key = api_key_create(tenant=self.tenant, by=Actor.member(self.user), name="test key")
        client = APIClient()
        client.credentials(HTTP_X_API_KEY=raw_key)
        return client


@pytest.fixture
def alice(db) -> Persona:
    return Persona(email="alice@acme.test", company="Acme")


@pytest.fixture
def bob(db) -> Persona:
    return Persona(email="bob@globex.test", company="Globex")


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def job_factory():
    return factories.JobFactory


def assert_envelope(response, status_code: int, code: str | None = None) -> dict:
    """Every error body has the one envelope; returns it for further checks."""
    assert response.status_code == status_code, response.content[:500]
    body = response.json()
    assert set(body) >= {"statusCode", "message", "error", "code", "requestId"}, body
    assert set(body) <= {"statusCode", "message", "error", "code", "requestId", "fields", "details"}, body
    assert body["statusCode"] == status_code
    assert isinstance(body["message"], str) and body["message"]
    assert body["requestId"] == response["X-Request-ID"]
    if code is not None:
        assert body["code"] == code, body
    return body


ROOT = Path(__file__).resolve().parent.parent


def _reload_routes() -> None:
    # Celery caches its router at first use; drop it so the routes set above take effect.
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture
def worker(settings, tmp_path):
    """A worker on this test's database, media folder and private queues, stopped afterwards."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    # A private queue prefix keeps this run's tasks away from any other worker on the same Redis.
    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    queues = [f"{prefix}{name}" for name in ("default", "parse", "score", "webhooks")]
    previous_routes, previous_default = celery_app.conf.task_routes, celery_app.conf.task_default_queue
    celery_app.conf.task_routes = {
        "candidates.tasks.application_parse": {"queue": f"{prefix}parse"},
        "scoring.tasks.application_score": {"queue": f"{prefix}score"},
        "scoring.tasks.rescore_batch": {"queue": f"{prefix}score"},
        "webhooks.tasks.*": {"queue": f"{prefix}webhooks"},
    }
    celery_app.conf.task_default_queue = f"{prefix}default"
    _reload_routes()

    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}/"
            f"{connection.settings_dict['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE_PREFIX": prefix,
        # Webhook tests point endpoints at a receiver on 127.0.0.1; the worker must allow what the test allows.
        "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": str(settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES).lower(),
    }
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "hiresscope", "worker",
                "-Q", ",".join(queues), "--pool", "solo", "--concurrency", "1",
                "--loglevel", "INFO", "--without-gossip", "--without-mingle", "-n", f"{prefix}worker@%h",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield process, log_path
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        celery_app.conf.task_routes, celery_app.conf.task_default_queue = previous_routes, previous_default
        _reload_routes()


def wait_until_processed(application_ids, *, process, log_path, timeout: float = 120.0) -> None:
    """Poll the database until every application is SCORED or FAILED; fail with the worker log if not."""
    from candidates.models import Application, ProcessingStatus

    deadline = time.monotonic() + timeout
    pending = set(map(str, application_ids))
    while pending:
        assert process.poll() is None, "worker died:\n" + log_path.read_text()[-3000:]
        assert time.monotonic() < deadline, (
            f"{len(pending)} not processed; worker log:\n" + log_path.read_text()[-3000:]
        )
        done = Application.objects.filter(
            id__in=pending, processing_status__in=[ProcessingStatus.SCORED, ProcessingStatus.FAILED]
        ).values_list("id", flat=True)
        pending -= {str(application_id) for application_id in done}
        if pending:
            time.sleep(0.25)


def queued(callbacks, task=None) -> list[tuple]:
    """The (task, args) that captured on-commit callbacks queue through ``send_or_defer`` (only
    ``task``'s when given): what ``django_capture_on_commit_callbacks`` saw a change queue."""
    from hiresscope.celery import send_or_defer

    calls = [(c.args[0], c.args[1:]) for c in callbacks if getattr(c, "func", None) is send_or_defer]
    return [call for call in calls if task is None or call[0] is task]


_pytest_config = None


@pytest.fixture(autouse=True, scope="session")
def _remember_pytest_config(pytestconfig):
    global _pytest_config
    _pytest_config = pytestconfig


def report(text: str) -> None:
    """Print ``text`` into the run's own output (the CI log), past pytest's capture: the counts a fault
    test checks are part of its result, not debugging output to hide when it passes."""
    capture = _pytest_config.pluginmanager.getplugin("capturemanager") if _pytest_config else None
    if capture is None:
        print(text)
        return
    with capture.global_and_fixture_disabled():
        print(text, flush=True)
