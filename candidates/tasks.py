"""Celery entry points for CV processing. They take ids, re-fetch, and call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from candidates import services

# Only infrastructure hiccups are retried; a CV that cannot be read is a result (FAILED), not an error.
_TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
)
def application_parse(self, application_id: str) -> None:
    """Extract text and profile from the application's CV, then queue its scoring."""
    # A retry or a redelivery after a lost worker resumes the parse this same message had claimed.
    resume = self.request.retries > 0 or bool((self.request.delivery_info or {}).get("redelivered"))
    services.application_parse(application_id=application_id, resume=resume)
