"""Fault injection on the production topology (``scripts/prod_local.py``): a webhook receiver that hangs,
resets connections and answers 500 for a while. Every delivery ends SUCCEEDED exactly once, the delivery
log holds every attempt with the failure the receiver dealt it, retries follow the schedule, and CVs are
scored as fast during the outage as before it. Prints the counts it checks.

The receiver stands in for a customer's server (outside our system): a threaded HTTP server in the test
process. A delivery (one ``webhook-id``) that first reaches it during the outage meets, in turn, a hang
longer than the attempt timeout, a TCP reset after its request was read, and a 500; its fourth attempt is
answered 204. Deliveries before the outage are answered 204 at once.

The topology runs with ``HIRESSCOPE_ENV=development`` and DEBUG off, because production refuses
``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES``, which a receiver on 127.0.0.1 needs. The schedule is compressed
with the settings an operator has (waits of 2, 4 and 6 s, a 1 s beat sweep, a 2 s attempt timeout);
the path is production's: beat's dispatch sweep queues each retry on the webhooks worker, which has the
Procfile's 4 processes, and parse and score run on their own workers.
"""

import json
import statistics
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from demo.content import DEMO_CANDIDATES, render_cv
from scripts.prod_local import ProdLocal
from tests.conftest import report
from tests.test_prod_local import _drop, _fresh_database, _redis_db, _server_url, api_with_a_job, topology_env
from tests.webhook_receiver import reset_connection
from webhooks import signing

DATABASE = "hs_faults_webhooks"
REDIS_DB = 13
CVS = 4  # per phase: before the outage (the baseline), then during it
TIMEOUT = 2  # WEBHOOKS_TIMEOUT_SECONDS
DELAYS = (2, 4, 6, 30)  # WEBHOOKS_RETRY_DELAYS: three retries are used; the last wait is headroom
SWEEP = 1  # WEBHOOKS_SWEEP_SECONDS
JITTER = 0.2  # webhooks.services.RETRY_JITTER
# What each attempt of an outage delivery meets, in order; the next one is answered 204.
FAULTS = ("timeout", "reset", "500")
# A retry waits in the webhooks queue behind attempts that hang (TIMEOUT each) and the dispatch itself.
QUEUE_SLACK = 2 * TIMEOUT + 1.0

COUNTS = """
import json
from candidates.models import Application
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
print(json.dumps({
    "endpoints": [[str(e.id), e.created_at.timestamp()] for e in WebhookEndpoint.objects.all()],
    "events": [[e.id.hex, e.type, e.created_at.timestamp()] for e in Event.objects.all()],
    "deliveries": [
        [d.message_id, d.event_id.hex if d.event_id else None, str(d.endpoint_id), d.status, d.attempt_count]
        for d in WebhookDelivery.objects.all()
    ],
    "attempts": [
        [a.delivery.message_id, a.number, a.at.timestamp(), a.latency_ms, a.status_code, a.error, a.succeeded]
        for a in WebhookAttempt.objects.select_related("delivery").order_by("number")
    ],
    "applications": {
        str(a.id): [a.processing_status, a.created_at.timestamp(), a.scored_at and a.scored_at.timestamp()]
        for a in Application.objects.all()
    },
}))
"""


@dataclass
class Seen:
    at: float
    webhook_id: str
    type: str
    answer: str  # "timeout", "reset", "500" or "204"
    signed: bool


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        receiver: FaultyReceiver = self.server.receiver  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = receiver.answer({name.lower(): value for name, value in self.headers.items()}, body)
        if answer == "timeout":
            # Read, never answered: held well past the attempt's timeout, then closed.
            receiver.closing.wait(TIMEOUT * 4)
            self.close_connection = True
        elif answer == "reset":
            reset_connection(self)
        else:
            self.send_response(int(answer))
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the client gave up on a hang, or we reset: expected here


