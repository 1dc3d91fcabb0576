"""The @mention email: a member named in a team note gets a link to the application's page.

The email carries no candidate data (no name, no note text): it may sit in a mailbox for years, and the
page behind the link checks who is signed in.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from candidates.services.notes import note_mention_recipient
from hiresscope.mail import email_send


def note_link(note) -> str:
    path = reverse("dashboard:application", kwargs={"application_id": note.application_id})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}#note-{note.pk}"


def note_mention_email_send(*, note_id: str, user_id: str) -> bool:
    """Email one mentioned member about a note; False when there is nothing to send any more."""
    found = note_mention_recipient(note_id=note_id, user_id=user_id)
    if found is None:
        return False
    note, user = found
    context = {
        "author": note.author_label,
        "company": note.tenant.name,
        "job_title": note.application.job.title,
        "link": note_link(note),
    }
    body = render_to_string("candidates/email/note_mention.txt", context)
    email_send(
        subject=f"{note.author_label} mentioned you in a note on HireScope", body=body, to=[user.email]
    )
    return True
