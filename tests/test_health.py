import pytest

from tests.test_unavailable import with_the_database_down

pytestmark = pytest.mark.django_db


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
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/api/v1/health');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    outcome = with_the_database_down(script, tmp_path)
    assert outcome["status"] == 503
    assert outcome["body"]["status"] == "degraded" and outcome["body"]["db"] == "down"
