"""Rate limits hold across processes: two gunicorn workers share one budget through Redis.

A real ``gunicorn`` with two sync workers serves this test's PostgreSQL database and Redis. Concurrent
requests, each on a new connection, land on both workers (the access log names the worker's pid); the
number answered 200 is the configured rate, not twice it. The same access log shows an API key sent in
the query string masked, however the parameter's name was encoded (and the key still authenticated).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from accounts.actors import Actor
from accounts.services import api_key_create
from tests.conftest import ROOT

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

RATE = 7
SECRET = "hsk_live_NotARealKeyButSecret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    database = settings.DATABASES["default"]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}/"
            f"{connection.settings_dict['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_CACHE_URL": settings.CACHES["default"]["LOCATION"],
        "THROTTLE_ANON": f"{RATE}/hour",
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "hiresscope.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
                "--access-logfile", "-",
                "--access-logformat", "ACCESS %(p)s %(s)s %(r)s q=%(q)s f=%(f)s k=%({x-api-key}i)s",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while (
            "Booting worker" not in log_path.read_text() or log_path.read_text().count("Booting worker") < 2
        ):
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start:\n" + log_path.read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", log_path
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _get(url: str) -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, headers={"Connection": "close"})  # noqa: S310 - local server
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_two_workers_share_one_budget_and_mask_query_string_keys(gunicorn):
    base, log_path = gunicorn
    cache.clear()  # the server counts in this Redis database too
    answers = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        # Rounds of concurrent requests until both workers have answered some (usually the first round).
        while len(answers) < 200:
            answers += pool.map(lambda _: _get(f"{base}/api/v1/billing/plans"), range(16))
            served_by = set(re.findall(r"ACCESS <(\d+)> \d+ GET /api/v1/billing/plans", log_path.read_text()))
            if len(served_by) == 2:
                break

    assert len(served_by) == 2, "one worker answered everything:\n" + log_path.read_text()[-2000:]
    allowed = [answer for answer in answers if answer[0] == 200]
    refused = [answer for answer in answers if answer[0] == 429]
    assert len(allowed) == RATE and len(allowed) + len(refused) == len(answers)
    for _, headers, body in refused:
        assert int(headers["Retry-After"]) > 0
        assert body["statusCode"] == 429 and body["code"] == "throttled"

    status, _, body = _get(f"{base}/api/v1/jobs/list?api_key={SECRET}")
    assert (status, body) == (403, {"error": "Invalid API key"})
    time.sleep(0.5)  # the access line is written after the response
    log = log_path.read_text()
    assert "GET /api/v1/jobs/list?api_key=[REDACTED] HTTP/1.1" in log
    assert SECRET not in log


def test_a_real_key_in_any_spelling_authenticates_and_is_masked_in_the_access_log(gunicorn, alice):
    # Given a real key, and gunicorn started as in production (gunicorn.conf.py read from the checkout)
    base, log_path = gunicorn
    raw_key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="b2d")[1]
    body = raw_key.removeprefix("hsk_live_")

    # When it is sent in the query string under encoded names, and as an encoded value
    answers = [
        _get(f"{base}/api/v1/jobs/list?{query}")[0]
        for query in (
            f"api%5Fkey={raw_key}",
            f"%61pi_key={raw_key}",
            f"api_key=hsk%5Flive%5F{body}",
        )
    ]
    time.sleep(0.5)  # the access line is written after the response

    # Then each authenticated, and the access log has the three requests without the key
    assert answers == [200, 200, 200]
    log = log_path.read_text()
    assert "GET /api/v1/jobs/list?api%5Fkey=[REDACTED] HTTP/1.1" in log
    assert "GET /api/v1/jobs/list?%61pi_key=[REDACTED] HTTP/1.1" in log
    assert "GET /api/v1/jobs/list?api_key=[REDACTED] HTTP/1.1" in log
    assert body[:10] not in log
