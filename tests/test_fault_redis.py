"""Fault injection: Redis stopped for 10 s, and started again empty, during a bulk upload, single uploads
and public applies on the production topology (``scripts/prod_local.py``).

Redis is the broker and the cache. While it is down, nothing a client sends may end in a 500 or be lost:
a request that needs Redis there and then answers 503 with ``Retry-After``, and the client sends it again;
the rest go on (the throttles fail open, analytics are computed, tasks that cannot be queued are left to
the sweeps). Redis here keeps nothing on disk, as on this machine, so it comes back empty: every queued
message is gone, and the stall sweep must find each application again from the database. The topology
runs the sweep every 5 s with a 15-s wait (60 s and 90 s in production). Prints the counts it checks.

The test runs a Redis server of its own on a free port: stopping the machine's would stop every other
user of it (the test suite's own cache among them).
"""

import json
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

import pytest
import requests

from demo.content import DEMO_CANDIDATES, render_cv
from scripts.prod_local import ProdLocal, _free_port
from tests.conftest import report
from tests.test_faults import cv_files
from tests.test_prod_local import _drop, _fresh_database, _server_url, api_with_a_job, topology_env

DATABASE = "hs_fault_redis_test"
OUTAGE_SECONDS = 10
LOST_AFTER_SECONDS, SWEEP_EVERY_SECONDS = 15, 5

COUNTS = """
import json
from billing.models import UsageEvent
from candidates.models import Application
from webhooks.models import Event
applications = Application.objects.all()
ids = {str(pk) for pk in applications.values_list("pk", flat=True)}
scored = {}
for event in Event.objects.filter(type="application.scored"):
    scored[event.data["applicationId"]] = scored.get(event.data["applicationId"], 0) + 1
print(json.dumps({
    "ids": sorted(ids),
    "statuses": {s: applications.filter(processing_status=s).count() for s in ("QUEUED", "PARSING", "SCORING", "SCORED", "FAILED")},
    "scoredEvents": scored,
    "credits": UsageEvent.objects.filter(metric="ASSESS", source_id__in=ids).count(),
    "sweeps": sum(applications.values_list("processing_sweeps", flat=True)),
}))
"""


class OwnRedis:
    """A ``redis-server`` of the test's own that keeps nothing on disk: stopped, it comes back empty."""

    def __init__(self):
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        import redis

        command = [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)


@dataclass
class Traffic:
    """Clients that send again what was refused with a 503, after its ``Retry-After``, as a client should."""

    api: requests.Session
    base: str
    job_id: str
    slug: str
    statuses: Counter = field(default_factory=Counter)
    unavailable_without_retry_after: int = 0
    connection_errors: int = 0
    accepted: list[str] = field(default_factory=list)  # the application id of each accepted submission
    failures: list[str] = field(default_factory=list)  # exceptions in the client threads
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def send(self, request) -> requests.Response | None:
        """Send until the answer is not a 503 (at most a minute); counts every answer."""
        for _ in range(60):
            try:
                response = request()
            except requests.ConnectionError:
                with self.lock:
                    self.connection_errors += 1
                time.sleep(1)
                continue
            with self.lock:
                self.statuses[response.status_code] += 1
            if response.status_code != 503:
                return response
            retry_after = response.headers.get("Retry-After")
            if retry_after is None:
                with self.lock:
                    self.unavailable_without_retry_after += 1
            time.sleep(min(float(retry_after or 1), 2))
        return None

    def submitter(self, kind: str) -> None:
        """One CV after another: an employer's upload (API key) or a candidate's public apply."""
        try:
            self._submit_until_stopped(kind)
        except Exception as exc:  # a thread's error would otherwise vanish with the thread
            self.failures.append(repr(exc))

    def _submit_until_stopped(self, kind: str) -> None:
        text = DEMO_CANDIDATES[0].cv_text
        while not self.stopping.is_set():
            tag = uuid.uuid4().hex[:10]
            cv = {"file": ("cv.txt", render_cv(text + f"\nReference {tag}\n", "txt"), "text/plain")}
            if kind == "upload":  # an employer's upload with the API key
                url, post = f"{self.base}/jobs/{self.job_id}/applications", self.api.post
                form = {"email": f"upload-{tag}@example.test", "fullName": "Fault Upload"}
            else:  # a candidate's public apply, no credential
                url, post = f"{self.base}/apply/{self.slug}", requests.post
                form = {
                    "email": f"apply-{tag}@example.test",
                    "fullName": "Fault Applicant",
                    "consent": "true",
                }
            response = self.send(partial(post, url, files=cv, data=form, timeout=30))
            if response is not None and response.status_code in (201, 202):
                body = response.json()
                with self.lock:
                    self.accepted.append(body.get("id") or body["applicationId"])
            time.sleep(0.3)

    def bulk(self) -> None:
        url = f"{self.base}/jobs/{self.job_id}/applications/bulk"
        response = self.send(partial(self.api.post, url, files=cv_files(), timeout=120))
        if response is not None and response.status_code in (200, 201, 202, 207):
            for outcome in response.json()["results"]:
                if outcome["accepted"]:
                    with self.lock:
                        self.accepted.append(outcome["applicationId"])


