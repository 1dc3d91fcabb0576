"""Celery entry points for webhooks (queue ``webhooks``): take ids, call a service.

HTTP failures are not Celery retries: the retry schedule lives in the database
(``WebhookDelivery.next_attempt_at``) and ``deliveries_dispatch`` queues what is due, so a retry
three days out is a row, not a message held by the broker.
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from webhooks import services

_TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="webhooks.tasks.events_relay",
    autoretry_for=_TRANSIENT,
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
)
def events_relay() -> int:
    """Turn unpublished outbox events into deliveries (on commit of each event, and each beat sweep)."""
    return services.events_relay()


@shared_task(
    name="webhooks.tasks.history_prune",
    autoretry_for=_TRANSIENT,
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=1800,
    time_limit=1900,
)
def history_prune() -> int:
    """Delete webhook history past ``WEBHOOKS_HISTORY_DAYS`` (run by ``celery beat`` daily)."""
    return services.history_prune()


@shared_task(
    name="webhooks.tasks.deliveries_dispatch",
    autoretry_for=_TRANSIENT,
    retry_backoff=5,
    max_retries=3,
    soft_time_limit=60,
    time_limit=90,
)
def deliveries_dispatch() -> int:
    """Queue every delivery attempt that is due (each beat sweep, ``WEBHOOKS_SWEEP_SECONDS``)."""
    return services.deliveries_dispatch()


@shared_task(
    name="webhooks.tasks.delivery_attempt",
    # No autoretry: the claim has counted the attempt, and the dispatcher re-queues a lost one.
    soft_time_limit=settings.WEBHOOKS_TIMEOUT_SECONDS + 30,
    time_limit=settings.WEBHOOKS_TIMEOUT_SECONDS + 60,
    acks_late=True,
)
def delivery_attempt(delivery_id: str, number: int, manual: bool = False) -> bool:
    """Make attempt ``number`` of one delivery (a duplicate message does nothing)."""
    return services.delivery_attempt(delivery_id=delivery_id, number=number, manual=manual) is not None


@shared_task(
    name="webhooks.tasks.endpoint_disabled_notify",
    autoretry_for=(OSError,),  # SMTP outages
    retry_backoff=30,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def endpoint_disabled_notify(endpoint_id: str) -> int:
    """Email the tenant's owners and admins that an endpoint was disabled, and why."""
    return services.endpoint_disabled_notify(endpoint_id=endpoint_id)
