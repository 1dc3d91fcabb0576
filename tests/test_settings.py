import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_its_secrets():
    result = _check({"HIRESSCOPE_ENV": "production"})

    assert result.returncode != 0
    assert (
        "DJANGO_SECRET_KEY" in result.stderr
        and "DATABASE_URL" in result.stderr
        and "REDIS_URL" in result.stderr
    )


def test_production_starts_with_its_secrets(tmp_path):
    result = _check(
        {
            "HIRESSCOPE_ENV": "production",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "ALLOWED_HOSTS": "hire.example.com",
        }
    )

    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_refused():
    result = _check({"DJANGO_DEBUG": "maybe"})

    assert result.returncode != 0 and "DJANGO_DEBUG" in result.stderr


def _shell(env_overrides: dict[str, str], code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_webhook_retry_schedule_and_sweep_period_can_be_set():
    result = _shell(
        {"WEBHOOKS_RETRY_DELAYS": "2, 4,6", "WEBHOOKS_SWEEP_SECONDS": "5"},
        "from django.conf import settings as s; b = s.CELERY_BEAT_SCHEDULE; "
        "print(s.WEBHOOKS_RETRY_DELAYS, b['webhooks-dispatch-due']['schedule'], b['webhooks-relay-sweep']['schedule'])",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "[2, 4, 6] 5.0 5.0"


@pytest.mark.parametrize(
    ("name", "value"),
    [("WEBHOOKS_RETRY_DELAYS", "5,soon"), ("WEBHOOKS_RETRY_DELAYS", "5,0"), ("WEBHOOKS_SWEEP_SECONDS", "0")],
)
def test_a_malformed_webhook_schedule_is_refused(name, value):
    result = _check({name: value})

    assert result.returncode != 0 and name in result.stderr
