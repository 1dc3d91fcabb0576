"""``manage.py check --deploy`` under production settings: clean at WARNING level.

Production is selected by ``HIRESSCOPE_ENV=production``, which requires ``DJANGO_SECRET_KEY``,
``DATABASE_URL``, ``REDIS_URL`` and ``ALLOWED_HOSTS`` (hiresscope/settings.py). The check runs in a
subprocess with only those set (the URLs are never connected to), so nothing of the test settings or
the developer's environment leaks in.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the process must not inherit: anything that changes settings besides what a test sets.
_SETTINGS_VARIABLES = (
    "DJANGO_",
    "HIRESSCOPE_",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "SECURE_",
    "CSP_",
)


def _check_deploy(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(_SETTINGS_VARIABLES)}
    env.update(
        HIRESSCOPE_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://hiresscope:unused@127.0.0.1:5432/hs_deploy_check",
        REDIS_URL="redis://127.0.0.1:6379/9",
        ALLOWED_HOSTS="hiresscope.example.com",
        PUBLIC_BASE_URL="https://hiresscope.example.com",
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    completed = _check_deploy()
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


def test_check_deploy_still_fails_on_a_real_misconfiguration() -> None:
    """A guessable key, DEBUG and no HTTPS redirect are each reported; HSTS turned fully on silences nothing."""
    completed = _check_deploy(
        DJANGO_SECRET_KEY="short-and-guessable",
        DJANGO_DEBUG="true",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    for warning in ("security.W009", "security.W018", "security.W008"):
        assert warning in output
    assert "security.W005" not in output and "security.W021" not in output
    assert "issues (0 silenced)" in output
