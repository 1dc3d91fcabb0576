"""Production collects its static files into a hashed manifest (whitenoise); a file that names a missing
one (a source map that was not vendored, say) makes that step fail, and with it every deploy."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_production_collectstatic_succeeds_and_writes_the_manifest(tmp_path):
    env = {
        **os.environ,
        "HIRESSCOPE_ENV": "production",
        "DJANGO_SECRET_KEY": "collectstatic-test-only",
        "ALLOWED_HOSTS": "example.test",
        "DATABASE_URL": "postgres://unused@unused/unused",  # collectstatic connects to neither
        "REDIS_URL": "redis://unused:6379/0",
        "HIRESSCOPE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "dashboard/vendor/chart.umd.min.js" in manifest["paths"]
