"""The deployment topology (Procfile, compose.yaml, scripts/prod_local.py).

Without services: every Procfile process has a compose service running the same command, and the workers
read exactly the queues settings route tasks to. With PostgreSQL and Redis: the whole Procfile runs as
local processes (gunicorn, the four workers, beat) on a database and a Redis database of its own; a CV
uploaded through the API with an API key comes back SCORED (web, broker, parse, score and default workers),
and a worker killed with SIGKILL is restarted by the same handles fault-injection tests use.
"""

import os
import re
import signal
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
import yaml
from django.conf import settings

from demo.content import DEMO_CANDIDATES, render_cv
from scripts.prod_local import RELEASE, ProdLocal, database_recreate, procfile_read, worker_node_prefix
from tests.conftest import ROOT

DATABASE = "hs_prodlocal_test"
REDIS_DB = 11
CV_TEXT = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text
# compose service for each Procfile process where the names differ
SERVICE_FOR = {RELEASE: "migrate"}


def test_every_procfile_process_has_a_compose_service_with_the_same_command():
    processes = procfile_read()
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    for name, command in processes.items():
        service = services[SERVICE_FOR.get(name, name)]
        # compose runs the Procfile line through sh, as a Procfile runner does; $$ is compose's escape for $.
        assert service["command"][:2] == ["sh", "-c"], name
        assert service["command"][2].replace("$$", "$") == f"exec {command}", name
        assert "image" in service or "build" in service, name
    assert services["migrate"]["restart"] == "no"
    for name in set(processes) - {RELEASE}:
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully", name
    assert {"postgres", "redis"} <= set(services)


def test_one_worker_per_queue_and_every_routed_queue_has_a_worker():
    processes = procfile_read()
    worker_queues = {}
    for name, command in processes.items():
        if worker_node_prefix(command):
            worker_queues[name] = re.search(r"-Q\s+(\S+)", command).group(1)
    prefix = "${CELERY_QUEUE_PREFIX}"
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {
        settings.CELERY_TASK_DEFAULT_QUEUE
    }
    unprefixed = {queue.removeprefix(settings.CELERY_QUEUE_PREFIX) for queue in routed}
    assert sorted(worker_queues.values()) == sorted(prefix + queue for queue in unprefixed)
    assert len(set(worker_queues.values())) == len(worker_queues)  # one queue each
    assert "beat" in processes and "web" in processes


def _server_url(database: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{database}"


def _fresh_database(name: str) -> None:
    database_recreate(_server_url(name))


def _redis_db(db: int) -> str:
    parts = urlsplit(settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


def topology_env(
    tmp_path, *, database_url: str, broker: str, prefix: str, cache: str | None = None, **more
) -> dict:
    """The environment of a topology under test: its own database, Redis database and queue prefix, files
    under ``tmp_path``, no SMTP, the API-key limit out of the way; ``more`` adds settings (names as given)."""
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": broker,
        "REDIS_CACHE_URL": cache or broker,  # one Redis database per test unless told: nothing shared flushed
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_QUEUE_PREFIX": f"{prefix}-{uuid.uuid4().hex[:6]}-",
        "EMAIL_HOST": "",
        "THROTTLE_API_KEY": "100000/min",
        **{name: str(value) for name, value in more.items()},
    }


SETUP = """
from accounts.actors import Actor
from accounts.services import api_key_create
from teams.services import tenant_signup
from billing import services as billing
user, tenant = tenant_signup(email="ops@prodlocal.test", password="correct-horse-battery-staple",
                             full_name="Ops", company_name="Prod Local")
# The top plan: the trial's 100 CVs would refuse the fault tests' traffic part-way
billing.plan_ladder_ensure()
billing.subscription_grant(tenant_id=tenant.id, plan_code="enterprise", months=1, by=Actor.process("tests"))
print(api_key_create(tenant=tenant, by=Actor.member(user), name="prod-local")[1])
"""


def api_with_a_job(topology: ProdLocal) -> tuple[requests.Session, str, str]:
    """A company on the running topology: an API-key session, the API's base URL and an ACTIVE job's id."""
    key = topology.run("shell", "-c", SETUP).strip().splitlines()[-1]
    api = requests.Session()
    api.headers["X-API-Key"] = key
    base = f"{topology.base_url}/api/v1"
    job = api.post(
        f"{base}/jobs",
        json={
            "title": "Backend engineer",
            "description": "Python, Django and PostgreSQL services on AWS with Docker.",
            "requiredSkills": ["Python", "Django", "PostgreSQL"],
            "status": "ACTIVE",
        },
        timeout=30,
    )
    assert job.status_code == 201, job.text
    return api, base, job.json()["id"]


@pytest.mark.services
def test_the_procfile_topology_scores_a_cv_uploaded_through_the_api(tmp_path):
    import redis

    started = time.monotonic()
    _fresh_database(DATABASE)
    broker = _redis_db(REDIS_DB)
    redis.Redis.from_url(broker).flushdb()
    env = topology_env(
        tmp_path,
        database_url=_server_url(DATABASE),
        broker=broker,
        prefix="pl",
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES="false",
    )
    topology = ProdLocal(env=env, log_dir=tmp_path / "logs", concurrency=1, collectstatic=False)
    try:
        with topology:
            ready = time.monotonic()
            api, base, job_id = api_with_a_job(topology)
            upload = api.post(
                f"{base}/jobs/{job_id}/applications",
                files={"file": ("mara.txt", render_cv(CV_TEXT, "txt"), "text/plain")},
                data={"email": "mara@prodlocal.test", "fullName": "Mara Quillfeather"},
                timeout=20,
            )
            assert upload.status_code == 202, upload.text
            deadline = time.monotonic() + 60
            while True:
                detail = api.get(f"{base}/applications/{upload.json()['id']}", timeout=20).json()
                if detail["processingStatus"] in {"SCORED", "FAILED"} or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert detail["processingStatus"] == "SCORED", (
                detail,
                topology.log_tail("worker-parse"),
                topology.log_tail("worker-score"),
            )
            assert 0 <= detail["score"] <= 100
            health = topology.health()
            assert health["workers"] == 4 and health["broker"] == "ok"
            rss = topology.rss()
            assert set(rss) == set(topology.processes) and all(rss.values())
            print(f"\nready {ready - started:.1f}s, scored {time.monotonic() - ready:.1f}s later")
            print(topology.summary())

            # The fault-injection handles: a worker killed outright stops answering; restarted, it answers.
            topology.kill("worker-default", signal.SIGKILL)
            assert not topology.processes["worker-default"].running()
            assert "default" not in topology.ping()
            topology.restart("worker-default")
            assert topology.processes["worker-default"].starts == 2
            assert "default" in topology.ping(timeout=2)
        assert not any(process.running() for process in topology.processes.values())
        assert "application_score" in (tmp_path / "logs" / "worker-score.log").read_text()
    finally:
        topology.stop()
        redis.Redis.from_url(broker).flushdb()
        os.environ.get("HIRESSCOPE_KEEP_PRODLOCAL_DB") or _drop(DATABASE)


def _drop(name: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance = _server_url("postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
