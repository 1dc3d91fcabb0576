"""Celery entry points for CV processing. They take ids, re-fetch, and call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from candidates import emails, pipeline, privacy
from candidates.services import submission
from hiresscope.mail import EMAIL_TASK_OPTIONS

# Only infrastructure hiccups are retried; a CV that cannot be read is a result (FAILED), not an error.
_TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="candidates.tasks.application_parse",
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
    """The pipeline's parse step: extract text and profile from the CV, then hand it to scoring."""
    # A retry or a redelivery after a lost worker resumes the parse this same message had claimed.
    resume = self.request.retries > 0 or bool((self.request.delivery_info or {}).get("redelivered"))
    pipeline.application_parse(application_id=application_id, resume=resume)


@shared_task(
    name="candidates.tasks.retention_sweep_all",
    autoretry_for=_TRANSIENT,
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=3000,
    time_limit=3300,
)
def retention_sweep_all() -> int:
    """Anonymise every tenant's candidates past its retention period (run by ``celery beat``)."""
    from accounts.models import Tenant

    return sum(privacy.retention_sweep(tenant=tenant) for tenant in Tenant.objects.order_by("pk").iterator())


@shared_task(
    name="candidates.tasks.application_receipt_send",
    autoretry_for=(OSError,),  # SMTP outages; a bad address is not retried
    retry_backoff=30,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def application_receipt_send(application_id: str) -> None:
    """Email the candidate that their application arrived."""
    submission.application_receipt_send(application_id=application_id)


@shared_task(
    name="candidates.tasks.pipeline_sweep",
    autoretry_for=_TRANSIENT,
    retry_backoff=30,
    max_retries=3,
    soft_time_limit=240,
    time_limit=300,
)
def pipeline_sweep() -> dict:
    """Re-queue applications stuck in processing, fail those restarted too often (run by ``celery beat``)."""
    counts = pipeline.stalled_sweep()
    return {"requeued": counts.requeued, "failed": counts.failed, "waiting": counts.waiting}


@shared_task(
    name="candidates.tasks.note_mention_notify",
    **EMAIL_TASK_OPTIONS,
)
def note_mention_notify(note_id: str, user_id: str) -> None:
    """Email a member @mentioned in a team note (nothing when the note or their membership is gone)."""
    emails.note_mention_email_send(note_id=note_id, user_id=user_id)
