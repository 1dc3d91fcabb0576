"""The webhook pages: endpoints, the secret shown once (at creation and rotation), editing, the test
event and the delivery log with each attempt's request and response, redelivery, deletion.

Deliveries go to a real HTTP receiver on 127.0.0.1 standing in for the customer's server (outside our
system), so loopback is allowed where a test sends; nothing reaches the internet.
"""

import pytest

from accounts.actors import Actor
from accounts.models import MembershipRole
from tests.webhook_receiver import Receiver, Reply
from webhooks.crypto import secret_decrypt
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_create, endpoint_test

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.215.14/hooks/hirescope"  # a public address literal: no DNS, never contacted


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver listens on loopback
    server = Receiver()
    yield server
    server.close()


def _endpoint(company, url=PUBLIC_URL, events=("*",)):
    endpoint, _ = endpoint_create(
        tenant=company.tenant, by=Actor.member(company.owner), url=url, events=list(events)
    )
    return endpoint


def _secret_on(html: str) -> str:
    return html.split('id="signing-secret" class="secret" type="text" value="')[1].split('"')[0]


def test_adding_an_endpoint_shows_its_secret_once(acme):
    client = acme.client()
    response = client.post(
        "/dashboard/settings/webhooks/new/",
        {
            "url": PUBLIC_URL,
            "events": ["application.scored", "job.created"],
            "description": "ATS",
            "enabled": "on",
        },
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get(tenant=acme.tenant)
    secret = _secret_on(response.content.decode())
    assert secret.startswith("whsec_") and secret_decrypt(endpoint.secret_encrypted) == secret
    assert endpoint.events == ["application.scored", "job.created"]
    assert response["Cache-Control"] == "no-store"
    for later in ("/dashboard/settings/webhooks/", f"/dashboard/settings/webhooks/{endpoint.id}/"):
        assert secret not in client.get(later).content.decode()


def test_an_unsafe_url_is_a_field_error(acme):
    response = acme.client().post(
        "/dashboard/settings/webhooks/new/",
        {"url": "http://127.0.0.1/hook", "events": ["*"], "enabled": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "field--error" in html and "error-summary" in html
    assert not WebhookEndpoint.objects.exists()


def test_editing_url_events_and_enabled(acme):
    endpoint = _endpoint(acme)
    response = acme.client().post(
        f"/dashboard/settings/webhooks/{endpoint.id}/",
        {"url": "https://93.184.215.14/v2", "events": ["job.created"], "description": "new"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.events, endpoint.enabled) == (
        "https://93.184.215.14/v2",
        ["job.created"],
        False,
    )


def test_the_endpoint_page_for_a_viewer_has_no_controls(acme):
    endpoint = _endpoint(acme)
    viewer = acme.client(MembershipRole.VIEWER)
    html = viewer.get(f"/dashboard/settings/webhooks/{endpoint.id}/").content.decode()
    assert endpoint.url in html and "Delivery log" in html
    for control in ("Send a test event", "Rotate secret", "Delete endpoint", 'name="url"'):
        assert control not in html
    listing = viewer.get("/dashboard/settings/webhooks/").content.decode()
    assert "Add an endpoint" not in listing


def test_a_test_event_lands_in_the_log_with_request_and_response(acme, receiver):
    receiver.default = Reply(status=202, body=b'{"received": true}')
    endpoint = _endpoint(acme, url=receiver.url)
    client = acme.client()

    response = client.post(f"/dashboard/settings/webhooks/{endpoint.id}/test/")

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/settings/webhooks/{endpoint.id}/deliveries/{delivery.id}/"
    assert len(receiver.requests) == 1
    page = client.get(response["Location"]).content.decode()
    assert "webhook.test" in page and delivery.message_id in page
    assert "HTTP 202" in page and "{&quot;received&quot;: true}" in page  # the response body
    assert "webhook-timestamp" in page and "A test event from HireScope." in page  # request headers and body
    log = client.get(f"/dashboard/settings/webhooks/{endpoint.id}/").content.decode()
    assert "webhook.test" in log and "Succeeded" in log


def test_redelivering_sends_again_with_the_same_id(acme, receiver, django_capture_on_commit_callbacks):
    endpoint = _endpoint(acme, url=receiver.url)
    delivery = endpoint_test(endpoint=endpoint, by=Actor.member(acme.owner))
    with django_capture_on_commit_callbacks(execute=True):
        response = acme.client().post(
            f"/dashboard/settings/webhooks/{endpoint.id}/deliveries/{delivery.id}/redeliver/", follow=True
        )
    assert "Redelivery queued" in response.content.decode()
    assert len(receiver.requests) == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    delivery.refresh_from_db()
    assert delivery.attempt_count == 2 and delivery.status == DeliveryStatus.SUCCEEDED


def test_redelivering_to_a_disabled_endpoint_is_refused_with_a_message(acme):
    endpoint = _endpoint(acme)
    delivery = WebhookDelivery.objects.create(
        tenant=acme.tenant,
        endpoint=endpoint,
        message_id="msg_1",
        event_type="job.created",
        body="{}",
        status=DeliveryStatus.FAILED,
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(enabled=False)
    response = acme.client().post(
        f"/dashboard/settings/webhooks/{endpoint.id}/deliveries/{delivery.id}/redeliver/", follow=True
    )
    assert response.status_code == 200
    assert "enable it before redelivering" in response.content.decode()


def test_rotating_the_secret_shows_the_new_one_once(acme):
    endpoint = _endpoint(acme)
    old = secret_decrypt(endpoint.secret_encrypted)
    response = acme.client().post(f"/dashboard/settings/webhooks/{endpoint.id}/rotate-secret/")
    secret = _secret_on(response.content.decode())
    endpoint.refresh_from_db()
    assert secret != old and secret_decrypt(endpoint.secret_encrypted) == secret
    assert "keeps signing beside this one" in response.content.decode()


def test_deleting_an_endpoint(acme):
    endpoint = _endpoint(acme)
    response = acme.client().post(f"/dashboard/settings/webhooks/{endpoint.id}/delete/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/settings/webhooks/"
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_filters_pages_and_answers_htmx(acme):
    endpoint = _endpoint(acme)
    for n in range(30):
        WebhookDelivery.objects.create(
            tenant=acme.tenant,
            endpoint=endpoint,
            message_id=f"msg_{n}",
            event_type="job.created",
            body="{}",
            status=DeliveryStatus.FAILED if n % 2 else DeliveryStatus.SUCCEEDED,
        )
    client = acme.client(MembershipRole.RECRUITER)
    url = f"/dashboard/settings/webhooks/{endpoint.id}/"
    assert "Page 1 of 2" in client.get(url).content.decode()
    failed = client.get(url + "?status=FAILED", HTTP_HX_REQUEST="true")
    html = failed.content.decode()
    assert html.lstrip().startswith('<div id="deliveries">') and "<html" not in html
    assert html.count("Failed") == 15 and "Succeeded" not in html


def test_another_companys_endpoint_and_delivery_are_404(acme, globex):
    theirs = _endpoint(globex)
    delivery = WebhookDelivery.objects.create(
        tenant=globex.tenant,
        endpoint=theirs,
        message_id="msg_x",
        event_type="job.created",
        body="{}",
        status=DeliveryStatus.FAILED,
    )
    mine = _endpoint(acme)
    client = acme.client()
    base = f"/dashboard/settings/webhooks/{theirs.id}"
    assert client.get(f"{base}/").status_code == 404
    assert client.post(f"{base}/", {"url": PUBLIC_URL, "events": ["*"]}).status_code == 404
    for action in ("test", "rotate-secret", "delete"):
        assert client.post(f"{base}/{action}/").status_code == 404
    assert client.get(f"{base}/deliveries/{delivery.id}/").status_code == 404
    # Their delivery under my endpoint's id is not mine either.
    assert client.get(f"/dashboard/settings/webhooks/{mine.id}/deliveries/{delivery.id}/").status_code == 404
    assert client.post(f"{base}/deliveries/{delivery.id}/redeliver/").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()
