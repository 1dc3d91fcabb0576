"""Deliveries to a real HTTP receiver on 127.0.0.1: signatures, retries, redirects, 410, timeouts,
Retry-After, the SSRF guard at delivery time (a canary on loopback gets no hit), DNS rebinding, the
outbox surviving a broker outage, and a real worker end to end."""

import itertools
import json
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.actors import Actor
from billing import services as billing_services
from hiresscope import http
from hiresscope.celery import app as celery_app
from hiresscope.timefmt import utc_iso
from tests.conftest import assert_envelope
from tests.webhook_receiver import FakeDNS, Receiver, Reply, install_fake_dns
from webhooks import services, signing, tasks
from webhooks.models import DeliveryStatus, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import event_record, retry_delays

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_dns(monkeypatch) -> FakeDNS:
    return install_fake_dns(monkeypatch)


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def canary():
    """A server on loopback that no webhook may ever reach while private addresses are not allowed."""
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def allow_private(settings):
    """The test receiver listens on loopback: let deliveries reach it (the setting is off by default)."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs a block and then its on-commit work (queued tasks run in-process, as in development)."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner


def _endpoint(persona, url, events=("*",)) -> tuple[str, str]:
    response = persona.client.post("/api/v1/webhooks", {"url": url, "events": list(events)}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"], response.json()["secret"]


def _emit(run, tenant, type="job.created", data=None) -> Event:
    with run(), transaction.atomic():
        return event_record(tenant_id=tenant.id, type=type, data=data or {"jobId": "j-1", "status": "DRAFT"})


def _dispatch_due(run) -> int:
    """What celery beat does every 30 s, without waiting: make pending retries due, then dispatch."""
    WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())
    with run():
        return tasks.deliveries_dispatch.delay().get()


def _assert_signed(request, secret) -> dict:
    assert signing.verify(secret, request.headers, request.body) == request.headers["webhook-id"]
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.body)


def test_every_delivery_is_signed_and_carries_a_thin_payload(alice, allow_private, receiver, run):
    endpoint_id, secret = _endpoint(alice, receiver.url)

    with run():
        job = alice.client.post(
            "/api/v1/jobs", {"title": "Welder", "description": "Welding steel frames."}, format="json"
        ).json()

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    payload = _assert_signed(request, secret)
    event = Event.objects.get(type="job.created")
    assert payload == {
        "type": "job.created",
        "timestamp": utc_iso(event.created_at),
        "data": {"jobId": job["id"], "status": "DRAFT"},
    }
    assert request.headers["webhook-id"] == f"msg_{event.id.hex}"
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    assert request.headers["user-agent"].startswith("HireScope-Webhooks/")
    assert event.published_at is not None
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt_count, str(delivery.endpoint_id)) == (
        DeliveryStatus.SUCCEEDED,
        1,
        endpoint_id,
    )
    attempt = delivery.attempts.get()
    assert (attempt.number, attempt.succeeded, attempt.status_code, attempt.response_excerpt) == (
        1,
        True,
        200,
        "ok",
    )
    assert attempt.latency_ms is not None


def test_500_three_times_then_200_is_one_success_after_four_logged_attempts(
    alice, allow_private, receiver, run
):
    endpoint_id, secret = _endpoint(alice, receiver.url)
    receiver.script = [Reply(500, body=b"boom")] * 3 + [Reply(200)]

    before = timezone.now()
    _emit(run, alice.tenant)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempt_count == 1
    # The first retry waits 5 s ± 20%, and the endpoint is now failing.
    assert before + timedelta(seconds=4) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=6)
    assert WebhookEndpoint.objects.get(pk=endpoint_id).failing_since is not None

    for _ in range(3):
        assert _dispatch_due(run) == 1
    assert _dispatch_due(run) == 0  # nothing left to do

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempt_count == 4
    attempts = list(delivery.attempts.order_by("number"))
    assert [(a.number, a.status_code, a.succeeded) for a in attempts] == [
        (1, 500, False),
        (2, 500, False),
        (3, 500, False),
        (4, 200, True),
    ]
    assert attempts[0].error == "HTTP 500" and attempts[0].response_excerpt == "boom"
    assert len(receiver.requests) == 4
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1  # stable across retries
    assert len({r.body for r in receiver.requests}) == 1
    for request in receiver.requests:
        _assert_signed(request, secret)
    assert WebhookEndpoint.objects.get(pk=endpoint_id).failing_since is None


def test_retries_back_off_exponentially_over_about_three_days():
    total = sum(retry_delays(), timedelta())
    assert timedelta(days=3) <= total <= timedelta(days=3, hours=12)
    assert all(later > earlier for earlier, later in itertools.pairwise(retry_delays()))


def test_the_schedule_ends_in_failure_after_the_last_attempt(alice, allow_private, receiver, run):
    _endpoint(alice, receiver.url)
    receiver.default = Reply(500)
    _emit(run, alice.tenant)
    delivery = WebhookDelivery.objects.get()
    # Fast-forward to the last step of the schedule (each attempt is tested above).
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempt_count=len(retry_delays()))

    assert _dispatch_due(run) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert delivery.attempt_count == len(retry_delays()) + 1
    assert WebhookEndpoint.objects.get().enabled  # failing for minutes, not days


def test_the_retry_schedule_comes_from_the_settings(alice, allow_private, receiver, run, settings):
    settings.WEBHOOKS_RETRY_DELAYS = [2, 60]
    _endpoint(alice, receiver.url)
    receiver.default = Reply(500)

    before = timezone.now()
    _emit(run, alice.tenant)
    delivery = WebhookDelivery.objects.get()
    assert (
        before + timedelta(seconds=1.6) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=2.4)
    )
    before = timezone.now()
    assert _dispatch_due(run) == 1
    delivery.refresh_from_db()
    assert (
        before + timedelta(seconds=48) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=72)
    )
    assert _dispatch_due(run) == 1

    # Two waits, three attempts: then the delivery is FAILED.
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        3,
        None,
    )
    assert len(receiver.requests) == 3


def test_a_reset_connection_is_logged_as_a_reset_and_retried(alice, allow_private, receiver, run):
    _endpoint(alice, receiver.url)
    receiver.script = [Reply(reset=True), Reply(200)]

    _emit(run, alice.tenant)
    assert _dispatch_due(run) == 1

    delivery = WebhookDelivery.objects.get()
    attempts = list(delivery.attempts.order_by("number"))
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(receiver.requests) == 2
    assert attempts[0].status_code is None and attempts[0].error.startswith("reset: "), attempts[0].error
    assert attempts[0].latency_ms is not None and attempts[1].succeeded


def test_a_duplicate_attempt_message_sends_nothing(alice, allow_private, receiver, run):
    _endpoint(alice, receiver.url)
    receiver.default = Reply(500)
    _emit(run, alice.tenant)
    delivery = WebhookDelivery.objects.get()

    assert services.delivery_attempt(delivery_id=delivery.pk, number=1) is None
    assert services.delivery_attempt(delivery_id=delivery.pk, number=3) is None

    assert len(receiver.requests) == 1 and WebhookAttempt.objects.count() == 1


def test_redirects_are_not_followed(alice, allow_private, receiver, canary, run):
    _endpoint(alice, receiver.url)
    receiver.default = Reply(302, headers={"Location": canary.url})

    _emit(run, alice.tenant)

    assert len(receiver.requests) == 1 and canary.requests == []
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code == 302 and not attempt.succeeded
    assert attempt.error == f"Redirect not followed (Location: {canary.url})"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING  # retried later, like any failure


def test_410_disables_the_endpoint_and_tells_the_owner(alice, allow_private, receiver, run):
    endpoint_id, _ = _endpoint(alice, receiver.url)
    receiver.script = [Reply(200), Reply(410)]
    _emit(run, alice.tenant)
    receiver.default = Reply(500)
    waiting = WebhookDelivery.objects.create(
        tenant=alice.tenant, endpoint_id=endpoint_id, message_id="msg_waiting", event_type="job.created",
        body="{}", next_attempt_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip

    _emit(run, alice.tenant, type="job.updated")

    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    assert not endpoint.enabled and "410" in endpoint.disabled_reason and endpoint.disabled_at
    gone = WebhookDelivery.objects.get(event_type="job.updated")
    assert gone.status == DeliveryStatus.FAILED and gone.last_status_code == 410
    waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.FAILED and "disabled" in waiting.last_error
    assert [m.to for m in mail.outbox] == [["alice@acme.test"]]
    assert endpoint_id in mail.outbox[0].body and "410" in mail.outbox[0].body
    # A disabled endpoint gets nothing more.
    _emit(run, alice.tenant, type="job.deleted")
    assert len(receiver.requests) == 2
    body = alice.client.get(f"/api/v1/webhooks/{endpoint_id}").json()
    assert body["enabled"] is False and "410" in body["disabledReason"]


def test_an_endpoint_failing_for_three_days_is_disabled_and_the_owner_told(
    alice, allow_private, receiver, run
):
    endpoint_id, _ = _endpoint(alice, receiver.url)
    receiver.default = Reply(503)
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(failing_since=timezone.now() - timedelta(hours=71))
    _emit(run, alice.tenant)
    assert WebhookEndpoint.objects.get(pk=endpoint_id).enabled  # 71 hours: not yet

    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        failing_since=timezone.now() - timedelta(hours=72, minutes=1)
    )
    _dispatch_due(run)

    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    assert not endpoint.enabled and "72 hours" in endpoint.disabled_reason
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@acme.test"]


def test_a_slow_receiver_times_out(alice, allow_private, receiver, run, settings):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    _endpoint(alice, receiver.url)
    receiver.script = [Reply(200, delay=2.5)]

    _emit(run, alice.tenant)

    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None and not attempt.succeeded
    assert attempt.error.startswith("timeout:"), attempt.error
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


@pytest.mark.parametrize("header", ["120", "HTTP-DATE"])
def test_retry_after_is_honoured(alice, allow_private, receiver, run, header):
    _endpoint(alice, receiver.url)
    if header == "HTTP-DATE":
        from email.utils import format_datetime

        header = format_datetime(timezone.now() + timedelta(seconds=125), usegmt=True)
    receiver.script = [Reply(429, headers={"Retry-After": header})]

    before = timezone.now()
    _emit(run, alice.tenant)

    delivery = WebhookDelivery.objects.get()
    # The schedule says ~5 s; the receiver asked for two minutes.
    assert delivery.next_attempt_at >= before + timedelta(seconds=119)
    assert delivery.next_attempt_at <= timezone.now() + timedelta(seconds=126)


def test_retry_after_is_capped_at_a_day(alice, allow_private, receiver, run):
    _endpoint(alice, receiver.url)
    receiver.script = [Reply(503, headers={"Retry-After": str(30 * 86400)})]

    _emit(run, alice.tenant)

    assert WebhookDelivery.objects.get().next_attempt_at <= timezone.now() + timedelta(hours=24, seconds=1)


def test_only_the_first_64_kib_of_a_response_are_read(receiver):
    receiver.default = Reply(200, body=b"x" * (1024 * 1024))

    response = http.post(receiver.url, body=b"{}", headers={}, allow_private=True)

    assert response.status == 200 and len(response.body) == 64 * 1024


def test_the_attempt_log_keeps_a_1_kib_excerpt(alice, allow_private, receiver, run):
    _endpoint(alice, receiver.url)
    receiver.default = Reply(200, body="é".encode() * 5000)

    _emit(run, alice.tenant)

    assert len(WebhookAttempt.objects.get().response_excerpt.encode()) <= 1024 + 3


# Delivery-time guard, with the allowance off: the canary listens on 127.0.0.1 and must get 0 hits.
SSRF_TARGETS = [
    "http://127.0.0.1:{port}/",
    "http://localhost:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://0x7f.1:{port}/",
    "http://127.1:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:1]:{port}/",
    "http://[::1]:{port}/",
    "http://0.0.0.0:{port}/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://internal.customer.test:{port}/",
]


@pytest.mark.parametrize("template", SSRF_TARGETS)
def test_unsafe_targets_are_refused_at_delivery_and_the_canary_gets_nothing(
    alice, canary, fake_dns, run, template
):
    fake_dns.answers["internal.customer.test"] = ["127.0.0.1"]
    # As if the URL had passed registration (a name whose DNS changed since), written straight to the table.
    endpoint_id, _ = _endpoint(alice, "https://93.184.215.14/hook")
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(url=template.format(port=canary.port))

    _emit(run, alice.tenant)

    attempt = WebhookAttempt.objects.get()
    assert attempt.error.startswith("Not sent (unsafe URL)"), attempt.error
    assert attempt.status_code is None
    assert canary.requests == []


def test_dns_rebinding_is_caught_at_delivery(alice, canary, fake_dns, run):
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])
    fake_dns.answers["rebind.customer.test"] = lambda: next(answers)
    url = f"http://rebind.customer.test:{canary.port}/hook"
    _endpoint(alice, url)  # public when registered

    _emit(run, alice.tenant)  # loopback when delivered

    assert fake_dns.lookups == ["rebind.customer.test", "rebind.customer.test"]
    assert "127.0.0.1" in WebhookAttempt.objects.get().error
    assert canary.requests == []


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host(
    alice, allow_private, receiver, fake_dns, run
):
    fake_dns.answers["hooks.customer.test"] = ["127.0.0.1"]
    _, secret = _endpoint(alice, f"http://hooks.customer.test:{receiver.port}/in?source=hs")
    fake_dns.lookups.clear()

    _emit(run, alice.tenant)

    # One lookup per attempt: the socket connects to that answer, so no second lookup can be rebound.
    assert fake_dns.lookups == ["hooks.customer.test"]
    request = receiver.requests[0]
    assert request.headers["host"] == f"hooks.customer.test:{receiver.port}"
    assert request.path == "/in?source=hs"
    _assert_signed(request, secret)


def test_a_name_that_does_not_resolve_at_delivery_sends_nothing_and_retries(alice, fake_dns, run):
    fake_dns.answers["gone.customer.test"] = []
    _endpoint(alice, "https://gone.customer.test/hook")

    _emit(run, alice.tenant)

    attempt = WebhookAttempt.objects.get()
    assert attempt.error.startswith("dns:") and attempt.status_code is None
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_relay_fans_out_to_interested_enabled_endpoints_of_the_tenant_only(
    alice, bob, allow_private, receiver, run
):
    # Five endpoints: more than the trial plan's three.
    billing_services.subscription_grant(
        tenant_id=alice.tenant.id, plan_code="growth", months=1, by=Actor.process("test")
    )
    wants_all, _ = _endpoint(alice, receiver.url)
    wants_jobs, _ = _endpoint(alice, receiver.url + "?jobs", events=["job.created"])
    _endpoint(alice, receiver.url + "?scores", events=["application.scored"])
    disabled, _ = _endpoint(alice, receiver.url + "?off")
    alice.client.patch(f"/api/v1/webhooks/{disabled}", {"enabled": False}, format="json")
    _endpoint(bob, receiver.url + "?bob")

    event = _emit(run, alice.tenant)
    _endpoint(alice, receiver.url + "?late")  # created after the event: does not get it
    with run():
        assert tasks.events_relay.delay().get() == 0  # already published: nothing twice

    assert sorted(str(d.endpoint_id) for d in WebhookDelivery.objects.all()) == sorted(
        [wants_all, wants_jobs]
    )
    assert {d.event_id for d in WebhookDelivery.objects.all()} == {event.id}
    assert sorted(r.path for r in receiver.requests) == ["/hook", "/hook?jobs"]


def test_the_test_action_sends_now_and_returns_the_attempt(alice, allow_private, receiver):
    endpoint_id, secret = _endpoint(alice, receiver.url)

    response = alice.client.post(f"/api/v1/webhooks/{endpoint_id}/test")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "SUCCEEDED" and body["eventType"] == "webhook.test"
    assert body["attempts"][0]["statusCode"] == 200 and body["attempts"][0]["manual"] is True
    payload = _assert_signed(receiver.requests[0], secret)
    assert payload["type"] == "webhook.test" and payload["data"]["endpointId"] == endpoint_id


def test_a_failed_test_is_reported_not_retried_and_does_not_judge_the_endpoint(
    alice, allow_private, receiver
):
    endpoint_id, _ = _endpoint(alice, receiver.url)
    receiver.default = Reply(410, body=b"nope")

    body = alice.client.post(f"/api/v1/webhooks/{endpoint_id}/test").json()

    assert (body["status"], body["nextAttemptAt"], body["lastStatusCode"]) == ("FAILED", None, 410)
    assert body["attempts"][0]["responseExcerpt"] == "nope"
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    assert endpoint.enabled and endpoint.failing_since is None


def test_the_test_action_refuses_unsafe_targets_too(alice, canary):
    endpoint_id, _ = _endpoint(alice, "https://93.184.215.14/hook")
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(url=f"http://2130706433:{canary.port}/")

    body = alice.client.post(f"/api/v1/webhooks/{endpoint_id}/test").json()

    assert body["status"] == "FAILED" and "unsafe" in body["lastError"]
    assert canary.requests == []


def test_redelivery_sends_the_same_webhook_id_again(alice, allow_private, receiver, run):
    endpoint_id, secret = _endpoint(alice, receiver.url)
    _emit(run, alice.tenant)
    delivery = WebhookDelivery.objects.get()

    with run():
        response = alice.client.post(f"/api/v1/webhooks/{endpoint_id}/deliveries/{delivery.id}/redeliver")

    assert response.status_code == 202, response.content
    assert len(receiver.requests) == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    assert receiver.requests[0].body == receiver.requests[1].body
    _assert_signed(receiver.requests[1], secret)
    log = alice.client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").json()["results"][0]
    assert log["status"] == "SUCCEEDED" and log["attemptCount"] == 2
    assert [(a["number"], a["manual"]) for a in log["attempts"]] == [(2, True), (1, False)]


def test_redelivery_restarts_the_retry_schedule(alice, allow_private, receiver, run):
    endpoint_id, _ = _endpoint(alice, receiver.url)
    receiver.default = Reply(500)
    _emit(run, alice.tenant)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, next_attempt_at=None)

    before = timezone.now()
    with run():
        alice.client.post(f"/api/v1/webhooks/{endpoint_id}/deliveries/{delivery.id}/redeliver")

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count, delivery.sequence_start) == (
        DeliveryStatus.PENDING,
        2,
        1,
    )
    # Failed again: the next try follows the first step of the schedule (5 s), not the third.
    assert delivery.next_attempt_at <= before + timedelta(seconds=7)


def test_rotation_signs_with_both_secrets(alice, allow_private, receiver, run):
    endpoint_id, old = _endpoint(alice, receiver.url)
    new = alice.client.post(f"/api/v1/webhooks/{endpoint_id}/rotate-secret").json()["secret"]

    _emit(run, alice.tenant)

    request = receiver.requests[0]
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    _assert_signed(request, old)
    _assert_signed(request, new)


def test_an_event_whose_relay_never_ran_is_published_by_the_sweep(alice, allow_private, receiver, run):
    """A crash between commit and publish: the event is committed, its on-commit hook never ran."""
    _endpoint(alice, receiver.url)
    with transaction.atomic():  # no run(): the on-commit relay is lost, as in a crash
        event_record(tenant_id=alice.tenant.id, type="job.created", data={"jobId": "j-9", "status": "ACTIVE"})
    assert receiver.requests == [] and Event.objects.get().published_at is None

    with run():
        assert tasks.events_relay.delay().get() == 1  # what beat runs every 30 s

    assert Event.objects.get().published_at is not None
    assert json.loads(receiver.requests[0].body)["data"]["jobId"] == "j-9"


@pytest.fixture
def broker_down(settings):
    """Point Celery at a Redis port where nothing listens: a real, unreachable broker."""
    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_always_eager, conf.task_publish_retry)
    conf.broker_url, conf.task_always_eager, conf.task_publish_retry = "redis://127.0.0.1:9/0", False, False
    _reset_connection_pools()
    yield
    conf.broker_url, conf.task_always_eager, conf.task_publish_retry = previous
    _reset_connection_pools()


def _reset_connection_pools() -> None:
    # Celery caches its connection and producer pools per broker URL; drop them so the URL takes effect.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_a_broker_outage_loses_no_event(alice, allow_private, receiver, run, broker_down):
    _endpoint(alice, receiver.url)

    with run():
        response = alice.client.post(
            "/api/v1/jobs", {"title": "Welder", "description": "Welding steel frames."}, format="json"
        )

    assert response.status_code == 201  # the outage does not fail the change that emitted the event
    assert receiver.requests == [] and Event.objects.get().published_at is None
    celery_app.conf.task_always_eager = True  # the broker is back
    with run():
        tasks.events_relay.delay()
    assert [json.loads(r.body)["data"]["jobId"] for r in receiver.requests] == [response.json()["id"]]


def test_a_lost_attempt_task_is_queued_again_by_the_dispatcher(
    alice, allow_private, receiver, run, broker_down
):
    _endpoint(alice, receiver.url)
    with transaction.atomic():
        event_record(tenant_id=alice.tenant.id, type="job.created", data={"jobId": "j-1"})
    with run():
        assert services.events_relay() == 1  # deliveries written; queueing their attempts fails
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempt_count == 0 and receiver.requests == []
    assert delivery.next_attempt_at > timezone.now()  # not due until the dispatch lease runs out

    celery_app.conf.task_always_eager = True  # the broker is back
    assert _dispatch_due(run) == 1  # (the lease ran out)

    assert len(receiver.requests) == 1 and WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_test_and_redeliver_answer_404_for_unknown_ids(alice):
    endpoint_id, _ = _endpoint(alice, "https://93.184.215.14/hook")
    missing = "00000000-0000-4000-8000-000000000000"
    assert_envelope(alice.client.post(f"/api/v1/webhooks/{missing}/test"), 404)
    assert_envelope(
        alice.client.post(f"/api/v1/webhooks/{endpoint_id}/deliveries/{missing}/redeliver"), 404, "not_found"
    )


# -- a real worker, PostgreSQL and Redis -------------------------------------------------------------------
def _wait_for(condition, *, process, log_path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "worker died:\n" + log_path.read_text()[-3000:]
        assert time.monotonic() < deadline, "timed out; worker log:\n" + log_path.read_text()[-3000:]
        time.sleep(0.2)


@pytest.fixture
def webhook_worker(allow_private, worker):
    """The worker fixture, started after the allowance is set so the worker process inherits it."""
    return worker


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_relays_and_delivers_a_signed_event(alice, receiver, webhook_worker):
    process, log_path = webhook_worker
    endpoint_id, secret = _endpoint(alice, receiver.url, events=["job.created"])

    job = alice.client.post(
        "/api/v1/jobs", {"title": "Welder", "description": "Steel frames."}, format="json"
    )

    assert job.status_code == 201
    _wait_for(lambda: receiver.requests, process=process, log_path=log_path)
    payload = _assert_signed(receiver.requests[0], secret)
    assert payload["type"] == "job.created" and payload["data"]["jobId"] == job.json()["id"]
    _wait_for(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).exists(),
        process=process,
        log_path=log_path,
    )
    log = log_path.read_text()
    assert "webhooks.tasks.events_relay" in log and "webhooks.tasks.delivery_attempt" in log
    assert WebhookEndpoint.objects.get(pk=endpoint_id).failing_since is None


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sweeps_an_event_committed_without_its_relay(alice, receiver, webhook_worker):
    process, log_path = webhook_worker
    _, secret = _endpoint(alice, receiver.url)
    # Written as a crash would leave it: committed, never handed to the broker.
    event = Event.objects.create(
        tenant=alice.tenant, type="job.deleted", data={"jobId": "j-7", "deletedAt": None}
    )
    assert Event.objects.get(pk=event.pk).published_at is None

    tasks.events_relay.delay()  # what celery beat sends every 30 s

    _wait_for(lambda: receiver.requests, process=process, log_path=log_path)
    assert _assert_signed(receiver.requests[0], secret)["data"]["jobId"] == "j-7"
