"""Writes for webhooks: the outbox, endpoints, and the delivery pipeline (docs/webhooks.md).

Other apps call ``event_record`` with plain data, inside their own transaction. From there:

1. ``events_relay`` claims unpublished events (``FOR UPDATE SKIP LOCKED``), writes one delivery per
   interested endpoint and queues the first attempts on commit. It runs on commit of every event and
   every ``WEBHOOKS_SWEEP_SECONDS`` (30) from ``celery beat`` (the sweeper), so an event whose on-commit
   hook was lost (broker down, process killed) is published by the next sweep.
2. ``delivery_attempt`` claims one numbered attempt (idempotent), signs, POSTs through
   ``hiresscope.http`` and logs the attempt; failures are rescheduled in the database.
3. ``deliveries_dispatch`` (beat, every ``WEBHOOKS_SWEEP_SECONDS``) queues attempts that are due, and
   attempts whose task was lost.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Membership, MembershipRole, Tenant
from billing import services as billing_services
from billing.models import PlanLimit
from hiresscope import http
from hiresscope.celery import send_or_defer
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError
from hiresscope.mail import email_send
from hiresscope.timefmt import utc_iso
from webhooks.crypto import secret_decrypt, secret_encrypt
from webhooks.models import (
    ALL_EVENTS,
    TEST_EVENT_TYPE,
    DeliveryStatus,
    Event,
    EventType,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from webhooks.signing import secret_generate, signature_header

logger = logging.getLogger(__name__)

# Each wait of the schedule (settings.WEBHOOKS_RETRY_DELAYS) is drawn ±20%, so retries do not arrive in herds.
RETRY_JITTER = 0.2
# A receiver's Retry-After may push the next attempt later than the schedule, up to this.
RETRY_AFTER_MAX = timedelta(hours=24)
# A queued attempt not started within this is presumed lost (broker outage) and queued again.
DISPATCH_LEASE = timedelta(minutes=3)
# A running attempt holds its delivery this long past its timeout before it is presumed dead.
ATTEMPT_LEASE_MARGIN = timedelta(seconds=60)
ROTATION_OVERLAP = timedelta(hours=24)
EXCERPT_BYTES = 1024
RELAY_BATCH = 100
DISPATCH_BATCH = 500

ATTEMPT_TASK = "delivery_attempt"
RELAY_TASK = "events_relay"
NOTIFY_TASK = "endpoint_disabled_notify"


def _enqueue(task_name: str, *args, **kwargs) -> None:
    """Queue a task; if the broker is down, log and move on: the beat sweeps find the work again."""
    from webhooks import tasks  # here: tasks import this module

    send_or_defer(getattr(tasks, task_name), *args, **kwargs)


def _payload(*, type: str, timestamp: datetime, data: dict) -> str:
    # Compact and in a fixed key order: the stored string is exactly what is signed and sent.
    return json.dumps(
        {"type": type, "timestamp": utc_iso(timestamp), "data": data},
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
    )


# -- the outbox ------------------------------------------------------------------------------------------
def event_record(*, tenant_id, type: EventType | str, data: dict) -> Event:
    """Write an event to the outbox, in the caller's transaction (it commits or rolls back with the change).

    ``data`` is thin: ids, and a score or status where relevant, never personal data.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record must run inside the transaction of the change it reports")
    event = Event.objects.create(tenant_id=tenant_id, type=EventType(type), data=data)
    # Low latency when the broker is up; the beat sweep covers the rest.
    transaction.on_commit(lambda: _enqueue(RELAY_TASK))
    return event


def events_relay(*, batch_size: int = RELAY_BATCH) -> int:
    """Publish unpublished events: one delivery per enabled endpoint of the tenant that wants the type.

    Safe to run concurrently: each batch is claimed with ``SKIP LOCKED``, and a delivery is unique per
    (endpoint, message), so a second run cannot duplicate one. Returns how many events it published.
    """
    published = 0
    while True:
        with transaction.atomic():
            events = list(
                Event.objects.select_for_update(skip_locked=True)
                .filter(published_at__isnull=True)
                .order_by("created_at")[:batch_size]
            )
            if not events:
                break
            now = timezone.now()
            endpoints: dict = {}
            for endpoint in WebhookEndpoint.objects.filter(
                tenant_id__in={event.tenant_id for event in events}, enabled=True
            ):
                endpoints.setdefault(endpoint.tenant_id, []).append(endpoint)
            deliveries = [
                WebhookDelivery(
                    tenant_id=event.tenant_id,
                    endpoint=endpoint,
                    event=event,
                    message_id=f"msg_{event.id.hex}",
                    event_type=event.type,
                    body=_payload(type=event.type, timestamp=event.created_at, data=event.data),
                    # Queued right away on commit; due again only if that task is lost.
                    next_attempt_at=now + DISPATCH_LEASE,
                )
                for event in events
                for endpoint in endpoints.get(event.tenant_id, [])
                # An endpoint created after the event did not ask for it.
                if endpoint.wants(event.type) and endpoint.created_at <= event.created_at
            ]
            WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
            Event.objects.filter(pk__in=[event.pk for event in events]).update(published_at=now)
            ids = [str(delivery.pk) for delivery in deliveries]
            transaction.on_commit(lambda ids=ids: [_enqueue(ATTEMPT_TASK, pk, 1) for pk in ids])
        published += len(events)
        if len(events) < batch_size:
            break
    return published


