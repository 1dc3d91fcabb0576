"""Load and soak against the production topology: throughput, latency per endpoint, errors, queue lag,
memory. Prints every figure it measures (docs/performance.md quotes a run).

    .venv/bin/python bench/load.py                          # 20 users for 3 minutes
    .venv/bin/python bench/load.py --users 40 --duration 5m
    .venv/bin/python bench/load.py --soak 30m --users 10    # memory of every process over a long run

What runs: the processes of the ``Procfile`` (gunicorn, one Celery worker per queue, beat) started by
``scripts/prod_local.py`` against the local PostgreSQL (database ``hiresscope_load``, recreated each run)
and Redis (DB 2), exactly as ``make prod-local`` runs them. The demo company is seeded (``seed_demo``:
the top plan, three public jobs, scored applications, an API key), then locust runs
``bench/load/locustfile.py`` headless (employers with an API key and with a session, candidates on the
careers site; reads, CV uploads and public applies). The rate limits are raised for the run, so the
figures measure the application, not the limiter (tests/test_rate_limits*.py prove the limiter).

Reported: per endpoint, requests, failures, requests/s, p50/p95/p99 ms (locust's own statistics); the
error rate; queue lag from upload to SCORED for every CV uploaded during the run (p50/p95/max, and how
long the queue took to drain after the load stopped); the resident memory of every process at the start
and the end of the measured period and its growth.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RELAXED_THROTTLES = dict.fromkeys(
    (
        "THROTTLE_API_KEY",
        "THROTTLE_USER",
        "THROTTLE_CANDIDATE",
        "THROTTLE_ANON",
        "THROTTLE_AUTH",
        "THROTTLE_LOGIN",
        "THROTTLE_PUBLIC",
        "THROTTLE_APPLY_IP",
        "THROTTLE_APPLY_LINK",
        "THROTTLE_ASSESSMENT",
    ),
    "1000000/min",
)


# Issue 19: over a 30-minute soak, no process may grow its memory by this much or more.
SOAK_GROWTH_TARGET = 0.10


def seconds(text: str) -> int:
    """``90``, ``90s``, ``5m``, ``1h`` → seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


class MemorySampler(threading.Thread):
    """Resident memory (RSS, MiB, with children: gunicorn's and Celery's worker processes) per process."""

    def __init__(self, pids: dict[str, int], every: float = 10.0):
        super().__init__(daemon=True)
        self.pids, self.every = pids, every
        self.samples: dict[str, list[tuple[float, float]]] = {name: [] for name in pids}
        self.stopping = threading.Event()

    @staticmethod
    def rss_mib(pid: int) -> float:
        from scripts.prod_local import rss_bytes

        try:
            return rss_bytes(pid) / 2**20
        except OSError:
            return float("nan")

    def run(self) -> None:
        while not self.stopping.is_set():
            now = time.monotonic()
            for name, pid in self.pids.items():
                self.samples[name].append((now, self.rss_mib(pid)))
            self.stopping.wait(self.every)

    def report(self, *, skip_seconds: float) -> list[dict]:
        """Start (after the warm-up), end and growth per process."""
        rows = []
        for name, samples in self.samples.items():
            if not samples:
                continue
            first_time = samples[0][0]
            measured = [rss for at, rss in samples if at - first_time >= skip_seconds] or [samples[-1][1]]
            start, end, peak = measured[0], measured[-1], max(measured)
            rows.append(
                {
                    "process": name,
                    "startMiB": start,
                    "endMiB": end,
                    "peakMiB": peak,
                    "growth": end / start - 1,
                }
            )
        return rows


def seed_world() -> dict:
    """The demo company on the load database (through the product's own seed), as locust needs it."""
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    from candidates.models import Application
    from demo.content import DEMO_CANDIDATES
    from demo.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TENANT_SLUG
    from jobs.models import Job

    out = StringIO()
    call_command("seed_demo", stdout=out)
    api_key = next(line.split(":", 1)[1].strip() for line in out.getvalue().splitlines() if "API key" in line)
    jobs = list(Job.objects.filter(tenant__slug=DEMO_TENANT_SLUG, is_public=True).values("id", "slug"))
    applications = Application.objects.filter(tenant__slug=DEMO_TENANT_SLUG).values_list("id", flat=True)
    return {
        "apiKey": api_key,
        "employerEmail": DEMO_EMAIL,
        "employerPassword": DEMO_PASSWORD,
        "companySlug": DEMO_TENANT_SLUG,
        "jobIds": [str(job["id"]) for job in jobs],
        "jobSlugs": [job["slug"] for job in jobs],
        "applicationIds": [str(pk) for pk in applications],
        "cvTexts": [person.cv_text for person in DEMO_CANDIDATES],
    }


