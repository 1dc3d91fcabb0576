"""When the database or Redis does not answer: 503 with ``Retry-After`` where the request needs it, and
everything that can go on without it goes on. Real failures: a PostgreSQL URL and a Redis URL nobody
listens on; only the database lost between a commit and the answer is a query wrapper raising what a
lost connection raises. The outages of a running topology are in tests/test_fault_*.py.
"""

import json
import logging
import os
import subprocess
import sys

import pytest
from celery import Celery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from candidates.models import Application
from demo.content import DEMO_CANDIDATES, render_cv
from hiresscope import throttling
from hiresscope.celery import send_or_defer
from tests.conftest import ROOT

NOBODY_LISTENS = "127.0.0.1:1"  # port 1: refused at once
CV_TEXT = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text

DATABASE_DOWN_REQUESTS = """
import django, json
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for name, response in {
    "api key": client.get("/api/v1/jobs", HTTP_X_API_KEY="hsk_live_" + "A" * 43),
    "login": client.post("/api/v1/auth/login", {"email": "a@b.test", "password": "x" * 12},
                         content_type="application/json"),
    "careers page": client.get("/careers/some-company/"),
    "dashboard sign-in": client.post("/dashboard/login/", {"email": "a@b.test", "password": "x" * 12}),
}.items():
    answers[name] = {
        "status": response.status_code,
        "retryAfter": response.get("Retry-After"),
        "type": response.get("Content-Type", ""),
        "body": response.content.decode()[:2000],
    }
print(json.dumps(answers))
"""


def with_the_database_down(script: str, tmp_path, **env: str):
    """Run ``script`` in a separate process whose database nobody listens on (no Redis either); returns
    the JSON its last line prints. The real failure, nothing mocked."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hiresscope.settings",
        "DATABASE_URL": f"postgres://nobody@{NOBODY_LISTENS}/none",
        "HIRESSCOPE_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        **env,
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=True
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_the_database_down_the_api_and_the_pages_answer_503_with_retry_after(tmp_path):
    answers = with_the_database_down(DATABASE_DOWN_REQUESTS, tmp_path, SERVICE_UNAVAILABLE_RETRY_AFTER="7")

    for name, answer in answers.items():
        assert (answer["status"], answer["retryAfter"]) == (503, "7"), (name, answer)
    for name in ("api key", "login"):
        body = json.loads(answers[name]["body"])
        assert body["code"] == "service_unavailable" and body["statusCode"] == 503, body
        assert "nobody" not in answers[name]["body"]  # the driver's message (the DSN) stays in the log
    for name in ("careers page", "dashboard sign-in"):
        assert answers[name]["type"].startswith("text/html")
        assert "back in a moment" in answers[name]["body"] and "7 seconds" in answers[name]["body"]
    assert "send it again" in answers["dashboard sign-in"]["body"]  # a form was sent


@pytest.fixture
def redis_unreachable(settings):
    """The cache on a Redis nobody listens on, as while Redis restarts (the throttles and the
    analytics use it)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{NOBODY_LISTENS}/1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # The throttles bind their script to the cache's Redis once per process: an earlier test's binding
    # (none, on the local-memory cache) would send them past the outage to the cache itself.
    throttling._redis_script.cache_clear()
    yield
    throttling._redis_script.cache_clear()


@pytest.mark.django_db
def test_with_redis_down_uploads_reads_and_analytics_still_work(
    alice, job_factory, redis_unreachable, django_capture_on_commit_callbacks, caplog
):
    job = job_factory(tenant=alice.tenant)
    caplog.set_level(logging.WARNING)

    # Uploading a CV: the throttles fail open, the analytics invalidation is skipped, the task runs
    with django_capture_on_commit_callbacks(execute=True):
        upload = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile("cv.txt", render_cv(CV_TEXT, "txt")), "email": "m@x.test", "fullName": "M"},
            format="multipart",
        )  # fmt: skip
    assert upload.status_code == 202, upload.content[:300]
    assert Application.objects.get(pk=upload.json()["id"]).processing_status == "SCORED"

    # Reading: the analytics are computed instead of cached
    overview = alice.client.get("/api/v1/analytics/overview")
    assert overview.status_code == 200 and overview.json()["totalCvs"] == 1
    assert alice.client.get(f"/api/v1/jobs/{job.id}/applications").status_code == 200
    assert "analytics of tenant" in caplog.text  # said in the log, not to the client


@pytest.mark.django_db
def test_the_database_lost_after_an_upload_committed_does_not_turn_its_202_into_a_503(
    alice, job_factory, django_capture_on_commit_callbacks, caplog
):
    # Given the database drops the connection once the upload has committed: the X-Credits-* headers'
    # query (the one query after the view; its "key_used" is nowhere else) fails, as during a restart
    def lost_after_the_view(execute, sql, params, many, context):
        if '"key_used"' in sql:
            raise OperationalError("terminating connection due to administrator command")
        return execute(sql, params, many, context)

    job = job_factory(tenant=alice.tenant)
    key_client = alice.api_key_client()
    caplog.set_level(logging.WARNING)
    # When a CV is uploaded with an API key
    with connection.execute_wrapper(lost_after_the_view), django_capture_on_commit_callbacks(execute=True):
        upload = key_client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile("cv.txt", render_cv(CV_TEXT, "txt")), "email": "m@x.test", "fullName": "M"},
            format="multipart",
        )  # fmt: skip
    # Then the client hears what happened (accepted), only without the credit headers
    assert upload.status_code == 202, upload.content[:300]
    assert "X-Credits-Remaining" not in upload
    assert Application.objects.filter(pk=upload.json()["id"]).exists()
    assert "X-Credits-* left out of the answer to POST" in caplog.text
    # And with the database back, the headers are there again
    assert key_client.get("/api/v1/jobs")["X-Credits-Remaining"]


def test_queueing_with_the_broker_unreachable_logs_and_returns_false_instead_of_raising(caplog):
    broker = Celery("unreachable", broker=f"redis://{NOBODY_LISTENS}/0")
    broker.conf.broker_connection_timeout = 1
    broker.conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1}

    @broker.task(name="tests.unreachable.noop")
    def noop(value):  # pragma: no cover - never runs: nothing can take it
        return value

    caplog.set_level(logging.WARNING, logger="hiresscope.celery")
    assert send_or_defer(noop, "a1") is False
    assert "tests.unreachable.noop('a1',) not queued" in caplog.text


def test_a_database_lost_after_the_view_does_not_turn_its_answer_into_an_error(rf, settings):
    # The hardening headers ask "signed in?" after the view; the session's user is read then, from a
    # database that may have gone since the view committed its work.
    from django.db import OperationalError
    from django.utils.functional import SimpleLazyObject

    from hiresscope.middleware import _carries_credential

    def user_lost():
        raise OperationalError("connection to server was lost")

    request = rf.post("/careers/some-company/jobs/a-job/apply")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    request.user = SimpleLazyObject(user_lost)
    assert _carries_credential(request) is True  # no-store: the safe side