class FaultyReceiver:
    """Records every request; during ``outage`` a new ``webhook-id`` gets FAULTS before a 204."""

    def __init__(self) -> None:
        self.outage = False
        self.secret = ""
        self.seen: list[Seen] = []
        self.met_outage: set[str] = set()  # webhook-ids first heard during the outage
        self.closing = threading.Event()
        self._plans: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.receiver = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hooks/hirescope"
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def answer(self, headers: dict[str, str], body: bytes) -> str:
        try:
            signing.verify(self.secret, headers, body)
            signed = True
        except signing.WebhookVerificationError:
            signed = False
        webhook_id = headers.get("webhook-id", "")
        with self._lock:
            if webhook_id not in self._plans:
                self._plans[webhook_id] = list(FAULTS) if self.outage else []
                if self.outage:
                    self.met_outage.add(webhook_id)
            plan = self._plans[webhook_id]
            answer = plan.pop(0) if plan else "204"
            self.seen.append(Seen(time.time(), webhook_id, json.loads(body).get("type", ""), answer, signed))
        return answer

    def close(self) -> None:
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()


def _cv(number: int) -> tuple[dict, dict]:
    person = DEMO_CANDIDATES[number % len(DEMO_CANDIDATES)]
    lines = [line for line in person.cv_text.splitlines()[1:] if "@" not in line and "+" not in line]
    name, email = f"Hook Person {number}", f"hook-{number}@example.test"
    text = "\n".join([name, email, f"+44 20 7946 {number:04d}", *lines])
    files = {"file": (f"cv-{number}.txt", render_cv(text, "txt"), "text/plain")}
    return files, {"email": email, "fullName": name}


def _upload(api, base: str, job_id: str, numbers: range) -> tuple[list[str], list[float]]:
    """Upload one CV per number; the application ids and how long each upload request took."""
    ids, seconds = [], []
    for number in numbers:
        files, data = _cv(number)
        started = time.monotonic()
        response = api.post(f"{base}/jobs/{job_id}/applications", files=files, data=data, timeout=30)
        seconds.append(time.monotonic() - started)
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])
    return ids, seconds


def _wait(condition, timeout: float, what: str, topology: ProdLocal) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(topology.log_tail(name) for name in ("worker-webhooks", "worker-score", "beat"))
            raise AssertionError(f"not within {timeout:.0f} s: {what}\n{logs}")
        time.sleep(0.3)


def _processed(api, base: str, ids: list[str]) -> bool:
    statuses = [api.get(f"{base}/applications/{pk}", timeout=20).json()["processingStatus"] for pk in ids]
    return all(status in ("SCORED", "FAILED") for status in statuses)


def _kind(status_code: int | None, error: str) -> str:
    """An attempt as the log tells it: its status code, or the kind before the error's colon."""
    return str(status_code) if status_code else error.split(":", 1)[0]