def queue_lag(*, since, drain_timeout: float) -> dict:
    """Upload → SCORED for the applications created since ``since``; waits for the queue to drain."""
    from django.db.models import Q

    from candidates.models import Application, ProcessingStatus

    pending = Q(
        processing_status__in=[ProcessingStatus.QUEUED, ProcessingStatus.PARSING, ProcessingStatus.SCORING]
    )
    started = time.monotonic()
    while Application.objects.filter(pending, created_at__gte=since).exists():
        if time.monotonic() - started > drain_timeout:
            break
        time.sleep(2)
    drained = time.monotonic() - started
    rows = Application.objects.filter(created_at__gte=since).values_list(
        "processing_status", "created_at", "scored_at"
    )
    lags = [
        (scored - created).total_seconds()
        for status, created, scored in rows
        if status == "SCORED" and scored
    ]
    statuses: dict[str, int] = {}
    for status, _, _ in rows:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "applications": len(rows),
        "statuses": statuses,
        "drainSeconds": drained,
        "lagP50": percentile(lags, 0.5),
        "lagP95": percentile(lags, 0.95),
        "lagMax": max(lags) if lags else float("nan"),
    }


def run_locust(
    *, host: str, users: int, spawn_rate: float, duration: int, world: dict, out: Path
) -> list[dict]:
    env = {**os.environ, "HIRESSCOPE_LOAD_WORLD": json.dumps(world)}
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{duration}s",
        "--csv",
        str(out / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env=env, check=False, timeout=duration + 300)
    with open(out / "locust_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def print_report(*, stats: list[dict], lag: dict, memory: list[dict], users: int, duration: int) -> None:
    print(f"\nLoad: {users} users for {duration} s against the production topology (Procfile processes)")
    print(f"{'endpoint':<44} {'reqs':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in stats:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:<44} {row['Request Count']:>7} "
            f"{row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    total = next(row for row in stats if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"]) / max(1, int(total["Request Count"]))
    print(f"error rate: {errors:.2%} of {total['Request Count']} requests")
    print(
        f"queue lag, upload → SCORED, {lag['applications']} CVs sent during the run: p50 {lag['lagP50']:.1f} s, "
        f"p95 {lag['lagP95']:.1f} s, max {lag['lagMax']:.1f} s; drained {lag['drainSeconds']:.0f} s after the load "
        f"stopped; statuses {lag['statuses']}"
    )
    print("memory (RSS with child processes, MiB):")
    for row in memory:
        print(
            f"  {row['process']:<16} start {row['startMiB']:7.1f}  end {row['endMiB']:7.1f}  "
            f"peak {row['peakMiB']:7.1f}  growth {row['growth']:+.1%}"
        )
    if memory:
        worst = max(memory, key=lambda row: row["growth"])
        verdict = "met" if worst["growth"] < SOAK_GROWTH_TARGET else "MISSED"
        print(
            f"largest growth {worst['growth']:+.1%} ({worst['process']}); target < {SOAK_GROWTH_TARGET:.0%}: {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="3m")
    parser.add_argument("--soak", default=None, help="a long run (e.g. 30m) that reports memory growth")
    parser.add_argument("--warmup", default="60s", help="memory is measured from this long after the start")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/hiresscope_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--concurrency", type=int, default=2, help="processes per Celery worker")
    args = parser.parse_args()
    duration = seconds(args.soak or args.duration)
    env = {"DATABASE_URL": args.database_url, "REDIS_URL": args.redis_url, **RELAXED_THROTTLES}
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)

    from scripts.prod_local import ProdLocal, database_recreate

    database_recreate(args.database_url)
    # The careers pages link static files: without the production manifest they would all be 500s.
    topology = ProdLocal(env=env, log_dir=out / "logs", concurrency=args.concurrency, collectstatic=True)
    with topology:
        print(topology.summary())
        world = seed_world()
        from django.utils import timezone

        since = timezone.now()
        sampler = MemorySampler({name: process.pid for name, process in topology.processes.items()})
        sampler.start()
        stats = run_locust(
            host=topology.base_url,
            users=args.users,
            spawn_rate=args.spawn_rate,
            duration=duration,
            world=world,
            out=out,
        )
        lag = queue_lag(since=since, drain_timeout=300)
        sampler.stopping.set()
        sampler.join()
        print_report(
            stats=stats,
            lag=lag,
            memory=sampler.report(skip_seconds=seconds(args.warmup)),
            users=args.users,
            duration=duration,
        )


if __name__ == "__main__":
    main()
