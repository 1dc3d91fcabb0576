"""The one way HireScope sends email: plain text through Django's email framework.

A subject is one header line. Text from tenants (a job title, a company name) reaches subjects, and a
line break in it makes Django refuse the whole message (``BadHeaderError``); inputs are checked to be
single-line (``hiresscope.serializer_fields``), and this is the second line of defence for text that
arrived another way (the admin, older rows): control characters become spaces, runs of spaces one.
"""

import re

from django.conf import settings
from django.core.mail import send_mail

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
MAX_SUBJECT_LENGTH = 200
# How every task that sends one email runs (``@shared_task(name=..., **EMAIL_TASK_OPTIONS)``): SMTP
# outages and refused connections are retried with backoff; a bad address is not.
EMAIL_TASK_OPTIONS = {
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "soft_time_limit": 30,
    "time_limit": 60,
}


def subject_line(text: str) -> str:
    """``text`` as one header line of at most ``MAX_SUBJECT_LENGTH`` characters."""
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= MAX_SUBJECT_LENGTH else line[: MAX_SUBJECT_LENGTH - 1] + "…"


def email_send(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email to ``to`` from ``DEFAULT_FROM_EMAIL``; returns how many were sent."""
    return send_mail(subject_line(subject), body, settings.DEFAULT_FROM_EMAIL, to)