@pytest.mark.services
@pytest.mark.timeout(420)
@pytest.mark.skipif(shutil.which("redis-server") is None, reason="services: redis-server is not installed")
def test_redis_stopped_during_uploads_and_applies_loses_and_doubles_nothing(tmp_path):
    own_redis = OwnRedis()
    own_redis.start()
    _fresh_database(DATABASE)
    env = topology_env(
        tmp_path,
        database_url=_server_url(DATABASE),
        broker=own_redis.url(2),
        cache=own_redis.url(3),
        prefix="redis-fault",
        THROTTLE_APPLY_IP="100000/min",
        THROTTLE_PUBLIC="100000/min",
        PIPELINE_LOST_AFTER_SECONDS=LOST_AFTER_SECONDS,
        PIPELINE_SWEEP_EVERY_SECONDS=SWEEP_EVERY_SECONDS,
    )
    topology = ProdLocal(env=env, log_dir=tmp_path / "logs", concurrency=2, collectstatic=False)
    try:
        with topology:
            api, base, job_id = api_with_a_job(topology)
            public = api.post(
                f"{base}/jobs",
                json={"title": "Support agent", "description": "Customer support.", "status": "ACTIVE", "isPublic": True},
                timeout=30,
            )  # fmt: skip
            assert public.status_code == 201, public.text
            traffic = Traffic(api=api, base=base, job_id=job_id, slug=public.json()["slug"])
            threads = [
                threading.Thread(target=traffic.submitter, args=(kind,)) for kind in ("upload", "apply")
            ]
            threads.append(threading.Thread(target=traffic.bulk))
            for thread in threads:
                thread.start()

            time.sleep(2)  # the bulk upload is under way
            own_redis.stop()
            down_at = time.monotonic()
            health_down = requests.get(f"{base}/health", timeout=30).json()
            time.sleep(OUTAGE_SECONDS)
            own_redis.start()
            back_at = time.monotonic()
            time.sleep(5)
            # A process that died of the outage is started again, as the deployment's supervisor would
            # (compose's `restart: unless-stopped`); the count is printed and checked below.
            crashed = [name for name, process in topology.processes.items() if not process.running()]
            for name in crashed:
                topology.restart(name)
            traffic.stopping.set()
            for thread in threads:
                thread.join(timeout=120)
            sent_until = time.monotonic()

            # Everything accepted ends SCORED: what Redis lost, the sweep finds again
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                counts = json.loads(topology.run("shell", "-c", COUNTS).strip().splitlines()[-1])
                if counts["statuses"]["SCORED"] + counts["statuses"]["FAILED"] >= len(counts["ids"]):
                    break
                time.sleep(2)
            settled_after = time.monotonic() - back_at
            health_after = topology.health()

            scored = counts["statuses"]["SCORED"]
            duplicates = sum(n - 1 for n in counts["scoredEvents"].values() if n > 1)
            errors = {code: n for code, n in traffic.statuses.items() if code >= 500 and code != 503}
            report(
                f"\nRedis down {back_at - down_at:.1f} s (came back empty); requests "
                f"{sum(traffic.statuses.values())}: {dict(sorted(traffic.statuses.items()))}, 503 without "
                f"Retry-After {traffic.unavailable_without_retry_after}, other 5xx {errors or 0}, connection "
                f"errors {traffic.connection_errors}; submissions accepted {len(traffic.accepted)}, stored "
                f"{len(counts['ids'])}, scored {scored}, failed {counts['statuses']['FAILED']}, duplicates "
                f"{duplicates}, credits {counts['credits']}, re-queued by the sweep {counts['sweeps']}; "
                f"all scored {settled_after:.1f} s after Redis was back (traffic stopped "
                f"{sent_until - back_at:.1f} s after); processes that died of it {crashed or 0}; health while down {health_down['status']}/"
                f"{health_down['broker']}, after {health_after['status']}/{health_after['broker']}"
            )
            # Celery/kombu 5.7 stopped a worker holding a message when Redis went (hiresscope/celery.py)
            assert not crashed, (crashed, [topology.log_tail(name) for name in crashed])
            assert not traffic.failures, traffic.failures
            assert not errors and traffic.connection_errors == 0
            assert traffic.unavailable_without_retry_after == 0
            assert sorted(counts["ids"]) == sorted(traffic.accepted) and len(traffic.accepted) >= 50
            assert scored == len(traffic.accepted), (counts["statuses"], topology.log_tail("worker-default"))
            assert duplicates == 0 and len(counts["scoredEvents"]) == scored
            assert counts["credits"] == scored
            assert counts["sweeps"] >= 1  # Redis came back empty: the sweep, not a redelivery, finished them
            assert (health_down["status"], health_down["broker"]) == ("degraded", "down")
            assert (health_after["status"], health_after["broker"]) == ("ok", "ok")
    finally:
        topology.stop()
        own_redis.stop()
        _drop(DATABASE)