def history_prune(*, now: datetime | None = None, batch_size: int = 2000) -> int:
    """Delete finished deliveries (their attempts go with them) and published events older than
    ``WEBHOOKS_HISTORY_DAYS``; returns how many deliveries went. Pending deliveries are never touched,
    however old: they are still owed to the endpoint. Deleted in batches, each its own transaction.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.WEBHOOKS_HISTORY_DAYS)
    deleted = 0
    finished = WebhookDelivery.objects.filter(created_at__lt=cutoff).exclude(status=DeliveryStatus.PENDING)
    while ids := list(finished.values_list("pk", flat=True)[:batch_size]):
        WebhookDelivery.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    published = Event.objects.filter(published_at__lt=cutoff)
    while ids := list(published.values_list("pk", flat=True)[:batch_size]):
        Event.objects.filter(pk__in=ids).delete()
    return deleted


def deliveries_dispatch(*, limit: int = DISPATCH_BATCH) -> int:
    """Queue the next attempt of every pending delivery that is due (scheduled retries, lost tasks)."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__enabled=True)
            .order_by("next_attempt_at")
            .values_list("pk", "attempt_count")[:limit]
        )
        if not due:
            return 0
        # Leased, so the next dispatch does not queue them again while they wait in the queue.
        WebhookDelivery.objects.filter(pk__in=[pk for pk, _ in due]).update(
            next_attempt_at=now + DISPATCH_LEASE
        )
        transaction.on_commit(lambda: [_enqueue(ATTEMPT_TASK, str(pk), count + 1) for pk, count in due])
    return len(due)


# -- endpoints -------------------------------------------------------------------------------------------
def _checked_url(url: str) -> str:
    try:
        http.url_check(url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES)
    except http.UnsafeURLError as exc:
        raise DomainError(
            f"This URL cannot receive webhooks: {exc}", code=ErrorCode.UNSAFE_URL, fields={"url": [str(exc)]}
        ) from exc
    return url


def _normalised_events(events: list[str]) -> list[str]:
    if ALL_EVENTS in events:
        return [ALL_EVENTS]
    return sorted(set(events))


