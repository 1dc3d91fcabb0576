import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_health_reports_db_version_and_time(anon, settings):
    response = anon.get("/api/v1/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["db"] == "ok"
    assert body["version"] == settings.VERSION
    assert body["timestamp"]


@pytest.mark.services
def test_health_on_real_services_reports_broker_and_workers(anon, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    body = anon.get("/api/v1/health").json()

    assert body["broker"] == "ok"
    assert isinstance(body["workers"], int)


def test_health_is_503_degraded_when_the_database_is_unreachable(tmp_path):
    # A separate process with a database URL nobody listens on: the real failure, nothing mocked.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/api/v1/health');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hiresscope.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "HIRESSCOPE_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["status"] == "degraded" and outcome["body"]["db"] == "down"
