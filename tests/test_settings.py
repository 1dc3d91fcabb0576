import os
import subprocess
import sys
from pathlib import Path

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
