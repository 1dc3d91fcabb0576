"""Browser-facing hardening: Swagger UI from our own static files, a Content-Security-Policy on every
HTML page (and templates that need no inline code under it), no-store on answers to credentials, and a
year of HSTS in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.services import candidate_register, candidate_tokens_issue
from tests.conftest import PASSWORD, ROOT
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
URL_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.fixture
def static_from_apps(settings):
    """WhiteNoise serves the apps' static files without collectstatic (as it does under runserver)."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


# -- Swagger UI ---------------------------------------------------------------------------------------


def test_the_api_docs_load_only_same_origin_files_and_each_is_served(static_from_apps):
    client = Client()

    page = client.get("/api/v1/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    urls = URL_ATTRIBUTE.findall(html)
    assert len(urls) >= 5, html  # favicon, 2 stylesheets, 3 scripts
    assert not re.search(r"(?i)(https?:)?//", " ".join(urls)), urls  # no other host, not even scheme-relative
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html), html
    for url in urls:
        assert url.startswith(("/static/", "/api/v1/docs/")), url
        served = client.get(url)
        assert served.status_code == 200, url
        if url.endswith(".js") or "?script" in url:
            assert "javascript" in served["Content-Type"], (url, served["Content-Type"])
    assert page["Content-Security-Policy"] == EXPECTED_CSP


# -- Content-Security-Policy ----------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return UserFactory(email="root@example.test", is_staff=True, is_superuser=True)


def html_pages(job, staff) -> list[tuple[str, Client]]:
    anonymous, admin = Client(), Client()
    admin.force_login(staff)
    board = f"/careers/{job.tenant.slug}/"
    return [
        ("/", anonymous),
        (board, anonymous),
        (f"{board}jobs/{job.slug}/", anonymous),
        (f"{board}jobs/{job.slug}/apply/", anonymous),
        ("/account/login/", anonymous),
        ("/account/register/", anonymous),
        ("/careers/no-such-company/", anonymous),  # an error page
        ("/no/such/page/", anonymous),
        ("/api/v1/docs/", anonymous),
        ("/admin/login/", anonymous),
        ("/admin/", admin),
        ("/admin/accounts/user/", admin),
        (f"/admin/accounts/user/{staff.pk}/change/", admin),
    ]


def test_every_kind_of_html_page_carries_the_policy(static_from_apps, staff):
    job = JobFactory()
    for url, client in html_pages(job, staff):
        response = client.get(url)

        assert response["Content-Type"].startswith("text/html"), url
        assert response.get("Content-Security-Policy") == EXPECTED_CSP, (url, response.status_code)


def test_refusals_carry_the_policy_too(settings, staff):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "1/min"},
    }
    for url, body in (("/account/login/", {"email": "a@example.test"}), ("/admin/login/", {"username": "a"})):
        client = Client()
        client.post(url, body)

        refused = client.post(url, body)

        assert refused.status_code == 429 and refused["Content-Security-Policy"] == EXPECTED_CSP


def test_the_policy_can_be_configured_off(settings):
    settings.CONTENT_SECURITY_POLICY = ""

    assert "Content-Security-Policy" not in Client().get("/account/login/")


def test_json_answers_do_not_need_the_policy(anon):
    assert "Content-Security-Policy" not in anon.get("/api/v1/jobs/public")


TEMPLATE_DIRS = [
    ROOT / "careers" / "templates",
    ROOT / "hiresscope" / "templates",
    ROOT / "accounts" / "templates",
]


@pytest.mark.parametrize(
    "template", [path for folder in TEMPLATE_DIRS for path in sorted(folder.rglob("*.html"))], ids=str
)
def test_our_templates_run_no_inline_code(template: Path):
    """What the policy would block: inline scripts and styles, event-handler attributes, javascript: URLs."""
    source = template.read_text()

    assert not re.search(r"<script(?![^>]*\bsrc=)", source), "an inline <script>"
    assert "<style" not in source, "an inline <style>"
    assert not re.search(r"\sstyle\s*=", source), "a style= attribute"
    assert not re.search(r"(?i)\son[a-z]+\s*=", source), "an on*= event handler"
    assert "javascript:" not in source.lower()


# -- Cache-Control: no-store ----------------------------------------------------------------------------


def candidate_client() -> APIClient:
    account = candidate_register(email="mara@example.test", password=PASSWORD, full_name="Mara")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {candidate_tokens_issue(account=account).access_token}")
    return client


def test_answers_to_credentials_are_not_stored(alice, staff, anon):
    key_client = alice.api_key_client()
    raw_key = key_client._credentials["HTTP_X_API_KEY"]
    careers = Client()
    careers.post(
        "/account/register/", {"email": "ambrose@example.test", "password": PASSWORD, "fullName": "A"}
    )
    careers.force_login(candidate_register(email="pia@example.test", password=PASSWORD, full_name="Pia").user)
    admin = Client()
    admin.force_login(staff)

    answers = {
        "employer JWT": alice.client.get("/api/v1/jobs"),
        "API key": key_client.get("/api/v1/jobs"),
        "b2d key in the query": anon.get(f"/api/v1/jobs/list?api%5Fkey={raw_key}"),
        "candidate JWT": candidate_client().get("/api/v1/candidates/me"),
        "a refused token": anon.get("/api/v1/jobs", HTTP_AUTHORIZATION="Bearer not-a-token"),
        "careers session": careers.get("/account/"),
        "admin session": admin.get("/admin/"),
    }

    for name, response in answers.items():
        assert response.status_code in (200, 401), (name, response.status_code)
        assert response["Cache-Control"] == "no-store" or "no-store" in response["Cache-Control"], name
    assert answers["a refused token"].status_code == 401


def test_anonymous_answers_and_static_files_stay_cacheable(static_from_apps, staff, anon):
    admin = Client()
    admin.force_login(staff)

    public = anon.get("/api/v1/jobs/public")
    static = admin.get("/static/careers/site.css")

    assert public.status_code == 200 and "no-store" not in public.get("Cache-Control", "")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


# -- HSTS in production ---------------------------------------------------------------------------------


def production_probe(tmp_path, **env: str) -> str:
    """Settings and one HTTPS request under HIRESSCOPE_ENV=production, in a fresh interpreter."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "response = Client().get('/api/no-such-route', secure=True, HTTP_HOST='hire.example.com')\n"
        "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " settings.SECURE_HSTS_PRELOAD, '|', response['Strict-Transport-Security'])\n"
    )
    environment = {
        **{
            k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY"}
        },
        "DJANGO_SETTINGS_MODULE": "hiresscope.settings",
        "HIRESSCOPE_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "hire.example.com",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_sends_a_year_of_hsts_without_subdomains_or_preload_by_default(tmp_path):
    assert production_probe(tmp_path) == "31536000 False False | max-age=31536000"


def test_hsts_subdomains_and_preload_are_configurable(tmp_path):
    probe = production_probe(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true")

    assert probe == "31536000 True True | max-age=31536000; includeSubDomains; preload"
