"""Celery entry points for accounts: take ids, re-fetch, call a service."""

from celery import shared_task
from django.db import OperationalError

from accounts import audit, emails
from hiresscope.mail import EMAIL_TASK_OPTIONS


@shared_task(
    name="accounts.tasks.candidate_email_send",
    **EMAIL_TASK_OPTIONS,
)
def candidate_email_send(user_id: str, kind: str) -> None:
    """Send one of the candidate emails (``verify_email``, ``password_reset``) to the account's address."""
    emails.candidate_email_send(user_id=user_id, kind=kind)


@shared_task(
    name="accounts.tasks.audit_purge",
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=1800,
    time_limit=1900,
)
def audit_purge() -> int:
    """Delete audit entries older than ``AUDIT_RETENTION_DAYS`` (run by ``celery beat`` daily)."""
    return audit.audit_purge()
