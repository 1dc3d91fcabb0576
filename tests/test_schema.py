import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    text = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/v1/auth/signup",
        "/api/v1/jobs/{id}",
        "/api/v1/jobs/{job_id}/applications",
        "/api/v1/health",
    ):
        assert path + ":" in text, path
    assert "ErrorEnvelope" in text


def test_schema_and_swagger_are_served(anon):
    assert anon.get("/api/v1/schema/").status_code == 200
    assert anon.get("/api/v1/docs/").status_code == 200
