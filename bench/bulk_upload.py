"""End-to-end bulk intake: one 50-CV bulk upload, parsed and scored by real workers on PostgreSQL + Redis.

Prints figures (not a pass/fail test). Target from issue 3: 50 CVs fully parsed and scored in under
20 s on a 2-core machine with 2 worker processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hiresscope_bench REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/bulk_upload.py [--files 50] [--workers 2]

The database named in DATABASE_URL is created if missing and migrated; the bench's tenant is new each run.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")):
        print("bench/bulk_upload.py needs DATABASE_URL (PostgreSQL) and REDIS_URL; see the module docstring.")
        return

    prefix = f"bench-{uuid.uuid4().hex[:6]}-"
    env = {**os.environ, "CELERY_QUEUE_PREFIX": prefix, "CELERY_TASK_ALWAYS_EAGER": "false"}
    os.environ.update(CELERY_QUEUE_PREFIX=prefix, CELERY_TASK_ALWAYS_EAGER="false")
    _ensure_database(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )

    queues = ",".join(f"{prefix}{name}" for name in ("default", "parse", "score"))
    command = (
        "-m celery -A hiresscope worker --pool solo --loglevel WARNING --without-gossip --without-mingle"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, *command.split(), "-Q", queues, "-n", f"{prefix}{index}@%h"], cwd=ROOT, env=env
        )
        for index in range(args.workers)
    ]
    try:
        _run(args.files)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def _ensure_database(env: dict) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(env["DATABASE_URL"])
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as connection:  # fmt: skip
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _run(file_count: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from accounts.actors import Actor
    from accounts.services import employer_tokens_issue
    from candidates.models import Application, ProcessingStatus
    from demo.content import DEMO_CANDIDATES, render_cv
    from jobs.services import job_create
    from teams.services import tenant_signup

    user, tenant = tenant_signup(
        email=f"{uuid.uuid4().hex[:10]}@bench.test",
        password="bench-password-1",
        full_name="Bench",
        company_name="Bench",
    )
    job = job_create(
        tenant=tenant, by=Actor.member(user), title="Senior Backend Engineer", status="ACTIVE",
        description="Python services with Django, PostgreSQL and Celery on AWS.",
        required_skills=["Python", "Django", "PostgreSQL"], nice_to_have_skills=["Docker", "AWS"],
        min_years_experience=4,
    )  # fmt: skip
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {employer_tokens_issue(user=user, tenant=tenant).access_token}"
    )
    kinds = ["pdf", "docx", "txt"]
    files = []
    for index in range(file_count):
        person = DEMO_CANDIDATES[index % len(DEMO_CANDIDATES)]
        text = person.cv_text.replace(person.email, f"applicant{index}@example.test") + f"\nRef {index}\n"
        files.append(SimpleUploadedFile(f"cv{index}.{kinds[index % 3]}", render_cv(text, kinds[index % 3])))

    started = time.perf_counter()
    response = client.post(f"/api/v1/jobs/{job.id}/applications/bulk", {"files": files}, format="multipart")
    accepted_at = time.perf_counter()
    body = response.json()
    print(f"bulk request: HTTP {response.status_code}, {body['accepted']} accepted, {body['rejected']} rejected, "
          f"{accepted_at - started:.2f} s to accept")  # fmt: skip
    pending = Application.objects.filter(job=job).exclude(
        processing_status__in=[ProcessingStatus.SCORED, ProcessingStatus.FAILED]
    )
    deadline = started + 300
    while pending.exists() and time.perf_counter() < deadline:
        time.sleep(0.05)
    finished = time.perf_counter()
    applications = list(Application.objects.filter(job=job))
    scored = [a for a in applications if a.processing_status == ProcessingStatus.SCORED]
    latencies = sorted((a.updated_at - a.created_at).total_seconds() for a in scored)
    print(f"{len(scored)}/{len(applications)} scored, {len(applications) - len(scored)} not scored")
    print(f"wall time upload -> all scored: {finished - started:.2f} s (target < 20 s)")
    if latencies:
        print(
            f"per-CV time from stored to scored: median {statistics.median(latencies):.2f} s, "
            f"p95 {latencies[int(0.95 * (len(latencies) - 1))]:.2f} s, throughput {len(scored) / (finished - started):.1f} CVs/s"
        )


if __name__ == "__main__":
    main()
