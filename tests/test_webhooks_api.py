"""/webhooks: endpoint CRUD, the secret shown once, rotation, validation, the SSRF guard at registration,
the delivery log API and tenant isolation."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import assert_envelope
from tests.webhook_receiver import FakeDNS, install_fake_dns
from webhooks import signing
from webhooks.crypto import secret_decrypt
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_signing_secrets

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_dns(monkeypatch) -> FakeDNS:
    return install_fake_dns(monkeypatch)


PUBLIC_URL = "https://93.184.215.14/hooks/hirescope"  # a public address literal: no DNS needed


def _create(client, url=PUBLIC_URL, events=("*",), **extra):
    return client.post("/api/v1/webhooks", {"url": url, "events": list(events), **extra}, format="json")


def test_create_returns_the_secret_once(alice):
    response = _create(alice.client, events=["application.scored", "job.created"], description="ATS sync")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "url", "events", "enabled", "secret", "createdAt"}
    assert body["url"] == PUBLIC_URL and body["enabled"] is True
    assert body["events"] == ["application.scored", "job.created"]
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
    listed = alice.client.get("/api/v1/webhooks")
    detail = alice.client.get(f"/api/v1/webhooks/{body['id']}")
    assert listed.json()["count"] == 1 and listed.json()["results"][0]["id"] == body["id"]
    for later in (listed, detail):
        assert body["secret"] not in later.content.decode()
        assert "secret" not in (later.json()["results"][0] if "results" in later.json() else later.json())


def test_the_secret_is_stored_encrypted_and_recoverable(alice):
    body = _create(alice.client).json()

    endpoint = WebhookEndpoint.objects.get(pk=body["id"])
    assert body["secret"] not in endpoint.secret_encrypted
    assert body["secret"].removeprefix("whsec_") not in endpoint.secret_encrypted
    assert secret_decrypt(endpoint.secret_encrypted) == body["secret"]


def test_an_api_key_may_manage_webhooks(alice):
    client = alice.api_key_client()
    created = _create(client)
    assert created.status_code == 201
    assert client.patch(f"/api/v1/webhooks/{created.json()['id']}", {"description": "x"}).status_code == 200
    assert client.delete(f"/api/v1/webhooks/{created.json()['id']}").status_code == 204


def test_without_credentials_401(anon):
    assert_envelope(anon.get("/api/v1/webhooks"), 401)
    assert_envelope(anon.post("/api/v1/webhooks", {"url": PUBLIC_URL, "events": ["*"]}, format="json"), 401)


@pytest.mark.parametrize(
    ("events", "field"),
    [
        ([], "events"),
        (["job.created", "job.exploded"], "events"),
        ("job.created", "events"),
    ],
)
def test_events_are_validated(alice, events, field):
    response = alice.client.post("/api/v1/webhooks", {"url": PUBLIC_URL, "events": events}, format="json")

    body = assert_envelope(response, 400, "validation_error")
    assert any(name.startswith(field) for name in body["fields"]), body


def test_events_are_normalised(alice):
    assert _create(alice.client, events=["job.deleted", "job.created", "job.deleted"]).json()["events"] == [
        "job.created",
        "job.deleted",
    ]
    assert _create(alice.client, events=["job.created", "*"]).json()["events"] == ["*"]


def test_url_is_required_and_bounded(alice):
    assert_envelope(alice.client.post("/api/v1/webhooks", {"events": ["*"]}, format="json"), 400)
    assert_envelope(_create(alice.client, url="https://93.184.215.14/" + "a" * 2000), 400)


# Every entry must be refused at registration with the unsafe_url envelope.
SSRF_URLS = [
    "http://127.0.0.1/hook",
    "http://127.0.0.1:8000/admin",
    "http://localhost/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://168.63.129.16/machine",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://224.0.0.1/hook",  # multicast
    "http://0.0.0.0/hook",
    "http://2130706433/hook",  # 127.0.0.1, decimal
    "http://3232235777/hook",  # 192.168.1.1, decimal
    "http://0x7f000001/hook",  # hex
    "http://0xa9fea9fe/hook",  # 169.254.169.254, hex
    "http://0177.0.0.1/hook",  # octal
    "http://0x7f.0.0.1/hook",
    "http://127.1/hook",  # shorthand
    "http://[::1]/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://[64:ff9b::a9fe:a9fe]/hook",  # NAT64 of the metadata address
    "http://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://user:pass@93.184.215.14/hook",
    "https://token@93.184.215.14/hook",
    "ftp://93.184.215.14/hook",
    "file:///etc/passwd",
    "gopher://93.184.215.14:70/_x",
    "javascript:alert(1)",
    "//93.184.215.14/hook",
    "http://93.184.215.14\\@127.0.0.1/hook",
    "http:// 127.0.0.1/hook",
    "http://256.256.256.256/hook",
    "http://internal.customer.test/hook",  # resolves to a private address
    "http://mixed.customer.test/hook",  # one public and one private answer
]


@pytest.mark.parametrize("url", SSRF_URLS)
def test_unsafe_urls_are_refused_at_registration(alice, fake_dns, url):
    fake_dns.answers["internal.customer.test"] = ["10.1.2.3"]
    fake_dns.answers["mixed.customer.test"] = ["93.184.215.14", "127.0.0.1"]

    response = _create(alice.client, url=url)

    body = assert_envelope(response, 400)
    assert body["code"] in ("unsafe_url", "validation_error"), body
    if body["code"] == "unsafe_url":
        assert body["fields"]["url"]
    assert WebhookEndpoint.objects.count() == 0


def test_a_name_that_does_not_resolve_yet_may_be_registered(alice, fake_dns):
    fake_dns.answers["hooks.not-yet.customer.test"] = []

    response = _create(alice.client, url="https://hooks.not-yet.customer.test/in")

    assert response.status_code == 201, response.content
    assert fake_dns.lookups == ["hooks.not-yet.customer.test"]


def test_a_public_name_is_accepted(alice, fake_dns):
    fake_dns.answers["hooks.customer.test"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    assert _create(alice.client, url="https://hooks.customer.test/in").status_code == 201


def test_the_private_allowance_lets_loopback_through_but_never_metadata(alice, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True

    assert _create(alice.client, url="http://127.0.0.1:9999/hook").status_code == 201
    assert _create(alice.client, url="http://10.0.0.5/hook").status_code == 201
    assert_envelope(_create(alice.client, url="http://169.254.169.254/latest"), 400, "unsafe_url")
    assert_envelope(_create(alice.client, url="http://[::ffff:169.254.169.254]/"), 400, "unsafe_url")


def test_patch_checks_a_new_url_and_changes_events(alice):
    endpoint_id = _create(alice.client).json()["id"]

    refused = alice.client.patch(
        f"/api/v1/webhooks/{endpoint_id}", {"url": "http://0x7f000001/"}, format="json"
    )
    assert_envelope(refused, 400, "unsafe_url")
    changed = alice.client.patch(
        f"/api/v1/webhooks/{endpoint_id}",
        {"url": "https://93.184.215.14/v2", "events": ["job.created"]},
        format="json",
    )
    assert changed.status_code == 200
    assert (changed.json()["url"], changed.json()["events"]) == ("https://93.184.215.14/v2", ["job.created"])
    assert "secret" not in changed.json()


def test_disabling_stops_pending_deliveries_and_enabling_clears_the_record(alice):
    endpoint_id = _create(alice.client).json()["id"]
    pending = WebhookDelivery.objects.create(
        tenant=alice.tenant, endpoint_id=endpoint_id, message_id="msg_1", event_type="job.created",
        body="{}", next_attempt_at=timezone.now(),
    )  # fmt: skip
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(failing_since=timezone.now())

    disabled = alice.client.patch(f"/api/v1/webhooks/{endpoint_id}", {"enabled": False}, format="json").json()
    assert disabled["enabled"] is False and disabled["disabledAt"]
    assert "alice@acme.test" in disabled["disabledReason"]
    pending.refresh_from_db()
    assert pending.status == DeliveryStatus.FAILED and pending.next_attempt_at is None

    enabled = alice.client.patch(f"/api/v1/webhooks/{endpoint_id}", {"enabled": True}, format="json").json()
    assert enabled["enabled"] is True
    assert (enabled["disabledAt"], enabled["disabledReason"], enabled["failingSince"]) == (None, "", None)


def test_delete_removes_the_endpoint_and_its_log(alice):
    endpoint_id = _create(alice.client).json()["id"]
    WebhookDelivery.objects.create(
        tenant=alice.tenant, endpoint_id=endpoint_id, message_id="msg_1", event_type="job.created",
        body="{}", next_attempt_at=timezone.now(),
    )  # fmt: skip

    assert alice.client.delete(f"/api/v1/webhooks/{endpoint_id}").status_code == 204

    assert_envelope(alice.client.get(f"/api/v1/webhooks/{endpoint_id}"), 404, "not_found")
    assert not WebhookDelivery.objects.exists()


def test_rotation_returns_a_new_secret_once_and_keeps_the_old_one_valid_for_24_hours(alice):
    created = _create(alice.client).json()
    old = created["secret"]

    rotated = alice.client.post(f"/api/v1/webhooks/{created['id']}/rotate-secret")

    assert rotated.status_code == 200
    new = rotated.json()["secret"]
    assert new.startswith("whsec_") and new != old
    assert rotated.json()["previousSecretExpiresAt"]
    endpoint = WebhookEndpoint.objects.get(pk=created["id"])
    assert endpoint_signing_secrets(endpoint=endpoint) == [new, old]
    header = signing.signature_header(
        endpoint_signing_secrets(endpoint=endpoint), "msg_x", 1_700_000_000, b"{}"
    )
    headers = {"webhook-id": "msg_x", "webhook-timestamp": "1700000000", "webhook-signature": header}
    # Both the receiver that has not switched yet and the one that has accept the delivery.
    assert signing.verify(old, headers, b"{}", now=1_700_000_000) == "msg_x"
    assert signing.verify(new, headers, b"{}", now=1_700_000_000) == "msg_x"
    assert new not in alice.client.get(f"/api/v1/webhooks/{created['id']}").content.decode()

    with time_machine.travel(timezone.now() + timedelta(hours=23, minutes=59)):
        assert endpoint_signing_secrets(endpoint=endpoint) == [new, old]
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert endpoint_signing_secrets(endpoint=endpoint) == [new]


def test_a_second_rotation_keeps_only_the_two_latest_secrets(alice):
    created = _create(alice.client).json()
    second = alice.client.post(f"/api/v1/webhooks/{created['id']}/rotate-secret").json()["secret"]
    third = alice.client.post(f"/api/v1/webhooks/{created['id']}/rotate-secret").json()["secret"]

    endpoint = WebhookEndpoint.objects.get(pk=created["id"])
    assert endpoint_signing_secrets(endpoint=endpoint) == [third, second]


def _delivery(tenant, endpoint_id, index: int, status=DeliveryStatus.SUCCEEDED, attempts: int = 2):
    delivery = WebhookDelivery.objects.create(
        tenant=tenant, endpoint_id=endpoint_id, message_id=f"msg_{index}", event_type="job.created",
        body=f'{{"type":"job.created","timestamp":"2026-01-01T00:00:00Z","data":{{"jobId":"{index}"}}}}',
        status=status, attempt_count=attempts,
        next_attempt_at=timezone.now() if status == DeliveryStatus.PENDING else None,
    )  # fmt: skip
    for number in range(1, attempts + 1):
        WebhookAttempt.objects.create(
            tenant=tenant, delivery=delivery, number=number, at=timezone.now(), succeeded=number == attempts,
            status_code=200 if number == attempts else 500, latency_ms=12, response_excerpt="ok",
        )  # fmt: skip
    return delivery


def test_the_delivery_log_lists_newest_first_with_attempts(alice, django_assert_max_num_queries):
    endpoint_id = _create(alice.client).json()["id"]
    deliveries = [_delivery(alice.tenant, endpoint_id, index) for index in range(25)]
    _delivery(alice.tenant, endpoint_id, 99, status=DeliveryStatus.PENDING, attempts=1)
    WebhookDelivery.objects.filter(pk=deliveries[0].pk).update(created_at=timezone.now() - timedelta(days=1))

    with django_assert_max_num_queries(8):
        page = alice.client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries?pageSize=30").json()

    assert page["count"] == 26
    assert page["results"][-1]["id"] == str(deliveries[0].id)
    first = page["results"][1]
    assert set(first) >= {"id", "messageId", "eventType", "status", "attemptCount", "payload", "attempts"}
    assert [a["number"] for a in first["attempts"]] == [2, 1]
    assert first["attempts"][0] | {"at": None, "id": None} == {
        "id": None, "number": 2, "manual": False, "at": None, "succeeded": True, "statusCode": 200,
        "latencyMs": 12, "error": "", "responseExcerpt": "ok",
    }  # fmt: skip
    assert first["payload"]["type"] == "job.created"
    pending = alice.client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries?status=PENDING").json()
    assert [d["messageId"] for d in pending["results"]] == ["msg_99"]
    one = alice.client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries/{deliveries[3].id}")
    assert one.status_code == 200 and one.json()["messageId"] == "msg_3"


def test_redelivery_to_a_disabled_endpoint_is_a_conflict(alice):
    endpoint_id = _create(alice.client).json()["id"]
    delivery = _delivery(alice.tenant, endpoint_id, 1)
    alice.client.patch(f"/api/v1/webhooks/{endpoint_id}", {"enabled": False}, format="json")

    response = alice.client.post(f"/api/v1/webhooks/{endpoint_id}/deliveries/{delivery.id}/redeliver")

    assert_envelope(response, 409, "endpoint_disabled")


def test_another_tenants_endpoints_and_deliveries_are_404(alice, bob):
    endpoint_id = _create(alice.client).json()["id"]
    delivery = _delivery(alice.tenant, endpoint_id, 1)
    own = _create(bob.client).json()["id"]
    base = f"/api/v1/webhooks/{endpoint_id}"

    for method, url in [
        ("get", base),
        ("patch", base),
        ("delete", base),
        ("post", f"{base}/test"),
        ("post", f"{base}/rotate-secret"),
        ("get", f"{base}/deliveries"),
        ("get", f"{base}/deliveries/{delivery.id}"),
        ("post", f"{base}/deliveries/{delivery.id}/redeliver"),
        # Alice's delivery under Bob's own endpoint is not found either.
        ("get", f"/api/v1/webhooks/{own}/deliveries/{delivery.id}"),
    ]:
        assert_envelope(getattr(bob.client, method)(url, {}, format="json"), 404, "not_found")
    assert [e["id"] for e in bob.client.get("/api/v1/webhooks").json()["results"]] == [own]
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    assert endpoint.enabled and endpoint.previous_secret_encrypted == ""
    assert WebhookDelivery.objects.get(pk=delivery.pk).attempt_count == 2
