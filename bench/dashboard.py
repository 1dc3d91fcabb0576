"""The dashboard's ranked table of a job's applications: latency and query count of the page.

Prints p50/p95/max milliseconds over ``--requests`` GETs of ``/dashboard/jobs/<id>/`` (after a warm-up)
and the page's query count, with a PASS/MISS line for the target of issue 17 (item 4): p95 < 150 ms on
SQLite and on PostgreSQL, for a job of 100 scored applications, a constant number of queries.

    .venv/bin/python bench/dashboard.py                       # SQLite, a fresh file in a temporary directory
    .venv/bin/python bench/dashboard.py --database-url postgres://postgres@127.0.0.1:5432/hs_dash_bench

The page is served in-process through Django's full stack (middleware, session sign-in, the permission
check, templates) by the test client, as a signed-in owner; no network and no server in between, so
the figure is the page's own cost. The tenant (signed up through the real service), its job and its
applications (scored, a must-have summary and a few integrity flags each, as the pipeline leaves them)
are new each run. A PostgreSQL database named in ``--database-url`` is migrated first; use a database
of your own, never a shared one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 150.0


def setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["HIRESSCOPE_VAR_DIR"] = tempfile.mkdtemp(prefix="hs-dashboard-bench-")
    os.environ.pop("REDIS_URL", None)  # the page reads no cache; tasks (none run here) stay in-process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_DEBUG"] = "false"  # as served: no query log, no debug pages
    import django
    from django.core.management import call_command

    # No collected static files in a fresh directory: whitenoise says so once; the page needs none.
    warnings.filterwarnings("ignore", message="No directory at")

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)


def seed(applications: int):
    """A company, its owner, one job and ``applications`` scored applications; returns (job, owner)."""
    import uuid

    from django.utils import timezone

    from candidates.models import ProcessingStatus
    from teams.services import tenant_signup
    from tests import factories

    tag = uuid.uuid4().hex[:8]
    owner, tenant = tenant_signup(
        email=f"owner-{tag}@bench.test",
        password="correct-horse-battery-staple",
        full_name="Bench Owner",
        company_name=f"Bench {tag}",
    )
    job = factories.JobFactory(tenant=tenant, slug=f"bench-{tag}")
    skills = ["Python", "Django", "PostgreSQL", "Docker", "AWS", "Kubernetes", "Go"]
    for number in range(applications):
        candidate = factories.CandidateFactory(tenant=tenant, email=f"person{number}-{tag}@bench.test")
        met = skills[: number % len(skills)]
        factories.ApplicationFactory(
            job=job,
            candidate=candidate,
            scored=True,
            score=(number * 37) % 101,
            processing_status=ProcessingStatus.SCORED,
            scored_at=timezone.now(),
            must_haves={"matched": met, "missing": skills[len(met) :]},
            flags=[{"code": "hidden_text", "message": "White text."}] if number % 10 == 0 else [],
        )
    return job, owner


def signed_in_client(owner, tenant_id):
    from django.test import Client

    from dashboard.access import SESSION_TENANT

    client = Client()
    client.force_login(owner)
    session = client.session
    session[SESSION_TENANT] = str(tenant_id)
    session.save()
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    setup_django(args.database_url)

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    job, owner = seed(args.applications)
    client = signed_in_client(owner, job.tenant_id)
    url = f"/dashboard/jobs/{job.id}/"
    for _ in range(args.warmup):
        assert client.get(url).status_code == 200
    # Counted over one request on one connection: a request's start and end close it (SQLite keeps
    # none open between requests), and the new one would not be the one being counted.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    query_count = len(queries)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
    assert page.status_code == 200 and b"<meter" in page.content

    timings = []
    for _ in range(args.requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(
        f"dashboard ranked table ({connection.vendor}, {args.applications} applications, 25 a page): "
        f"{args.requests} requests after {args.warmup} warm-up"
    )
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {timings[-1]:.1f} ms   queries {query_count}")
    verdict = "PASS" if p95 < TARGET_P95_MS else "MISS"
    print(f"{verdict}: p95 {p95:.1f} ms (target < {TARGET_P95_MS:.0f} ms)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
