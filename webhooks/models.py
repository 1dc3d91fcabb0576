"""Events, endpoints, deliveries and attempts: the webhook pipeline as rows (docs/webhooks.md).

An :class:`Event` row is written in the same database transaction as the change it reports (an
outbox), so a crash or a broker outage between commit and publication cannot lose it; the relay turns
each event into one :class:`WebhookDelivery` per interested :class:`WebhookEndpoint`, and every HTTP
try of a delivery is a :class:`WebhookAttempt`. Retries are scheduled in the database
(``WebhookDelivery.next_attempt_at``), not as long Celery countdowns.
"""

import uuid

from django.db import models
from django.db.models import Q

from accounts.models import TenantOwnedModel, User


class EventType(models.TextChoices):
    APPLICATION_CREATED = "application.created"
    APPLICATION_SCORED = "application.scored"
    APPLICATION_FAILED = "application.failed"
    APPLICATION_STATUS_CHANGED = "application.status_changed"
    JOB_CREATED = "job.created"
    JOB_UPDATED = "job.updated"
    JOB_DELETED = "job.deleted"
    CANDIDATE_ERASED = "candidate.erased"
    ASSESSMENT_COMPLETED = "assessment.completed"
    MEMBER_INVITED = "member.invited"
    MEMBER_JOINED = "member.joined"
    MEMBER_REMOVED = "member.removed"


# Sent by POST /webhooks/:id/test only; never an Event row, so never fanned out to other endpoints.
TEST_EVENT_TYPE = "webhook.test"
# An endpoint subscribed to this receives every event type, including types added later.
ALL_EVENTS = "*"


class Event(TenantOwnedModel):
    """Something that happened in a tenant, with a thin payload of ids (never personal data)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=60, choices=EventType.choices)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the relay handed it to delivery; null while pending."
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["tenant", "type", "-created_at"], name="event_tenant_type_created"),
            models.Index(
                fields=["created_at"], condition=Q(published_at__isnull=True), name="event_unpublished"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class WebhookEndpoint(TenantOwnedModel):
    """A URL of the tenant's that receives signed deliveries of the event types it subscribed to.

    The secret is stored encrypted (webhooks/crypto.py), shown once at creation or rotation. After a
    rotation the previous secret keeps signing, beside the new one, until ``previous_secret_expires_at``.
    An endpoint is disabled by its owner, by a 410 answer, or after failing for days on end
    (``failing_since``); ``disabled_reason`` says which.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.CharField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text='Event types, or ["*"] for all of them.')
    enabled = models.BooleanField(default=True)
    secret_encrypted = models.TextField(editable=False)
    previous_secret_encrypted = models.TextField(blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(
        null=True, blank=True, help_text="First failed attempt since the last success; null while healthy."
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "enabled"], name="webhook_endpoint_enabled")]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return ALL_EVENTS in self.events or event_type in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SUCCEEDED = "SUCCEEDED", "Succeeded"
    FAILED = "FAILED", "Failed"


class WebhookDelivery(TenantOwnedModel):
    """One event (or test message) for one endpoint, with the exact body every attempt sends.

    ``message_id`` is the ``webhook-id`` header: the same on every retry and on manual redelivery, so
    receivers can drop duplicates. While PENDING, ``next_attempt_at`` is when the next attempt is due
    (or, once an attempt is queued or running, when it is presumed lost and queued again).
    ``attempt_count`` counts all attempts; ``sequence_start`` is how many came before the latest
    redelivery, so the retry schedule restarts from its first step after one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=60)
    body = models.TextField(help_text="The JSON payload, byte for byte as signed and sent.")
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    sequence_start = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "message_id"], name="webhook_delivery_unique_message"
            ),
            models.CheckConstraint(
                condition=~Q(status="PENDING") | Q(next_attempt_at__isnull=False),
                name="webhook_delivery_pending_is_scheduled",
            ),
        ]
        indexes = [
            # The dispatcher's query: pending deliveries whose next attempt is due.
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="PENDING"), name="webhook_delivery_due"
            ),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id} → {self.endpoint_id}"

    @property
    def is_test(self) -> bool:
        return self.event_type == TEST_EVENT_TYPE


class WebhookAttempt(TenantOwnedModel):
    """One HTTP try of a delivery: when, what came back (or why nothing did), how long it took."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(help_text="1 for the first attempt of the delivery, and so on.")
    manual = models.BooleanField(
        default=False, help_text="Started by a redelivery or a test, not the schedule."
    )
    at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.TextField(blank=True, help_text="The first KiB of the response body.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_unique_number")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}: {self.status_code or self.error}"
