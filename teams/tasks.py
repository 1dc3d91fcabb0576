"""Celery entry points for teams: take ids, re-fetch, call a service."""

from celery import shared_task

from hiresscope.mail import EMAIL_TASK_OPTIONS
from teams import emails


@shared_task(
    name="teams.tasks.invitation_send",
    **EMAIL_TASK_OPTIONS,
)
def invitation_send(invitation_id: str) -> None:
    """Email a pending invitation's link (a new one each time: a retry ends the link of a failed send)."""
    emails.invitation_email_send(invitation_id=invitation_id)
