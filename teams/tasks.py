"""Celery entry points for teams: take ids, re-fetch, call a service."""

from celery import shared_task

from teams import emails


@shared_task(
    name="teams.tasks.invitation_send",
    autoretry_for=(OSError,),  # SMTP outages and refused connections; a bad address is not retried
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def invitation_send(invitation_id: str) -> None:
    """Email a pending invitation's link (a new one each time: a retry ends the link of a failed send)."""
    emails.invitation_email_send(invitation_id=invitation_id)