@pytest.mark.services
@pytest.mark.timeout(300)
def test_a_hanging_resetting_failing_receiver_gets_everything_once_on_schedule(tmp_path):
    import redis

    _fresh_database(DATABASE)
    broker = _redis_db(REDIS_DB)
    redis.Redis.from_url(broker).flushdb()
    env = topology_env(tmp_path, database_url=_server_url(DATABASE), broker=broker, prefix="hooks") | {
        "HIRESSCOPE_ENV": "development",
        "DJANGO_DEBUG": "false",
        "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true",
        "WEBHOOKS_TIMEOUT_SECONDS": str(TIMEOUT),
        "WEBHOOKS_RETRY_DELAYS": ",".join(map(str, DELAYS)),
        "WEBHOOKS_SWEEP_SECONDS": str(SWEEP),
        # The Procfile's own defaults, whatever the calling environment says.
        "WEB_CONCURRENCY": "2",
        "PARSE_CONCURRENCY": "2",
        "SCORE_CONCURRENCY": "2",
        "WEBHOOKS_CONCURRENCY": "4",
        "DEFAULT_CONCURRENCY": "2",
    }
    receiver = FaultyReceiver()
    topology = ProdLocal(env=env, log_dir=tmp_path / "logs", collectstatic=False)
    try:
        with topology:
            api, base, job_id = api_with_a_job(topology)
            endpoint = api.post(f"{base}/webhooks", json={"url": receiver.url, "events": ["*"]}, timeout=30)
            assert endpoint.status_code == 201, endpoint.text
            receiver.secret = endpoint.json()["secret"]
            deliveries_url = f"{base}/webhooks/{endpoint.json()['id']}/deliveries"

            uploaded: list[str] = []

            def settled() -> bool:
                """Every CV's two events (created, scored) relayed, and every delivery answered."""
                pending = api.get(deliveries_url, params={"status": "PENDING"}, timeout=20).json()["count"]
                total = api.get(deliveries_url, timeout=20).json()["count"]
                answered = {seen.webhook_id for seen in receiver.seen if seen.answer == "204"}
                return pending == 0 and total == len(answered) >= 2 * len(uploaded)

            # Two CVs first, unmeasured: a pool process's first task loads the parser and the scoring engine.
            warm_ids, _ = _upload(api, base, job_id, range(2 * CVS, 2 * CVS + 2))
            uploaded += warm_ids
            _wait(lambda: _processed(api, base, warm_ids), 90, "the first CVs scored", topology)
            baseline_ids, baseline_requests = _upload(api, base, job_id, range(CVS))
            uploaded += baseline_ids
            _wait(lambda: _processed(api, base, baseline_ids), 90, "the baseline CVs scored", topology)
            _wait(settled, 60, "the baseline deliveries answered", topology)

            receiver.outage = True
            outage_ids, outage_requests = _upload(api, base, job_id, range(CVS, 2 * CVS))
            uploaded += outage_ids
            _wait(
                lambda: _processed(api, base, outage_ids),
                90,
                "the CVs uploaded during the outage scored",
                topology,
            )
            _wait(settled, 120, "every delivery answered after the outage", topology)
            counts = json.loads(topology.run("shell", "-c", COUNTS).strip().splitlines()[-1])
    finally:
        topology.stop()
        receiver.close()
        redis.Redis.from_url(broker).flushdb()
        _drop(DATABASE)

    # Every event since the endpoint exists has exactly one delivery, and it SUCCEEDED.
    [(_, endpoint_created)] = counts["endpoints"]
    events = {pk: kind for pk, kind, created in counts["events"] if created >= endpoint_created}
    deliveries = {message_id: rest for message_id, *rest in counts["deliveries"]}
    assert len(deliveries) == len(counts["deliveries"])
    assert sorted(event for event, *_ in deliveries.values()) == sorted(events)
    assert all(status == "SUCCEEDED" for _, _, status, _ in deliveries.values()), deliveries
    assert sorted(events.values()) == sorted(["application.created", "application.scored"] * len(uploaded))

    # The log and the receiver tell the same story, attempt by attempt.
    log: dict[str, list] = {}
    for message_id, number, at, latency_ms, status_code, error, succeeded in counts["attempts"]:
        assert succeeded == (status_code is not None and 200 <= status_code < 300)
        log.setdefault(message_id, []).append((number, at, latency_ms, _kind(status_code, error)))
    heard: dict[str, list[Seen]] = {}
    for seen in receiver.seen:
        heard.setdefault(seen.webhook_id, []).append(seen)
    assert set(log) == set(heard) == set(deliveries)
    attempts = sum(len(entries) for entries in log.values())
    assert attempts == len(receiver.seen) and all(seen.signed for seen in receiver.seen)
    outage, before = [], []
    for message_id, entries in log.items():
        assert [number for number, *_ in entries] == list(range(1, len(entries) + 1))
        assert deliveries[message_id][3] == len(entries)
        assert [kind for *_, kind in entries] == [seen.answer for seen in heard[message_id]], (
            message_id,
            entries,
        )
        (outage if message_id in receiver.met_outage else before).append(message_id)
    for message_id in before:
        assert [kind for *_, kind in log[message_id]] == ["204"]
    for message_id in outage:
        assert [kind for *_, kind in log[message_id]] == [*FAULTS, "204"], log[message_id]
    duplicates = sum(1 for seen in receiver.seen if seen.answer == "204") - len(deliveries)

    # Retries on the schedule: each wait runs from the end of the failed attempt to the start of the next,
    # and a hang holds a worker no longer than the timeout.
    ratios, past_window = [], []
    for message_id in outage:
        entries = log[message_id]
        for (_, at, latency_ms, _), (_, next_at, _, _), delay in zip(
            entries, entries[1:], DELAYS, strict=False
        ):
            waited = next_at - (at + latency_ms / 1000)
            assert delay * (1 - JITTER) - 0.2 <= waited <= delay * (1 + JITTER) + SWEEP + QUEUE_SLACK, (
                message_id,
                entries,
            )
            ratios.append(waited / delay)
            past_window.append(max(0.0, waited - delay * (1 + JITTER)))
    hangs = [
        (at, at + latency_ms / 1000)
        for entries in log.values()
        for _, at, latency_ms, kind in entries
        if kind == "timeout"
    ]
    assert all(TIMEOUT - 0.1 <= end - start <= TIMEOUT + 1.0 for start, end in hangs), hangs

    # Nothing else slowed down: CVs were scored as fast during the outage, and before their own events
    # were delivered (they did not wait for the webhooks).
    applications = counts["applications"]

    def scoring_seconds(ids: list[str]) -> list[float]:
        assert all(applications[pk][0] == "SCORED" for pk in ids), [applications[pk] for pk in ids]
        return [applications[pk][2] - applications[pk][1] for pk in ids]

    baseline, during = scoring_seconds(baseline_ids), scoring_seconds(outage_ids)
    delivered_at = {
        message_id: max(seen.at for seen in heard[message_id] if seen.answer == "204")
        for message_id in outage
    }
    scored_before_delivered = sum(
        1 for pk in outage_ids if applications[pk][2] < min(delivered_at.values(), default=0)
    )
    scored_during_a_hang = sum(
        1
        for pk in outage_ids
        if any(start < applications[pk][2] and end > applications[pk][1] for start, end in hangs)
    )
    kinds = [seen.answer for seen in receiver.seen]
    held = [end - start for start, end in hangs]
    delivered = sum(1 for _, _, status, _ in deliveries.values() if status == "SUCCEEDED")
    report(
        f"\nevents {len(events)}, deliveries {len(deliveries)} ({len(outage)} met the outage), "
        f"delivered {delivered}, duplicates {duplicates}; attempts {attempts} (timeouts {kinds.count('timeout')}, "
        f"resets {kinds.count('reset')}, 500s {kinds.count('500')}, 204s {kinds.count('204')}), "
        f"receiver saw {len(receiver.seen)} requests, all signed\n"
        f"a hang held a worker {min(held):.1f}-{max(held):.1f} s (timeout {TIMEOUT} s); {len(ratios)} retries "
        f"came {min(ratios):.2f}-{max(ratios):.2f} times their wait, at most {max(past_window):.1f} s past "
        f"the ±{JITTER:.0%} jitter (sweep {SWEEP} s)\n"
        f"CV upload to SCORED during the outage p50 {statistics.median(during):.1f} s, max {max(during):.1f} s "
        f"vs baseline p50 {statistics.median(baseline):.1f} s, max {max(baseline):.1f} s; {scored_during_a_hang}/{CVS} "
        f"scored while an attempt hung, {scored_before_delivered}/{CVS} before the first outage delivery got "
        f"through; upload requests max {max(outage_requests):.2f} s vs {max(baseline_requests):.2f} s"
    )
    assert duplicates == 0
    assert len(outage) >= 2 * CVS and kinds.count("timeout") == len(outage)
    assert max(during) <= max(2 * max(baseline), max(baseline) + 5.0), (baseline, during)
    assert scored_before_delivered == CVS
