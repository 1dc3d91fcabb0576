"""Celery entry points for accounts: take ids, re-fetch, call a service."""

from celery import shared_task

from accounts import emails


@shared_task(
    name="accounts.tasks.candidate_email_send",
    autoretry_for=(OSError,),  # SMTP outages and refused connections; a bad address is not retried
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def candidate_email_send(user_id: str, kind: str) -> None:
    """Send one of the candidate emails (``verify_email``, ``password_reset``) to the account's address."""
    emails.candidate_email_send(user_id=user_id, kind=kind)