@transaction.atomic
def endpoint_create(
    *,
    tenant: Tenant,
    by: Actor,
    url: str,
    events: list[str],
    description: str = "",
    enabled: bool = True,
    ip: str | None = None,
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its secret, which is not shown again.

    The plan's webhook allowance is checked under the subscription's lock, so concurrent registrations
    cannot pass it together.
    """
    billing_services.plan_allowance_check(
        tenant_id=tenant.id,
        limit=PlanLimit.WEBHOOKS,
        in_use=lambda: WebhookEndpoint.objects.for_tenant(tenant).count(),
    )
    secret = secret_generate()
    endpoint = WebhookEndpoint.objects.create(
        tenant=tenant,
        url=_checked_url(url),
        events=_normalised_events(events),
        description=description,
        enabled=enabled,
        disabled_at=None if enabled else timezone.now(),
        disabled_reason="" if enabled else "Created disabled.",
        secret_encrypted=secret_encrypt(secret),
        created_by=by.user,
    )
    details = {"url": endpoint.url, "events": endpoint.events, "enabled": endpoint.enabled}
    _audit(endpoint, by=by, action="webhook_endpoint.created", ip=ip, details=details)
    return endpoint, secret


def _audit(endpoint: WebhookEndpoint, *, by: Actor, action: str, ip: str | None, details: dict) -> None:
    audit_record(
        tenant=endpoint.tenant,
        by=by,
        action=action,
        target_type="webhook_endpoint",
        target_id=endpoint.pk,
        details=details,
        ip=ip,
    )


@transaction.atomic
def endpoint_update(
    *, endpoint: WebhookEndpoint, by: Actor, ip: str | None = None, **changes
) -> WebhookEndpoint:
    """Change URL, events, description or enabled. Enabling clears the failure record; disabling by
    hand stops the pending deliveries (they can be redelivered one by one after re-enabling)."""
    before = {name: getattr(endpoint, name) for name in ("url", "events", "description", "enabled")}
    if "url" in changes:
        endpoint.url = _checked_url(changes["url"])
    if "events" in changes:
        endpoint.events = _normalised_events(changes["events"])
    if "description" in changes:
        endpoint.description = changes["description"]
    enabled = changes.get("enabled")
    if enabled is True and not endpoint.enabled:
        endpoint.enabled, endpoint.disabled_at, endpoint.disabled_reason = True, None, ""
        endpoint.failing_since = None
    endpoint.save()
    if enabled is False and endpoint.enabled:
        endpoint_disable(endpoint_id=endpoint.pk, reason=f"Disabled by {by.label}.", notify=False)
        endpoint.refresh_from_db()
    changed = {
        name: {"from": old, "to": getattr(endpoint, name)}
        for name, old in before.items()
        if getattr(endpoint, name) != old
    }
    if changed:
        _audit(endpoint, by=by, action="webhook_endpoint.updated", ip=ip, details=changed)
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, by: Actor, ip: str | None = None) -> None:
    """Delete an endpoint with its delivery log; nothing more is sent to it."""
    _audit(endpoint, by=by, action="webhook_endpoint.deleted", ip=ip, details={"url": endpoint.url})
    endpoint.delete()


@transaction.atomic
def endpoint_secret_rotate(
    *, endpoint: WebhookEndpoint, by: Actor, ip: str | None = None
) -> tuple[WebhookEndpoint, str]:
    """Give the endpoint a new secret; the current one keeps signing beside it for 24 hours.

    Rotating again within those hours drops the oldest secret: only two are ever valid.
    """
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = secret_generate()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = timezone.now() + ROTATION_OVERLAP
    endpoint.secret_encrypted = secret_encrypt(secret)
    endpoint.save()
    _audit(endpoint, by=by, action="webhook_endpoint.secret_rotated", ip=ip, details={"url": endpoint.url})
    return endpoint, secret


def endpoint_signing_secrets(*, endpoint: WebhookEndpoint, now: datetime | None = None) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and the previous one during overlap."""
    now = now or timezone.now()
    secrets_ = [secret_decrypt(endpoint.secret_encrypted)]
    if endpoint.previous_secret_encrypted and (endpoint.previous_secret_expires_at or now) > now:
        secrets_.append(secret_decrypt(endpoint.previous_secret_encrypted))
    return secrets_


def endpoint_disable(*, endpoint_id, reason: str, notify: bool = True) -> bool:
    """Disable an endpoint and stop its pending deliveries; tell the tenant's owners when ``notify``.

    Returns False when it was already disabled (then nobody is told twice).
    """
    now = timezone.now()
    with transaction.atomic():
        changed = WebhookEndpoint.objects.filter(pk=endpoint_id, enabled=True).update(
            enabled=False, disabled_at=now, disabled_reason=reason[:300], updated_at=now
        )
        WebhookDelivery.objects.filter(endpoint_id=endpoint_id, status=DeliveryStatus.PENDING).exclude(
            event_type=TEST_EVENT_TYPE
        ).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error="Not sent: the endpoint was disabled.",
            updated_at=now,
        )
        if changed and notify:
            transaction.on_commit(lambda: _enqueue(NOTIFY_TASK, str(endpoint_id)))
    if changed:
        logger.info("Webhook endpoint %s disabled: %s", endpoint_id, reason)
    return bool(changed)


