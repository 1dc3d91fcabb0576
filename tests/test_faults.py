"""Fault injection on the production topology (``scripts/prod_local.py``): workers killed with SIGKILL
while 50 uploaded CVs are parsed and scored. Every CV ends SCORED exactly once: one ``application.scored``
event each, one credit each, no duplicate. Prints the counts it checks and how long the recovery took.

Two rounds on one topology, 50 CVs each:

1. a prefork child of the parse worker and one of the score worker killed mid-task: Celery's ``acks_late``
   + ``reject_on_worker_lost`` give the message back at once, and the pipeline's claim lets the
   redelivered message resume;
2. the parse worker and then the score worker killed outright, main process and children (as the OOM
   killer or ``docker kill`` would), and started again 2 s later: their prefetched and running messages
   stay in Redis's unacknowledged set for the visibility timeout (an hour); the stall sweep asks the
   restarted workers what they hold and re-queues what nobody does once it has been idle
   ``PIPELINE_LOST_AFTER_SECONDS``. The topology runs the sweep every 5 s with a 15-s wait here (90 s
   and 60 s in production), so production recovers within about 2.5 minutes more than printed here.
"""

import json
import os
import signal
import threading
import time

import pytest

from demo.content import DEMO_CANDIDATES, render_cv
from scripts.prod_local import ProdLocal, rss_tree
from tests.conftest import report
from tests.test_prod_local import _drop, _fresh_database, _redis_db, _server_url, api_with_a_job, topology_env

DATABASE = "hs_faults_test"
REDIS_DB = 12
CVS = 50

LOST_AFTER_SECONDS, SWEEP_EVERY_SECONDS = 15, 5

COUNTS = """
import json
from billing.models import UsageEvent
from candidates.models import Application
from webhooks.models import Event
applications = Application.objects.filter(job_id="{job_id}")
ids = {{str(pk) for pk in applications.values_list("pk", flat=True)}}
scored = {{}}
for event in Event.objects.filter(type="application.scored", data__jobId="{job_id}"):
    scored[event.data["applicationId"]] = scored.get(event.data["applicationId"], 0) + 1
statuses, failures = {{}}, {{}}
for status, code in applications.values_list("processing_status", "failure_code"):
    statuses[status] = statuses.get(status, 0) + 1
    if code:
        failures[code] = failures.get(code, 0) + 1
usage = UsageEvent.objects.filter(source_id__in=ids)
print(json.dumps({{
    "statuses": statuses,
    "failures": failures,
    "scoredEvents": scored,
    "credits": usage.filter(metric="ASSESS").count(),
    "uploads": usage.filter(metric="CV_UPLOAD").count(),
    "sweeps": sum(applications.values_list("processing_sweeps", flat=True)),
}}))
"""


def cv_files() -> list[tuple]:
    files = []
    for number in range(CVS):
        person = DEMO_CANDIDATES[number % len(DEMO_CANDIDATES)]
        # Fifty different people: the demo's few CVs, each with its own name, email and phone.
        lines = [line for line in person.cv_text.splitlines()[1:] if "@" not in line and "+" not in line]
        text = "\n".join(
            [f"Fault Person {number}", f"fault-{number}@example.test", f"+44 20 7946 {number:04d}", *lines]
        )
        files.append(("files", (f"cv-{number}.txt", render_cv(text, "txt"), "text/plain")))
    return files


def kill_a_child(topology: ProdLocal, name: str) -> int | None:
    """SIGKILL one prefork child of a worker (the main process then starts another)."""
    main = topology.processes[name].pid
    children = [pid for pid in rss_tree(main) if pid != main]
    if not children:
        return None
    os.kill(children[0], signal.SIGKILL)
    return children[0]


def counts_of(topology: ProdLocal, job_id: str) -> dict:
    return json.loads(topology.run("shell", "-c", COUNTS.format(job_id=job_id)).strip().splitlines()[-1])


class StatusWatch:
    """The job's applications per processing status, read straight from PostgreSQL: fast enough to catch
    a CV in the middle of its parse (a ``manage.py shell`` per look would take seconds)."""

    def __init__(self, database_url: str, job_id: str):
        import psycopg

        self.connection = psycopg.connect(
            database_url.replace("postgres://", "postgresql://", 1), autocommit=True
        )
        self.job_id = job_id

    def statuses(self) -> dict[str, int]:
        rows = self.connection.execute(
            "SELECT processing_status, count(*) FROM candidates_application WHERE job_id = %s GROUP BY 1",
            [self.job_id],
        ).fetchall()
        return dict(rows)

    def wait_for(self, status: str, at_least: int = 1, timeout: float = 60) -> dict[str, int]:
        deadline = time.monotonic() + timeout
        while (statuses := self.statuses()).get(status, 0) < at_least and time.monotonic() < deadline:
            time.sleep(0.02)
        return statuses

    def close(self) -> None:
        self.connection.close()


