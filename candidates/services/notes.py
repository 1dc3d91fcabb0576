"""Team notes on an application, with @mentions that email the members they name.

A mention is ``@`` followed by a member's email (``@dana@acme.test``), or by the part of it before the
``@`` (``@dana``) when exactly one member of the company has that local part; anything else stays plain
text (an ambiguous ``@dana`` names nobody rather than the wrong person). Only current members of the
application's company can be mentioned, so a note never mails outside the team. The author is never
emailed about their own note.
"""

import re

from django.db import transaction

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Membership, Tenant, User
from candidates.models import NOTE_MAX_LENGTH, Application, ApplicationNote
from hiresscope.celery import send_after_commit
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError, NotFoundError

# ``@`` at the start or after a space or an opening bracket (not inside an email address), then an email
# or a bare local part. A trailing full stop ends a sentence, not the name.
_MENTION = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[]))@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})?)"
)


def mention_tokens(body: str) -> list[str]:
    """The names written after ``@`` in ``body``, lower-cased, in order, each once."""
    seen: dict[str, None] = {}
    for match in _MENTION.finditer(body):
        seen.setdefault(match.group(1).rstrip(".").lower(), None)
    return [token for token in seen if token]


def mentioned_members(*, tenant: Tenant, body: str) -> list[User]:
    """The tenant's current members that ``body`` @mentions (by email, or by a local part that is unique)."""
    tokens = mention_tokens(body)
    if not tokens:
        return []
    members = list(User.objects.filter(memberships__tenant=tenant).distinct())
    by_email = {user.email.lower(): user for user in members}
    by_local: dict[str, list[User]] = {}
    for user in members:
        by_local.setdefault(user.email.lower().split("@", 1)[0], []).append(user)
    found: dict = {}
    for token in tokens:
        user = by_email.get(token)
        if user is None and "@" not in token and len(by_local.get(token, [])) == 1:
            user = by_local[token][0]
        if user is not None:
            found.setdefault(user.pk, user)
    return list(found.values())


def note_add(*, tenant: Tenant, application_id, by: Actor, body: str) -> ApplicationNote:
    """Add a note to an application and email the members it @mentions (after commit, by a task).

    Refused: an empty note or one over ``NOTE_MAX_LENGTH`` characters (400 ``validation_error``), another
    tenant's application (404). Notes need a person behind them (a member, or an API key's creator).
    """
    body = body.strip()
    if not body:
        raise DomainError(
            "Write something in the note.", code=ErrorCode.VALIDATION_ERROR, fields={"body": ["Required."]}
        )
    if len(body) > NOTE_MAX_LENGTH:
        raise DomainError(
            f"A note holds at most {NOTE_MAX_LENGTH} characters.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"body": [f"At most {NOTE_MAX_LENGTH} characters."]},
        )
    if by.user is None:
        raise ValueError("A note needs a person (by=): notes are written by team members.")
    application = (
        Application.objects.for_tenant(tenant).filter(pk=application_id).only("id", "job_id").first()
    )
    if application is None:
        raise NotFoundError("Application not found.")
    mentioned = mentioned_members(tenant=tenant, body=body)
    with transaction.atomic():
        note = ApplicationNote.objects.create(
            tenant=tenant,
            application_id=application.pk,
            author=by.user,
            author_label=(by.user.full_name or by.user.email)[:200],
            body=body,
        )
        note.mentions.set(mentioned)
        # The body is free text about a person: the trail says a note exists, never what it says.
        audit_record(
            tenant=tenant,
            by=by,
            action="application.note_added",
            target_type="application",
            target_id=application.pk,
            details={"noteId": str(note.pk), "mentions": len(mentioned)},
        )
        to_notify = [str(user.pk) for user in mentioned if user.pk != by.user.pk]
        if to_notify:
            _notify_on_commit(note_id=str(note.pk), user_ids=to_notify)
    return note


def _notify_on_commit(*, note_id: str, user_ids: list[str]) -> None:
    from candidates.tasks import note_mention_notify

    for user_id in user_ids:
        send_after_commit(note_mention_notify, note_id, user_id)


def note_mention_recipient(*, note_id, user_id) -> tuple[ApplicationNote, User] | None:
    """The note and the mentioned user to email, or None when there is nothing to send any more: the note
    is gone (its application erased or deleted) or the user has left the company since."""
    note = ApplicationNote.objects.select_related("tenant", "application__job").filter(pk=note_id).first()
    if note is None or not note.mentions.filter(pk=user_id).exists():
        return None
    if not Membership.objects.filter(tenant_id=note.tenant_id, user_id=user_id).exists():
        return None
    return note, User.objects.get(pk=user_id)