def endpoint_disabled_notify(*, endpoint_id) -> int:
    """Email the owners and admins of the endpoint's tenant why it was disabled; returns how many."""
    endpoint = WebhookEndpoint.objects.select_related("tenant").filter(pk=endpoint_id, enabled=False).first()
    if endpoint is None:
        return 0
    recipients = sorted(
        Membership.objects.for_tenant(endpoint.tenant)
        .filter(role__in=[MembershipRole.OWNER, MembershipRole.ADMIN], user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    body = render_to_string(
        "webhooks/email/endpoint_disabled.txt",
        {"endpoint": endpoint, "tenant": endpoint.tenant, "base_url": settings.PUBLIC_BASE_URL.rstrip("/")},
    )
    email_send(subject="A webhook endpoint was disabled", body=body, to=recipients)
    return len(recipients)


# -- deliveries ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Outcome:
    at: datetime
    status_code: int | None = None
    latency_ms: int | None = None
    error: str = ""
    excerpt: str = ""
    retry_after: timedelta | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _retry_after(value: str | None, now: datetime) -> timedelta | None:
    """``Retry-After`` as seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(moment - now, timedelta(0))


def _send(delivery: WebhookDelivery, endpoint: WebhookEndpoint, *, timeout: float) -> _Outcome:
    at = timezone.now()
    try:
        secrets_ = endpoint_signing_secrets(endpoint=endpoint, now=at)
    except InvalidToken:
        logger.error(
            "Webhook endpoint %s: secret cannot be decrypted with WEBHOOKS_ENCRYPTION_KEYS", endpoint.pk
        )
        return _Outcome(
            at=at, error="Not sent: the endpoint's secret cannot be decrypted (key configuration)."
        )
    timestamp = int(at.timestamp())
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(secrets_, delivery.message_id, timestamp, body),
    }
    started = time.monotonic()
    try:
        response = http.post(
            endpoint.url,
            body=body,
            headers=headers,
            timeout=timeout,
            allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES,
        )
    except http.UnsafeURLError as exc:
        return _Outcome(at=at, error=f"Not sent (unsafe URL): {exc}"[:300])
    except http.RequestFailed as exc:
        latency = int((time.monotonic() - started) * 1000)
        return _Outcome(at=at, latency_ms=latency, error=f"{exc.kind}: {exc}"[:300])
    except Exception:
        # A failure we did not foresee must still be an attempt in the log that the retry schedule
        # follows: raising here would leave the delivery claimed and pending with nothing recorded.
        logger.exception("Webhook delivery %s: unexpected error while sending", delivery.pk)
        latency = int((time.monotonic() - started) * 1000)
        return _Outcome(at=at, latency_ms=latency, error="internal: the request could not be sent.")
    error = ""
    if 300 <= response.status < 400:
        location = response.headers.get("location", "")
        error = f"Redirect not followed (Location: {location})"[:300]
    elif not 200 <= response.status < 300:
        error = f"HTTP {response.status}"
    return _Outcome(
        at=at,
        status_code=response.status,
        latency_ms=response.elapsed_ms,
        error=error,
        excerpt=response.body[:EXCERPT_BYTES].decode("utf-8", "replace"),
        retry_after=_retry_after(response.headers.get("retry-after"), at),
    )


def retry_delays() -> tuple[timedelta, ...]:
    """The wait after each failed attempt of a sequence (``WEBHOOKS_RETRY_DELAYS``), before jitter."""
    return tuple(timedelta(seconds=seconds) for seconds in settings.WEBHOOKS_RETRY_DELAYS)


def _next_delay(attempts_in_sequence: int, retry_after: timedelta | None) -> timedelta | None:
    """When to try again after the n-th failed attempt of a sequence; None when the schedule is done."""
    delays = retry_delays()
    if attempts_in_sequence > len(delays):
        return None
    base = delays[attempts_in_sequence - 1]
    delay = base * random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_MAX))
    return delay


def delivery_attempt(
    *, delivery_id, number: int, manual: bool = False, timeout: float | None = None
) -> WebhookAttempt | None:
    """Make attempt ``number`` of a delivery, log it and schedule what follows; idempotent.

    Only the task that moves ``attempt_count`` from ``number - 1`` to ``number`` sends anything, so a
    duplicate message (a redelivered task, a second dispatch) sends nothing. Returns the logged
    attempt, or None when this attempt was not ours to make.
    """
    timeout = float(timeout or settings.WEBHOOKS_TIMEOUT_SECONDS)
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, attempt_count=number - 1
    ).update(
        attempt_count=number,
        next_attempt_at=now + timedelta(seconds=timeout) + ATTEMPT_LEASE_MARGIN,
        updated_at=now,
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.enabled and not delivery.is_test:
        WebhookDelivery.objects.filter(pk=delivery.pk, attempt_count=number).update(
            status=DeliveryStatus.FAILED,
            next_attempt_at=None,
            last_error="Not sent: the endpoint is disabled.",
        )
        return None
    outcome = _send(delivery, endpoint, timeout=timeout)
    with transaction.atomic():
        attempt = WebhookAttempt.objects.create(
            tenant_id=delivery.tenant_id,
            delivery=delivery,
            number=number,
            manual=manual,
            at=outcome.at,
            succeeded=outcome.succeeded,
            status_code=outcome.status_code,
            latency_ms=outcome.latency_ms,
            error=outcome.error,
            response_excerpt=outcome.excerpt,
        )
        _settle(delivery, number=number, outcome=outcome)
    return attempt


def _settle(delivery: WebhookDelivery, *, number: int, outcome: _Outcome) -> None:
    """Write what attempt ``number`` means for the delivery and its endpoint's health."""
    now = timezone.now()
    common = {
        "last_attempt_at": outcome.at,
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
        "updated_at": now,
    }
    # A redelivery started while this attempt ran owns the delivery's state now: only log this one.
    current = WebhookDelivery.objects.filter(pk=delivery.pk, attempt_count=number)
    endpoint_id = delivery.endpoint_id
    if outcome.succeeded:
        current.update(
            status=DeliveryStatus.SUCCEEDED, succeeded_at=outcome.at, next_attempt_at=None, **common
        )
        if not delivery.is_test:
            WebhookEndpoint.objects.filter(pk=endpoint_id, failing_since__isnull=False).update(
                failing_since=None
            )
        return
    if delivery.is_test:  # a test reports its one attempt; it is not retried and does not judge the endpoint
        current.update(status=DeliveryStatus.FAILED, next_attempt_at=None, **common)
        return
    if outcome.status_code == 410:
        current.update(status=DeliveryStatus.FAILED, next_attempt_at=None, **common)
        endpoint_disable(
            endpoint_id=endpoint_id, reason="The endpoint answered 410 Gone: it asked for no more deliveries."
        )
        return
    delay = _next_delay(number - delivery.sequence_start, outcome.retry_after)
    if delay is None:
        current.update(status=DeliveryStatus.FAILED, next_attempt_at=None, **common)
    else:
        current.update(next_attempt_at=now + delay, **common)
    WebhookEndpoint.objects.filter(pk=endpoint_id, failing_since__isnull=True).update(
        failing_since=outcome.at
    )
    failing_since = (
        WebhookEndpoint.objects.filter(pk=endpoint_id).values_list("failing_since", flat=True).first()
    )
    limit = timedelta(hours=settings.WEBHOOKS_DISABLE_AFTER_HOURS)
    if failing_since is not None and now - failing_since >= limit:
        endpoint_disable(
            endpoint_id=endpoint_id,
            reason=f"Every delivery failed for {settings.WEBHOOKS_DISABLE_AFTER_HOURS} hours; "
            f"last error: {outcome.error or 'none'}",
        )


def delivery_redeliver(*, delivery: WebhookDelivery, by: Actor) -> WebhookDelivery:
    """Send a delivery again, with the same ``webhook-id`` and body: a new attempt sequence, now.

    Allowed in any state (a receiver may have lost a delivery it acknowledged); a disabled endpoint
    must be enabled first (409 ``endpoint_disabled``).
    """
    if not delivery.endpoint.enabled and not delivery.is_test:
        raise ConflictError(
            "The endpoint is disabled; enable it before redelivering.", code=ErrorCode.ENDPOINT_DISABLED
        )
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        now = timezone.now()
        number = locked.attempt_count + 1
        WebhookDelivery.objects.filter(pk=locked.pk).update(
            status=DeliveryStatus.PENDING,
            sequence_start=locked.attempt_count,
            next_attempt_at=now + DISPATCH_LEASE,
            updated_at=now,
        )
        transaction.on_commit(lambda: _enqueue(ATTEMPT_TASK, str(locked.pk), number, manual=True))
    delivery.refresh_from_db()
    return delivery


def endpoint_test(*, endpoint: WebhookEndpoint, by: Actor) -> WebhookDelivery:
    """Send a ``webhook.test`` message now and wait for the answer (short timeout); no retries.

    Works on a disabled endpoint too, so a fix can be checked before enabling it again. The attempt
    is in the delivery log like any other.
    """
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        tenant_id=endpoint.tenant_id,
        endpoint=endpoint,
        message_id=f"msg_{uuid.uuid4().hex}",
        event_type=TEST_EVENT_TYPE,
        body=_payload(
            type=TEST_EVENT_TYPE,
            timestamp=now,
            data={"endpointId": str(endpoint.pk), "message": "A test event from HireScope."},
        ),
        next_attempt_at=now,
    )
    delivery_attempt(
        delivery_id=delivery.pk, number=1, manual=True, timeout=settings.WEBHOOKS_TEST_TIMEOUT_SECONDS
    )
    delivery.refresh_from_db()
    return delivery