def job_create(api, base: str, title: str) -> str:
    job = api.post(
        f"{base}/jobs",
        json={"title": title, "description": "Python and Django.", "requiredSkills": ["Python"], "status": "ACTIVE"},
        timeout=30,
    )  # fmt: skip
    assert job.status_code == 201, job.text
    return job.json()["id"]


def upload_fifty(api, base: str, job_id: str) -> None:
    """One bulk request: each CV is stored and queued in turn, so parsing starts while it runs."""
    upload = api.post(f"{base}/jobs/{job_id}/applications/bulk", files=cv_files(), timeout=120)
    assert upload.status_code in (200, 201, 202, 207), upload.text


def settle_and_check(
    topology: ProdLocal, watch: StatusWatch, *, since: float, what: str, timeout: float
) -> dict:
    """Wait until all 50 are SCORED or FAILED, print the counts, and check nothing was lost or doubled."""
    deadline = since + timeout
    while sum(watch.statuses().get(status, 0) for status in ("SCORED", "FAILED")) < CVS:
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    counts = counts_of(topology, watch.job_id)
    recovered = time.monotonic() - since
    scored = counts["statuses"].get("SCORED", 0)
    duplicates = sum(n - 1 for n in counts["scoredEvents"].values() if n > 1)
    report(
        f"\n{what}: expected {CVS}, scored {scored}, failed {counts['statuses'].get('FAILED', 0)} "
        f"{counts['failures'] or ''}, duplicates {duplicates}, credits {counts['credits']}, uploads counted "
        f"{counts['uploads']}, re-queued by the sweep {counts['sweeps']}; all settled {recovered:.1f} s after"
    )
    assert scored == CVS, (counts, topology.log_tail("worker-parse"), topology.log_tail("worker-score"))
    assert duplicates == 0 and len(counts["scoredEvents"]) == CVS
    assert counts["credits"] == CVS and counts["uploads"] == CVS
    return counts


@pytest.mark.services
@pytest.mark.timeout(600)
def test_workers_killed_mid_task_lose_and_double_nothing(tmp_path):
    import redis

    _fresh_database(DATABASE)
    broker = _redis_db(REDIS_DB)
    redis.Redis.from_url(broker).flushdb()
    env = topology_env(
        tmp_path,
        database_url=_server_url(DATABASE),
        broker=broker,
        prefix="faults",
        PIPELINE_LOST_AFTER_SECONDS=LOST_AFTER_SECONDS,
        PIPELINE_SWEEP_EVERY_SECONDS=SWEEP_EVERY_SECONDS,
    )
    topology = ProdLocal(env=env, log_dir=tmp_path / "logs", concurrency=2, collectstatic=False)
    try:
        with topology:
            api, base, _ = api_with_a_job(topology)

            # Round 1: a prefork child of each worker killed mid-task
            job_id = job_create(api, base, "Round 1: children killed")
            watch = StatusWatch(env["DATABASE_URL"], job_id)
            upload = threading.Thread(target=upload_fifty, args=(api, base, job_id))
            upload.start()
            killed = []
            for name, status in (("worker-parse", "PARSING"), ("worker-score", "SCORING")):
                watch.wait_for(status)
                killed.append((name, kill_a_child(topology, name)))
            upload.join()
            assert all(pid for _, pid in killed), killed
            settle_and_check(
                topology, watch, since=time.monotonic(), what=f"children killed {killed}", timeout=240
            )
            watch.close()

            # Round 2: each worker killed outright (main process and children) while it holds a CV
            job_id = job_create(api, base, "Round 2: workers killed")
            watch = StatusWatch(env["DATABASE_URL"], job_id)
            upload = threading.Thread(target=upload_fifty, args=(api, base, job_id))
            upload.start()
            held, back = {}, {}
            for name, status in (("worker-parse", "PARSING"), ("worker-score", "SCORING")):
                watch.wait_for(status)
                topology.kill(name, signal.SIGKILL, group=True)
                # What it held stays unacknowledged in Redis for the visibility timeout (an hour)
                held[name] = redis.Redis.from_url(broker).hlen("unacked")
                time.sleep(2)
                topology.restart(name)
                back[name] = time.monotonic()
            upload.join()
            report(f"\nunacknowledged messages in Redis after each kill: {held}")
            assert all(topology.processes[name].starts == 2 for name in back)
            assert held["worker-parse"] >= 1, held
            counts = settle_and_check(
                topology, watch, since=back["worker-score"], what="whole workers killed", timeout=240
            )
            watch.close()
            # The sweep, not a redelivery (an hour away), brought back what the dead workers held
            assert counts["sweeps"] >= 1
    finally:
        topology.stop()
        redis.Redis.from_url(broker).flushdb()
        _drop(DATABASE)
