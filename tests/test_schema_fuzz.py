"""schemathesis over the served OpenAPI schema, with every check, once per kind of credential.

The API runs in this process (pytest-django's live server, on the suite's database); schemathesis runs
as a separate process against it, as an outside client would, with one credential per run: an employer
JWT, an API key (which the b2d and HrFlow routes take too) and a candidate JWT. The run is bounded to
fit CI (``SCHEMA_FUZZ_EXAMPLES`` per operation, 3 by default); ``make fuzz-api`` runs a long one.

What may answer 400 to a well-formed request, and why, is in ``tests/fuzz/schemathesis.toml``; any
other finding fails the test, with schemathesis's report (and a curl line per failure) in the message.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.actors import Actor
from accounts.services import (
    api_key_create,
    candidate_register,
    candidate_tokens_issue,
    employer_tokens_issue,
)
from tests import factories

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

CONFIG = Path(__file__).parent / "fuzz" / "schemathesis.toml"
EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "3"))
SEED = os.environ.get("SCHEMA_FUZZ_SEED", "20261207")
ST = Path(sys.executable).with_name("st")  # requirements-dev.txt installs it beside this Python


@pytest.fixture
def fuzz_world(alice, settings):
    """A tenant with a job, a scored application and a candidate account; limits high enough that the
    run measures the API, not the rate limiter (tests/test_rate_limits*.py cover those)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min"
        ),
    }
    job = factories.JobFactory(tenant=alice.tenant, status="ACTIVE", is_public=True)
    factories.ApplicationFactory(tenant=alice.tenant, job=job, scored=True)
    account = candidate_register(
        email="fuzz.candidate@example.test", password="a-long-password-9", full_name="Fuzz"
    )
    account.email_verified_at = timezone.now()
    account.save(update_fields=["email_verified_at"])
    _, api_key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="fuzz")
    return {
        "job_id": str(job.id),
        "employer": str(employer_tokens_issue(user=alice.user, tenant=alice.tenant).access_token),
        "api_key": api_key,
        "candidate": str(candidate_tokens_issue(account=account).access_token),
    }


# Each run authenticates with one credential, through the security schemes that take it.
SCHEMES = {
    "employer JWT": {"bearerAuth": ("bearer", "employer")},
    "API key": {
        "apiKeyAuth": ("api_key", "api_key"),
        "b2dApiKeyHeader": ("api_key", "api_key"),
        "b2dApiKeyQuery": ("api_key", "api_key"),
        "hrflowApiKey": ("api_key", "api_key"),
    },
    "candidate JWT": {"candidateBearerAuth": ("bearer", "candidate")},
}


def _config(tmp_path: Path, credential: str, world: dict) -> Path:
    lines = [CONFIG.read_text(), "", f'[parameters]\n"path.job_id" = "{world["job_id"]}"', ""]
    for scheme, (kind, key) in SCHEMES[credential].items():
        lines.append(f'[auth.openapi.{scheme}]\n{kind} = "{world[key]}"\n')
    path = tmp_path / "schemathesis.toml"
    path.write_text("\n".join(lines))
    return path


@pytest.mark.timeout(1800)  # about 4 minutes per credential here; the suite's default is 300 s
@pytest.mark.parametrize("credential", list(SCHEMES))
def test_schemathesis_finds_nothing(live_server, fuzz_world, credential, tmp_path):
    command = [
        str(ST),
        "--config-file",
        str(_config(tmp_path, credential, fuzz_world)),
        "run",
        f"{live_server.url}/api/v1/schema/",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(tmp_path / "junit.xml"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1500, cwd=tmp_path)

    summary = result.stdout[result.stdout.find("=== SUMMARY") :] if "=== SUMMARY" in result.stdout else ""
    print(f"schemathesis ({credential}):\n{summary}")
    assert result.returncode == 0, (
        f"{credential}: schemathesis reported failures\n{result.stdout[-20000:]}\n{result.stderr[-3000:]}"
    )
    assert " passed" in result.stdout and "generated" in result.stdout
