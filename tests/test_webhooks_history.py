"""The delivery log and the event outbox do not grow for ever: finished history past its days goes."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from webhooks.models import DeliveryStatus, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.tasks import history_prune

pytestmark = pytest.mark.django_db


def _delivery(endpoint, event, status) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(
        tenant=endpoint.tenant,
        endpoint=endpoint,
        event=event,
        message_id=f"msg_{uuid.uuid4().hex}",
        event_type=event.type,
        body="{}",
        status=status,
        next_attempt_at=timezone.now() if status == DeliveryStatus.PENDING else None,
    )
    WebhookAttempt.objects.create(tenant=endpoint.tenant, delivery=delivery, number=1, at=timezone.now())
    return delivery


def test_finished_history_older_than_its_days_is_deleted_and_pending_work_is_kept(alice, settings):
    settings.WEBHOOKS_HISTORY_DAYS = 30
    endpoint = WebhookEndpoint.objects.create(
        tenant=alice.tenant, url="https://hooks.example.com/in", events=["*"], secret_encrypted="x"
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old_event = Event.objects.create(
            tenant=alice.tenant, type="job.created", data={}, published_at=timezone.now()
        )
        old_done = _delivery(endpoint, old_event, DeliveryStatus.SUCCEEDED)
        old_failed = _delivery(endpoint, old_event, DeliveryStatus.FAILED)
        old_pending = _delivery(endpoint, old_event, DeliveryStatus.PENDING)
        unpublished = Event.objects.create(tenant=alice.tenant, type="job.updated", data={})
    with time_machine.travel(start + timedelta(days=29), tick=False):
        recent_event = Event.objects.create(
            tenant=alice.tenant, type="job.deleted", data={}, published_at=timezone.now()
        )
        recent_done = _delivery(endpoint, recent_event, DeliveryStatus.SUCCEEDED)

    with time_machine.travel(start + timedelta(days=31), tick=False):
        assert history_prune() == 2

    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {old_pending.pk, recent_done.pk}
    assert not WebhookAttempt.objects.filter(delivery_id__in=[old_done.pk, old_failed.pk]).exists()
    # The old event's one pending delivery still holds its body; the event row itself may go.
    assert set(Event.objects.values_list("pk", flat=True)) == {unpublished.pk, recent_event.pk}
    with time_machine.travel(start + timedelta(days=31), tick=False):
        assert history_prune() == 0
