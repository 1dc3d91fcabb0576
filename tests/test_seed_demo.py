import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import ApiKey, Tenant, User
from candidates.models import Application, ProcessingStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_demo_builds_scored_applications_and_prints_a_working_login_and_key(capsys, anon):
    call_command("seed_demo")
    out = capsys.readouterr().out

    tenant = Tenant.objects.get(slug="northwind-robotics-demo")
    applications = Application.objects.for_tenant(tenant)
    assert applications.count() >= 6
    assert set(applications.values_list("processing_status", flat=True)) == {ProcessingStatus.SCORED}
    assert len(set(applications.values_list("score", flat=True))) > 2  # real scores differ
    key = next(line.split()[-1] for line in out.splitlines() if "API key" in line)
    anon.credentials(HTTP_X_API_KEY=key)
    assert anon.get("/api/v1/jobs").json()["count"] == 3
    login = anon.post(
        "/api/v1/auth/login", {"email": "demo@hiresscope.local", "password": "hiresscope-demo"}, format="json"
    )
    assert login.status_code == 200
    # The dashboard takes the same login; the admin takes only the operator's, who is no tenant member.
    browser = Client()
    assert browser.login(email="demo@hiresscope.local", password="hiresscope-demo")
    assert "Northwind Robotics" in browser.get("/dashboard/").content.decode()
    assert "/dashboard/" in out and "operator@hiresscope.local" in out
    operator = User.objects.get(email="operator@hiresscope.local")
    assert operator.is_staff and not operator.memberships.exists()
    assert not User.objects.get(email="demo@hiresscope.local").is_staff


def test_seed_demo_runs_again_without_duplicates_and_revokes_the_old_key(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    tenant = Tenant.objects.get(slug="northwind-robotics-demo")
    assert Application.objects.for_tenant(tenant).count() == 7
    assert ApiKey.objects.for_tenant(tenant).filter(revoked_at__isnull=True).count() == 1


def test_seed_demo_prints_links_on_the_public_base_url(capsys, settings):
    # `make demo HOST=… PORT=…` sets PUBLIC_BASE_URL to the address it serves.
    settings.PUBLIC_BASE_URL = "http://192.0.2.10:9100"

    call_command("seed_demo")
    out = capsys.readouterr().out

    links = [word for line in out.splitlines() for word in line.split() if word.startswith("http")]
    assert links and all(link.startswith("http://192.0.2.10:9100/") for link in links)
    assert "http://192.0.2.10:9100/careers/northwind-robotics-demo/" in links
