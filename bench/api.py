"""API throughput: the applications list against a minimal DRF view, through gunicorn, in one run.

Prints requests/s and p50/p99 latency of both, and their ratio (list / minimal), with a PASS/MISS line
for the target of issue 5 (item 9): ratio >= 0.5.

    .venv/bin/python bench/pipeline.py --sizes 1000000      # seeds hs_bench (once; see that script)
    .venv/bin/python bench/api.py                           # then this, against the seeded rows

One gunicorn (``gthread``: 2 workers x 4 threads by default, keep-alive) serves the application's URLs
plus ``/api/v1/bench/minimal`` (bench/api_urls.py): an ``APIView`` with the same middleware, API-key
authentication, permission and camelCase renderer, returning a tiny JSON. The load generator is this
process: ``--clients`` threads, each with its own keep-alive ``http.client`` connection, sending ``GET
/api/v1/jobs/<id>/applications?page=1&pageSize=20`` over the 50 live jobs of the biggest tenant in turn
(~2,500 applications each at 1M rows; ``--jobs big``: only its 50,000-row job) or the minimal view, with
the same API key, for ``--duration`` seconds after a warm-up. The two phases alternate (``--rounds``),
so a neighbour's load on the machine falls on both. The generator competes with gunicorn and PostgreSQL
for the machine's CPUs: absolute requests/s are a floor, and the ratio is the figure to read.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pipeline import DEFAULT_DATABASE_URL, Plan, bench_api_key  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(*, port: int, database_url: str, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.api_settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        # The per-key rate limit still runs on every request (its cost is measured) but never refuses.
        "THROTTLE_API_KEY": "100000000/min",
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    env.pop("REDIS_URL", None)  # neither endpoint uses the cache; keep the setup self-contained
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "hiresscope.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread",
        "--threads", str(threads),
        "--keep-alive", "30",
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start listening within 30 s")


class Load:
    """``clients`` threads sending ``paths`` in turn over keep-alive connections for ``duration`` seconds."""

    def __init__(self, *, port: int, paths: list[str], api_key: str, clients: int):
        self.port, self.paths, self.clients = port, paths, clients
        self.headers = {"X-API-Key": api_key, "Accept": "application/json"}

    def run(self, duration: float) -> tuple[list[float], Counter, float]:
        latencies: list[list[float]] = [[] for _ in range(self.clients)]
        errors: list[Counter] = [Counter() for _ in range(self.clients)]
        stop_at = time.perf_counter() + duration

        def client(n: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            sent = n  # clients start at different paths
            while time.perf_counter() < stop_at:
                path = self.paths[sent % len(self.paths)]
                sent += 1
                start = time.perf_counter()
                try:
                    connection.request("GET", path, headers=self.headers)
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        errors[n][f"HTTP {response.status}"] += 1
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                except (OSError, http.client.HTTPException) as exc:
                    errors[n][type(exc).__name__] += 1
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    continue
                latencies[n].append((time.perf_counter() - start) * 1000)
            connection.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return [ms for per_client in latencies for ms in per_client], sum(errors, Counter()), elapsed


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client connections (default 16)")
    parser.add_argument("--duration", type=float, default=15, help="seconds per phase (default 15)")
    parser.add_argument("--rounds", type=int, default=2, help="list/minimal phase pairs (default 2)")
    parser.add_argument("--warm-up", type=float, default=3, help="seconds of unmeasured load first")
    parser.add_argument(
        "--jobs",
        choices=["tenant", "big"],
        default="tenant",
        help="list the jobs of the biggest tenant in turn (default), or only its 5%%-of-all-rows big job",
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from candidates.models import Application
    from jobs.models import Job

    call_command("migrate", verbosity=0)
    plan = Plan()
    total = Application.objects.count()
    if not total:
        sys.exit("No bench data: seed it first with bench/pipeline.py (see this script's docstring).")
    if args.jobs == "big":
        job_ids = [plan.big_job_id]
    else:  # tenant 0's live jobs (the big one aside), as a team working through its openings would
        job_ids = list(
            Job.objects.filter(tenant_id=plan.tenant_ids[0], deleted_at__isnull=True)
            .exclude(id=plan.big_job_id)
            .order_by("slug")
            .values_list("id", flat=True)
        )
    sizes = [Application.objects.filter(job_id=job_id).count() for job_id in job_ids]
    api_key = bench_api_key(plan)
    connection.close()  # the driver needs no database connection while it measures

    port = free_port()
    server = start_gunicorn(
        port=port, database_url=args.database_url, workers=args.workers, threads=args.threads
    )
    targets = {
        "list": [f"/api/v1/jobs/{job_id}/applications?page=1&pageSize=20" for job_id in job_ids],
        "minimal": ["/api/v1/bench/minimal"],
    }
    try:
        loads = {
            name: Load(port=port, paths=paths, api_key=api_key, clients=args.clients)
            for name, paths in targets.items()
        }
        for load in loads.values():
            load.run(args.warm_up)
        results = {name: ([], Counter(), 0.0) for name in targets}
        for _ in range(args.rounds):
            for name, load in loads.items():
                latencies, errors, elapsed = load.run(args.duration)
                previous = results[name]
                results[name] = (previous[0] + latencies, previous[1] + errors, previous[2] + elapsed)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"gunicorn gthread, {args.workers} workers x {args.threads} threads; {args.clients} keep-alive clients "
        f"(threads of this process); {args.rounds} x {args.duration:.0f} s per endpoint, alternating"
    )
    print(
        f"database: {total:,} applications; the list: first page (20) of {len(job_ids)} job(s) in turn, "
        f"{min(sizes):,}-{max(sizes):,} applications each"
    )
    print(f"the load generator shares this machine's {os.cpu_count()} CPUs with gunicorn and PostgreSQL")
    print(f"   {'':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    rates = {}
    for name, (latencies, errors, elapsed) in results.items():
        rates[name] = len(latencies) / elapsed
        print(
            f"   {name:10} {rates[name]:8.0f} {statistics.median(latencies):8.1f} "
            f"{percentile(latencies, 0.99):8.1f} {errors.total():7d}"
            + (f"  ({', '.join(f'{kind}: {count}' for kind, count in errors.items())})" if errors else "")
        )
    ratio = rates["list"] / rates["minimal"]
    print(f"{'PASS' if ratio >= 0.5 else 'MISS'}  list / minimal requests/s: {ratio:.2f} >= 0.5")
    if any(errors for _, errors, _ in results.values()):
        sys.exit("some requests failed (see the errors column)")


if __name__ == "__main__":
    main()
