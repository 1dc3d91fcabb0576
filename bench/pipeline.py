"""Pipeline at scale: list, detail, analytics and export latency at 10k, 100k and 1M applications.

Prints figures and a PASS/MISS line per target of issue 5 (item 8): list and detail p99 < 50 ms,
analytics with a cold cache < 300 ms, list/detail p99 growth from the smallest to the largest size
<= 2x, CSV export >= 20,000 rows/s.

    createdb -h 127.0.0.1 -U postgres hs_bench      # once; the script owns this database
    .venv/bin/python bench/pipeline.py                                   # 10k, 100k, 1M from scratch
    .venv/bin/python bench/pipeline.py --keep --sizes 1000000            # reuse the seeded rows
    .venv/bin/python bench/pipeline.py --keep --sizes 1000000 --explain  # plus EXPLAIN ANALYZE

Seeding: 1,000 tenants whose sizes follow a Zipf law (tenant 0 holds ~13% of the rows, the smallest a
few hundred at 1M), 2-60 jobs each, plus one "big job" in tenant 0 that receives 5% of all rows
(50,000 at 1M). One candidate per application. Rows carry the JSON an application really has (parsed
profile with the CV text, score breakdown, explanation: ~10 KB, from 40 synthetic CVs run through the
scoring engine). Sizes are cumulative: row k is the same whatever the target size, so the script seeds
up to 10k, measures, tops up to 100k, measures... Rows go in with COPY, then VACUUM ANALYZE runs (the
state autovacuum keeps a live table in) and a CHECKPOINT (so the seed's writes are not measured).
Without ``--keep`` the database is emptied first.

Measurement: in-process through Django's test client, so every request crosses the full middleware,
API-key authentication, DRF and JSON rendering stack; DEBUG is off. Each figure is over ``--repeat``
requests after a warm-up, against the big job and tenant 0 (the worst case for counts and sorts).
Analytics are measured with the cache cleared before every request. Export throughput consumes the
whole streamed CSV of the big job.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import os
import statistics
import sys
import time
import tracemalloc
import uuid
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hs_bench"
TENANTS = 1000
BIG_JOB_SHARE = 0.05
CHUNK = 10_000  # rows of one generation chunk: row k's data depends only on k's chunk and the seed
SEED = 20260301
PAGE_SIZE = 20
DEEP_PAGE = 500
WARM_UP = 10
BENCH_EMAIL = "bench-owner@hirescope.test"
TEMPLATES = 40


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Ada Alan Amara Anna Aziz Bea Carlos Chen Chloe Dara Diego Elena Emeka Eva Farah Finn Grace Hana Hugo "
    "Ines Ivan Jamal Jana Joao Kai Kemi Lars Layla Leo Lina Luca Maya Mei Nadia Noah Nora Omar Priya Quinn "
    "Ravi Rosa Sami Sara Sofia Tariq Tess Uma Victor Wen Yara Yusuf Zoe Zara Mateo Ingrid Kenji Aisha Pablo"
)
LAST_NAMES = _words(
    "Smith Garcia Muller Rossi Silva Kowalski Novak Haddad Tanaka Kim Nguyen Patel Singh Cohen Dubois "
    "Jensen Larsen Moreau Rivera Santos Costa Ferreira Okafor Mensah Adeyemi Banda Kariuki Mwangi Ivanova "
    "Petrov Horvat Kovacs Nagy Popescu Georgiou Papadakis Yilmaz Demir Hassan Farouk Rahman Chowdhury "
    "Ahmed Ali Khan Malik Sato Suzuki Wang Li Zhang Liu Chen Huang Zhao Wu Tran Le Pham Reyes Cruz Flores "
    "Morales Ortiz Vargas Castillo Romero Alvarez Torres Ramirez Navarro Delgado Herrera Medina Aguilar "
    "Fischer Weber Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Neumann Schwarz Braun Lange "
    "Walsh Byrne Murphy Kelly Brennan Quigley Doyle Lynch"
)
SEARCH = "okafor"  # one surname among ~100: a search that narrows a list the way a recruiter's does

STATUSES = (("NEW", 0.60), ("SHORTLISTED", 0.12), ("INTERVIEW", 0.08), ("OFFER", 0.03), ("HIRED", 0.02))
STATUSES += (("REJECTED", 0.15),)
PROCESSING = (("SCORED", 0.93), ("FAILED", 0.03), ("QUEUED", 0.02), ("PARSING", 0.01), ("SCORING", 0.01))
SOURCES = (("UPLOAD", 0.5), ("BULK", 0.3), ("PUBLIC_LINK", 0.2))


def stable_uuid(kind: str, n: int | str) -> uuid.UUID:
    # Ids derived from the row number: the same rows whatever the target size, and random-looking (as
    # UUID4 keys are), so index pages fill the way production inserts fill them.
    return uuid.UUID(bytes=hashlib.md5(f"{kind}-{n}".encode(), usedforsecurity=False).digest(), version=4)


# --- the plan: tenants, jobs and how rows are spread over them --------------------------------------


class Plan:
    """Deterministic tenants and jobs, and the sampler that assigns row k to one job."""

    def __init__(self):
        import numpy as np

        weights = 1.0 / np.arange(1, TENANTS + 1)
        self.tenant_weights = weights / weights.sum()
        self.tenant_ids = [stable_uuid("tenant", i) for i in range(TENANTS)]
        expected_at_1m = self.tenant_weights * 1_000_000 * (1 - BIG_JOB_SHARE)
        self.jobs_per_tenant = np.clip(np.round(expected_at_1m / 2500), 2, 60).astype(int)
        self.job_offsets = np.concatenate([[0], np.cumsum(self.jobs_per_tenant)[:-1]])
        self.jobs = []  # (job id, tenant index, job index within tenant)
        for tenant, count in enumerate(self.jobs_per_tenant):
            self.jobs += [(stable_uuid("job", f"{tenant}-{j}"), tenant, j) for j in range(count)]
        self.big_job_id = stable_uuid("job", "big")

    def chunk(self, c: int) -> dict:
        """Every random choice for rows [c * CHUNK, (c + 1) * CHUNK), as arrays."""
        import numpy as np

        rng = np.random.default_rng([SEED, c])
        n = CHUNK

        def pick(options):
            return rng.choice(len(options), size=n, p=[p for _, p in options])

        tenant = rng.choice(TENANTS, size=n, p=self.tenant_weights)
        job = self.job_offsets[tenant] + np.floor(rng.random(n) * self.jobs_per_tenant[tenant]).astype(int)
        big = rng.random(n) < BIG_JOB_SHARE
        tenant[big] = 0
        return {
            "tenant": tenant,
            "job": np.where(big, -1, job),
            "status": pick(STATUSES),
            "processing": pick(PROCESSING),
            "source": pick(SOURCES),
            "score": np.clip(np.round(rng.normal(52, 20, n)), 0, 100).astype(int),
            "age_seconds": rng.random(n) * 365 * 86400,
            "first": rng.integers(0, len(FIRST_NAMES), n),
            "last": rng.integers(0, len(LAST_NAMES), n),
            "template": rng.integers(0, TEMPLATES, n),
            "flagged": rng.random(n) < 0.03,
        }


def json_templates() -> list[dict]:
    """Parsed profiles, breakdowns and explanations of 40 synthetic CVs, as the workers store them."""
    from candidates.explanations import must_have_verdicts
    from scoring import engine
    from scoring.synthetic import generate_corpus

    job = engine.job_requirements(
        title="Senior Backend Engineer",
        description="Build Python services and REST APIs on AWS with SQL databases, Docker and CI/CD.",
        required_skills=["Python", "SQL", "Docker", "Kubernetes"],
        nice_to_have_skills=["AWS", "Terraform", "Go"],
        min_years_experience=4,
        education_level="BACHELOR",
        languages=["English"],
    )
    templates = []
    for item in generate_corpus(TEMPLATES, seed=3):
        cv = engine.parse_cv(item.text, today=date(2026, 1, 1))
        result = engine.score_cv(cv, job, features=engine.cv_features(cv.text))
        templates.append(
            {
                "parsed_profile": json.dumps(cv.to_dict()),
                "score_breakdown": json.dumps(result.breakdown),
                "explanation": json.dumps(result.explanation),
                "must_haves": json.dumps(must_have_verdicts(result.explanation)),
                "engine_version": result.engine_version,
            }
        )
    return templates


# --- seeding -------------------------------------------------------------------------------------


def reset_database() -> None:
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        # Every tenant-owned table references the tenant: one TRUNCATE empties them all.
        cursor.execute("TRUNCATE accounts_tenant CASCADE")
    User.objects.filter(email=BENCH_EMAIL).delete()


def seed_structure(plan: Plan) -> None:
    """Tenants, their default boards and jobs (idempotent: existing rows are kept)."""
    from accounts.models import Tenant
    from jobs.models import Board, Job, JobStatus

    Tenant.objects.bulk_create(
        [
            Tenant(id=tid, name=f"Bench {i:04d}", slug=f"bench-{i:04d}")
            for i, tid in enumerate(plan.tenant_ids)
        ],
        ignore_conflicts=True,
    )
    boards = [stable_uuid("board", i) for i in range(TENANTS)]
    Board.objects.bulk_create(
        [
            Board(id=boards[i], tenant_id=tid, name="Default", key=f"brd_bench_{i:04d}", is_default=True)
            for i, tid in enumerate(plan.tenant_ids)
        ],
        ignore_conflicts=True,
    )
    statuses = [JobStatus.ACTIVE] * 7 + [JobStatus.CLOSED] * 2 + [JobStatus.DRAFT]
    now = datetime.now(UTC)
    jobs = [
        Job(
            id=job_id,
            tenant_id=plan.tenant_ids[tenant],
            board_id=boards[tenant],
            title=f"Job {j} of tenant {tenant}",
            description="Build Python services and REST APIs on AWS with SQL databases and Docker.",
            required_skills=["Python", "SQL", "Docker"],
            nice_to_have_skills=["AWS"],
            status=statuses[j % 10],
            is_public=True,
            slug=f"bench-{tenant}-{j}",
            # A few soft-deleted jobs, so analytics' "live jobs only" has something to leave out.
            deleted_at=now if j > 0 and (tenant * 7 + j) % 50 == 49 else None,
        )
        for job_id, tenant, j in plan.jobs
    ]
    jobs.append(
        Job(
            id=plan.big_job_id,
            tenant_id=plan.tenant_ids[0],
            board_id=boards[0],
            title="The big job",
            description="Build Python services and REST APIs on AWS with SQL databases and Docker.",
            required_skills=["Python", "SQL", "Docker"],
            status=JobStatus.ACTIVE,
            is_public=True,
            slug="bench-big-job",
        )
    )
    Job.objects.bulk_create(jobs, ignore_conflicts=True)


def bench_api_key(plan: Plan) -> str:
    """An API key of tenant 0, created fresh (only its hash is stored); earlier bench keys are revoked."""
    from accounts.actors import Actor
    from accounts.models import ApiKey, Membership, MembershipRole, Tenant, User
    from accounts.services import api_key_create, api_key_revoke

    user = User.objects.filter(email=BENCH_EMAIL).first() or User.objects.create_user(
        email=BENCH_EMAIL, password=uuid.uuid4().hex, full_name="Bench Owner"
    )
    tenant = Tenant.objects.get(id=plan.tenant_ids[0])
    Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"role": MembershipRole.OWNER})
    # Plans cap the number of live keys; each run makes a new one.
    for api_key in ApiKey.objects.for_tenant(tenant).filter(revoked_at__isnull=True):
        api_key_revoke(api_key=api_key, by=Actor.member(user))
    return api_key_create(tenant=tenant, by=Actor.member(user), name="bench")[1]


def _copy_columns(model, provided: list[str]) -> tuple[list[str], list]:
    """Columns for COPY: those the generator provides, then every other column at its default."""
    from django.db.models import JSONField

    columns, constants = [], []
    for field in model._meta.concrete_fields:
        if field.attname in provided:
            continue
        if not field.has_default() and not field.null and not field.blank:
            raise RuntimeError(f"{model.__name__}.{field.name} has no default: the seeder must provide it")
        value = field.get_default() if field.has_default() else (None if field.null else "")
        columns.append(field.column)
        constants.append(json.dumps(value) if isinstance(field, JSONField) and value is not None else value)
    return [model._meta.get_field(name).column for name in provided] + columns, constants


CANDIDATE_FIELDS = ["id", "tenant_id", "full_name", "email", "created_at", "updated_at"]
APPLICATION_FIELDS = [
    "id", "tenant_id", "job_id", "candidate_id", "source", "status", "processing_status", "failure_code",
    "failure_reason", "processing_attempts", "processing_started_at", "parsed_at", "failed_at", "cv_file",
    "cv_filename", "cv_kind", "cv_size", "cv_sha256", "parsed_profile", "parser_version", "score",
    "score_breakdown", "explanation", "must_haves", "engine_version", "rubric_version", "score_input_hash", "scored_at",
    "flags", "status_changed_at", "created_at", "updated_at",
]  # fmt: skip
FLAG = json.dumps(
    [{"code": "keyword_stuffing", "message": "Skills repeated out of context.", "excerpt": None}]
)


def seed_rows(plan: Plan, templates: list[dict], start: int, stop: int) -> None:
    """Rows [start, stop): one candidate and one application each, with COPY, one transaction per chunk."""
    from django.db import connection, transaction

    from candidates.models import Application, Candidate

    candidate_columns, candidate_constants = _copy_columns(Candidate, CANDIDATE_FIELDS)
    application_columns, application_constants = _copy_columns(Application, APPLICATION_FIELDS)
    job_ids = [job_id for job_id, _, _ in plan.jobs]
    now = datetime.now(UTC)
    for c in range(start // CHUNK, math.ceil(stop / CHUNK)):
        data = plan.chunk(c)
        first, last = max(start, c * CHUNK), min(stop, (c + 1) * CHUNK)
        candidates, applications = [], []
        for k in range(first, last):
            i = k - c * CHUNK
            tenant_id = plan.tenant_ids[data["tenant"][i]]
            job = data["job"][i]
            job_id = plan.big_job_id if job < 0 else job_ids[job]
            created = now - timedelta(seconds=float(data["age_seconds"][i]))
            first_name, last_name = FIRST_NAMES[data["first"][i]], LAST_NAMES[data["last"][i]]
            candidate_id = stable_uuid("candidate", k)
            email = f"{first_name}.{last_name}.{k}@example.test".lower()
            candidates.append((candidate_id, tenant_id, f"{first_name} {last_name}", email, created, created))

            status = STATUSES[data["status"][i]][0]
            processing = PROCESSING[data["processing"][i]][0]
            template = templates[data["template"][i]]
            parsed = processing in ("SCORING", "SCORED")
            scored = processing == "SCORED"
            application_id = stable_uuid("application", k)
            applications.append(
                (
                    application_id, tenant_id, job_id, candidate_id, SOURCES[data["source"][i]][0], status,
                    processing, "unreadable" if processing == "FAILED" else "",
                    "The PDF has no text layer." if processing == "FAILED" else "", 1,
                    created, created + timedelta(seconds=20) if parsed else None,
                    created + timedelta(seconds=20) if processing == "FAILED" else None,
                    f"cvs/{tenant_id}/{application_id}.pdf", "cv.pdf", "pdf", 120_000, f"{k:064x}",
                    template["parsed_profile"] if parsed else None, "1" if parsed else "",
                    int(data["score"][i]) if scored else None,
                    template["score_breakdown"] if scored else None,
                    template["explanation"] if scored else None,
                    template["must_haves"] if scored else None,
                    template["engine_version"] if scored else "", 1 if scored else None,
                    f"{k:064x}" if scored else "", created + timedelta(seconds=40) if scored else None,
                    FLAG if data["flagged"][i] else "[]",
                    created + timedelta(days=2) if status != "NEW" else None, created, created,
                )
            )  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            # Bench data only: a crash may lose the last chunks, which the next --keep run re-seeds.
            cursor.execute("SET LOCAL synchronous_commit TO off")
            for table, columns, rows, constants in (
                ("candidates_candidate", candidate_columns, candidates, candidate_constants),
                ("candidates_application", application_columns, applications, application_constants),
            ):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, *constants))


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("candidates_application", "candidates_candidate", "jobs_job"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        # Seeding leaves gigabytes of dirty pages; without a checkpoint now, PostgreSQL writes them out
        # while the next size is measured, and that size's figures measure the disk, not the queries.
        cursor.execute("CHECKPOINT")


# --- measuring -----------------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class Bench:
    def __init__(self, *, api_key: str, repeat: int, explain: bool):
        from django.test import Client

        self.client = Client(headers={"X-API-Key": api_key})
        self.repeat = repeat
        self.explain = explain

    def get(self, path: str):
        response = self.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
        return response

    def timed(self, paths, *, before=None) -> list[float]:
        """Milliseconds per request over ``repeat`` requests (cycling through ``paths``) after a warm-up."""
        paths = [paths] if isinstance(paths, str) else paths
        for n in range(WARM_UP):
            before and before()
            self.get(paths[n % len(paths)])
        samples = []
        for n in range(self.repeat):
            path = paths[n % len(paths)]
            before and before()
            start = time.perf_counter()
            self.get(path)
            samples.append((time.perf_counter() - start) * 1000)
        if self.explain:
            before and before()
            explain(lambda: self.get(paths[0]), label=paths[0])
        return samples


def explain(request, *, label: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) every application/candidate query one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        request()
    print(f"\n  -- EXPLAIN ANALYZE for GET {label}")
    for query in context.captured_queries:
        sql = query["sql"]
        if "candidates_application" not in sql and "candidates_candidate" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        print(f"  {sql[:160]}{'…' if len(sql) > 160 else ''}")
        for line in plan:
            print(f"      {line}")


def export_throughput(bench: Bench, path: str, runs: int = 3) -> tuple[float, int, int] | None:
    """(rows/s over the whole streamed CSV (median of ``runs``), rows, peak bytes Python allocated while
    streaming it, measured in one more run under tracemalloc); None when there is no export."""
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return None
    rates, rows = [], 0
    for _ in range(runs + 1):  # the first run warms up
        start = time.perf_counter()
        response = bench.client.get(path)
        if response.status_code == 404:
            return None
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - start
        rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1
        rates.append(rows / elapsed)
    # Memory: the chunks are counted and dropped as they arrive, so the peak is what the server side
    # (query cursor, row decoding, CSV writer) holds at once; tracing slows Python, hence a run of its own.
    tracemalloc.start()
    for _ in bench.client.get(path).streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(rates[1:]), rows, peak


def measure(bench: Bench, plan: Plan) -> dict:
    from django.core.cache import cache

    from candidates.models import Application

    big = plan.big_job_id
    base = f"/api/v1/jobs/{big}/applications"
    rows_in_big_job = Application.objects.filter(job_id=big).count()
    last_page = max(1, math.ceil(rows_in_big_job / PAGE_SIZE))
    deep = min(DEEP_PAGE, last_page)
    filtered = f"{base}?status=NEW,SHORTLISTED&scoreMin=60&search={SEARCH}&pageSize={PAGE_SIZE}"
    unfiltered_count = bench.get(f"{base}?pageSize=1").json()["count"]
    filtered_count = bench.get(filtered).json()["count"]
    detail_ids = list(Application.objects.filter(job_id=big).order_by("?").values_list("id", flat=True)[:100])

    results = {
        "list, first page": bench.timed(f"{base}?page=1&pageSize={PAGE_SIZE}"),
        f"list, deep page ({deep})": bench.timed(f"{base}?page={deep}&pageSize={PAGE_SIZE}"),
        "list, sorted by score": bench.timed(f"{base}?ordering=-score&pageSize={PAGE_SIZE}"),
        "list, filtered": bench.timed(filtered),
        "detail": bench.timed([f"/api/v1/applications/{pk}" for pk in detail_ids]),
        "analytics overview, cold": bench.timed("/api/v1/analytics/overview", before=cache.clear),
        "analytics job, cold": bench.timed(f"/api/v1/analytics/jobs/{big}", before=cache.clear),
    }
    return {
        "latency": results,
        "export": export_throughput(bench, f"{base}/export-csv"),
        "big_job_rows": rows_in_big_job,
        "filtered": (filtered_count, unfiltered_count),
    }


def report(size: int, figures: dict, seeded_in: float | None) -> None:
    print(
        f"\n== {size:,} applications, {TENANTS:,} tenants; big job {figures['big_job_rows']:,} rows", end=""
    )
    print(f"; seeded in {seeded_in:.0f} s" if seeded_in is not None else "; reused")
    filtered, total = figures["filtered"]
    print(
        f"   filtered list: {filtered:,} of {total:,} rows match status=NEW,SHORTLISTED&scoreMin=60&search={SEARCH}"
    )
    if filtered == total:
        print("   (the filters were not applied: is the filtered list implemented?)")
    print(f"   {'':32} {'p50 ms':>8} {'p99 ms':>8}")
    for name, samples in figures["latency"].items():
        print(f"   {name:32} {statistics.median(samples):8.1f} {percentile(samples, 0.99):8.1f}")
    export = figures["export"]
    if export is None:
        print("   export: no export route yet (GET .../applications/export-csv answers 404)")
    else:
        print(
            f"   export, big job: {export[0]:,.0f} rows/s ({export[1]:,} rows, median of 3); "
            f"peak Python memory while streaming {export[2] / 2**20:.1f} MiB"
        )


def verdicts(by_size: dict[int, dict]) -> None:
    sizes = sorted(by_size)
    largest = by_size[sizes[-1]]["latency"]

    def line(ok: bool, text: str) -> None:
        print(f"{'PASS' if ok else 'MISS'}  {text}")

    print(f"\n== targets (at {sizes[-1]:,} applications)")
    for name, samples in largest.items():
        p99 = percentile(samples, 0.99)
        limit = 300 if name.startswith("analytics") else 50
        line(p99 < limit, f"{name}: p99 {p99:.1f} ms < {limit} ms")
    if len(sizes) > 1:
        smallest = by_size[sizes[0]]["latency"]
        for (name, samples), (_, base) in zip(largest.items(), smallest.items(), strict=True):
            if name.startswith("analytics"):
                continue
            ratio = percentile(samples, 0.99) / percentile(base, 0.99)
            line(ratio <= 2, f"{name}: p99 growth {sizes[0]:,} -> {sizes[-1]:,} rows {ratio:.2f}x <= 2x")
    export = by_size[sizes[-1]]["export"]
    if export is None:
        print("n/a   export: no export route")
    else:
        line(export[0] >= 20_000, f"export: {export[0]:,.0f} rows/s >= 20,000 rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="cumulative row counts to measure at")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--keep", action="store_true", help="reuse the rows already seeded, topping up only")
    parser.add_argument(
        "--repeat",
        type=int,
        default=300,
        help="requests per figure (default 300: a p99 from 100 is the 2nd worst)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of each request's queries"
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_DEBUG"] = "false"
    # The per-key rate limit still runs on every request (its cost is measured) but never refuses.
    os.environ["THROTTLE_API_KEY"] = "100000000/min"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
    # Static files are not collected for a bench run; whitenoise's warning about it is noise here.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from candidates.models import Application

    if connection.vendor != "postgresql":
        sys.exit("bench/pipeline.py needs PostgreSQL (--database-url postgres://...)")
    call_command("migrate", verbosity=0)
    if not args.keep:
        reset_database()
    plan = Plan()
    seed_structure(plan)
    api_key = bench_api_key(plan)
    print(f"preparing {TEMPLATES} synthetic CVs' JSON (parse + score)...")
    templates = json_templates()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"PostgreSQL {version}; {os.cpu_count()} CPUs; repeat {args.repeat}; cache {django.conf.settings.CACHES['default']['BACKEND']}"
    )

    bench = Bench(api_key=api_key, repeat=args.repeat, explain=args.explain)
    by_size = {}
    for size in sizes:
        existing = Application.objects.count()
        seeded_in = None
        if existing < size:
            start = time.perf_counter()
            seed_rows(plan, templates, existing, size)
            vacuum_analyze()
            seeded_in = time.perf_counter() - start
        elif existing > size:
            print(f"\n(skipping {size:,}: the database already holds {existing:,} rows; run without --keep)")
            continue
        by_size[size] = measure(bench, plan)
        report(size, by_size[size], seeded_in)
    if by_size:
        verdicts(by_size)


if __name__ == "__main__":
    main()
