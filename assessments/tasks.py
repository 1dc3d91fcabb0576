"""Celery entry points of the assessments app: take ids, re-fetch, call a service."""

from celery import shared_task

from assessments import emails, services
from hiresscope.mail import EMAIL_TASK_OPTIONS


@shared_task(name="assessments.tasks.invitation_email", **EMAIL_TASK_OPTIONS)
def invitation_email(invitation_id: str) -> bool:
    """Email the invitation with a freshly minted single-use link (nothing when it can no longer be taken)."""
    return emails.invitation_email_send(invitation_id=invitation_id)


@shared_task(name="assessments.tasks.invitation_reminder", **EMAIL_TASK_OPTIONS)
def invitation_reminder(invitation_id: str) -> bool:
    """Remind an invitee who has not started, a day before the link expires (once)."""
    return emails.invitation_email_send(invitation_id=invitation_id, reminder=True)


@shared_task(name="assessments.tasks.invitations_sweep", soft_time_limit=120, time_limit=150)
def invitations_sweep() -> dict:
    """Beat: finish attempts whose time ran out and queue reminders."""
    return services.invitations_sweep()
