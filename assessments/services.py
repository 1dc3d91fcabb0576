"""Writes of the assessments app: definitions and their versions, invitations, taking, marking.

Taking an assessment is the candidate's side: the careers pages call ``attempt_*`` with the invitation
the link's token found (``invitation_for_token``); every moment is the server's (``now``), and a save
after the deadline is refused and ends the attempt. The employer's side (definitions, invitations,
reviews) takes ``tenant=`` and ``by=`` like every service.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Tenant
from assessments import marking
from assessments.content import content_errors, normalised, question_by_id, questions
from assessments.library import LIBRARY
from assessments.models import (
    AnswerMarking,
    AssessmentAnswer,
    AssessmentDefinition,
    AssessmentInvitation,
    AssessmentStatus,
    AssessmentVersion,
    CompletionReason,
    ProctoringSignal,
    SignalKind,
)
from billing.models import UsageMetric
from billing.services import usage_consume
from candidates.models import Application, Candidate
from candidates.services.people import candidate_survivor, candidate_upsert
from hiresscope.celery import send_after_commit, send_or_defer
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from hiresscope.timefmt import utc_iso
from webhooks.models import EventType
from webhooks.services import event_record

logger = logging.getLogger(__name__)

DEFAULT_EXPIRY_DAYS = 7
MAX_EXPIRY_DAYS = 60
MAX_EXTRA_TIME_PERCENT = 200
MAX_INVITES_PER_REQUEST = 200
# A save that arrives this long after the deadline still counts (the request left the browser in time).
DEADLINE_GRACE = timedelta(seconds=5)
REMIND_BEFORE = timedelta(hours=24)
MAX_RECORDING_BYTES = 10 * 1024 * 1024
MAX_TEXT_ANSWER = 10_000


class AssessmentLinkError(DomainError):
    """The link is unknown, expired or used up: the candidate is told which, in plain words."""

    status_code = 404
    code = ErrorCode.ASSESSMENT_LINK_INVALID


class AttemptClosedError(ConflictError):
    code = ErrorCode.ASSESSMENT_CLOSED


def _invalid(message: str, fields: dict) -> DomainError:
    return DomainError(message, code=ErrorCode.VALIDATION_ERROR, fields=fields)


# -- definitions -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rules:
    """What a version holds besides its questions."""

    time_limit_minutes: int
    pass_threshold: int
    low_pass_threshold: int

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not isinstance(self.time_limit_minutes, int) or not 1 <= self.time_limit_minutes <= 240:
            errors["timeLimitMinutes"] = ["A whole number of minutes from 1 to 240."]
        for name, value in (
            ("passThreshold", self.pass_threshold),
            ("lowPassThreshold", self.low_pass_threshold),
        ):
            if not isinstance(value, int) or not 0 <= value <= 100:
                errors[name] = ["A whole number from 0 to 100."]
        if not errors and self.low_pass_threshold > self.pass_threshold:
            errors["lowPassThreshold"] = ["At most the pass threshold."]
        return errors


def _checked(*, rules: Rules, content) -> dict:
    errors = {**rules.errors(), **content_errors(content)}
    if errors:
        first = next(iter(errors.items()))
        raise _invalid(f"Validation failed: {first[0]}: {first[1][0]}", errors)
    return normalised(content)


def _new_version(
    *, definition: AssessmentDefinition, rules: Rules, content: dict, by: Actor
) -> AssessmentVersion:
    last = definition.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = AssessmentVersion.objects.create(
        tenant_id=definition.tenant_id,
        definition=definition,
        number=last + 1,
        time_limit_minutes=rules.time_limit_minutes,
        pass_threshold=rules.pass_threshold,
        low_pass_threshold=rules.low_pass_threshold,
        content=content,
        created_by=by.user,
    )
    definition.current_version = version
    definition.save(update_fields=["current_version", "updated_at"])
    return version


def definition_create(
    *,
    tenant: Tenant,
    by: Actor,
    name: str,
    description: str = "",
    time_limit_minutes: int,
    pass_threshold: int,
    low_pass_threshold: int,
    content: dict,
    library_key: str = "",
) -> AssessmentDefinition:
    """A new assessment with its first version; 400 ``validation_error`` naming every bad field."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise _invalid(
            "Validation failed: name: give a name of up to 120 characters.",
            {"name": ["Required, up to 120 characters."]},
        )
    rules = Rules(time_limit_minutes, pass_threshold, low_pass_threshold)
    content = _checked(rules=rules, content=content)
    with transaction.atomic():
        definition = AssessmentDefinition.objects.create(
            tenant=tenant, name=name, description=(description or "").strip(), library_key=library_key
        )
        _new_version(definition=definition, rules=rules, content=content, by=by)
        audit_record(
            tenant=tenant,
            by=by,
            action="assessment.created",
            target_type="assessment",
            target_id=definition.pk,
            details={"name": name, "libraryKey": library_key},
        )
    return definition


def _definition_locked(*, tenant: Tenant, definition_id) -> AssessmentDefinition:
    definition = (
        AssessmentDefinition.objects.for_tenant(tenant).select_for_update().filter(pk=definition_id).first()
    )
    if definition is None:
        raise NotFoundError("Assessment not found.")
    return definition


def definition_update(
    *,
    tenant: Tenant,
    by: Actor,
    definition_id,
    name: str | None = None,
    description: str | None = None,
    time_limit_minutes: int | None = None,
    pass_threshold: int | None = None,
    low_pass_threshold: int | None = None,
    content: dict | None = None,
) -> AssessmentDefinition:
    """Change a definition. Rules or questions changed on a version someone was invited to make a new
    version (invitations keep theirs); an unused version is changed in place."""
    with transaction.atomic():
        definition = _definition_locked(tenant=tenant, definition_id=definition_id)
        changed: list[str] = []
        if name is not None:
            name = name.strip()
            if not name or len(name) > 120:
                raise _invalid(
                    "Validation failed: name: give a name of up to 120 characters.",
                    {"name": ["Required, up to 120 characters."]},
                )
            definition.name = name
            changed.append("name")
        if description is not None:
            definition.description = description.strip()
            changed.append("description")
        if changed:
            definition.save(update_fields=[*changed, "updated_at"])
        current = definition.current_version
        rules = Rules(
            current.time_limit_minutes if time_limit_minutes is None else time_limit_minutes,
            current.pass_threshold if pass_threshold is None else pass_threshold,
            current.low_pass_threshold if low_pass_threshold is None else low_pass_threshold,
        )
        old_rules = Rules(current.time_limit_minutes, current.pass_threshold, current.low_pass_threshold)
        new_content = _checked(rules=rules, content=current.content if content is None else content)
        if rules != old_rules or new_content != current.content:
            if current.invitations.exists():
                _new_version(definition=definition, rules=rules, content=new_content, by=by)
            else:
                AssessmentVersion.objects.filter(pk=current.pk).update(
                    time_limit_minutes=rules.time_limit_minutes,
                    pass_threshold=rules.pass_threshold,
                    low_pass_threshold=rules.low_pass_threshold,
                    content=new_content,
                )
            changed.append("version")
        if changed:
            audit_record(
                tenant=tenant,
                by=by,
                action="assessment.updated",
                target_type="assessment",
                target_id=definition.pk,
                details={"changed": changed, "version": definition.current_version.number},
            )
    definition.refresh_from_db()
    return definition


def definition_archive(
    *, tenant: Tenant, by: Actor, definition_id, archived: bool = True
) -> AssessmentDefinition:
    """Archive (no new invitations; attempts under way and results stay) or bring one back."""
    with transaction.atomic():
        definition = _definition_locked(tenant=tenant, definition_id=definition_id)
        if (definition.archived_at is not None) != archived:
            definition.archived_at = timezone.now() if archived else None
            definition.save(update_fields=["archived_at", "updated_at"])
            audit_record(
                tenant=tenant,
                by=by,
                action="assessment.archived" if archived else "assessment.restored",
                target_type="assessment",
                target_id=definition.pk,
            )
    return definition


def definition_duplicate(*, tenant: Tenant, by: Actor, definition_id) -> AssessmentDefinition:
    """A copy to adapt (a library assessment as the start of one's own)."""
    source = (
        AssessmentDefinition.objects.for_tenant(tenant)
        .select_related("current_version")
        .filter(pk=definition_id)
        .first()
    )
    if source is None:
        raise NotFoundError("Assessment not found.")
    version = source.current_version
    return definition_create(
        tenant=tenant,
        by=by,
        name=f"{source.name} (copy)"[:120],
        description=source.description,
        time_limit_minutes=version.time_limit_minutes,
        pass_threshold=version.pass_threshold,
        low_pass_threshold=version.low_pass_threshold,
        content=version.content,
    )


LIBRARY_ACTOR = Actor.process("assessment library")


def library_ensure(*, tenant: Tenant) -> int:
    """Give the tenant the ready-made assessments it lacks (by library key); returns how many were added.

    Cheap when there is nothing to do (one query), so the lists call it; a library assessment the tenant
    archived or edited stays as the tenant left it.
    """
    have = set(
        AssessmentDefinition.objects.for_tenant(tenant)
        .exclude(library_key="")
        .values_list("library_key", flat=True)
    )
    added = 0
    for item in LIBRARY:
        if item["libraryKey"] in have:
            continue
        try:
            with transaction.atomic():
                definition_create(
                    tenant=tenant,
                    by=LIBRARY_ACTOR,
                    name=item["name"],
                    description=item["description"],
                    time_limit_minutes=item["timeLimitMinutes"],
                    pass_threshold=item["passThreshold"],
                    low_pass_threshold=item["lowPassThreshold"],
                    content=item["content"],
                    library_key=item["libraryKey"],
                )
            added += 1
        except IntegrityError:  # another request seeded it at the same moment
            continue
    return added


# -- invitations -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InviteOutcome:
    invitation: AssessmentInvitation
    created: bool


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitees(
    *, tenant: Tenant, candidate_ids, emails, application_ids
) -> list[tuple[Candidate, Application | None]]:
    """(candidate, application) pairs to invite, each candidate once, all of this tenant (404 otherwise)."""
    pairs: dict = {}
    applications = list(
        Application.objects.for_tenant(tenant)
        .filter(pk__in=list(application_ids))
        .select_related("candidate")
    )
    if len(applications) != len(set(map(str, application_ids))):
        raise NotFoundError("Application not found.")
    for application in applications:
        if application.candidate is None:
            raise ConflictError(
                "This application has no candidate yet (its CV is still being read); invite once it is parsed.",
                details={"applicationId": str(application.pk)},
            )
        candidate = candidate_survivor(candidate=application.candidate)
        pairs.setdefault(candidate.pk, (candidate, application))
    candidates = list(Candidate.objects.for_tenant(tenant).filter(pk__in=list(candidate_ids)))
    if len(candidates) != len(set(map(str, candidate_ids))):
        raise NotFoundError("Candidate not found.")
    for candidate in candidates:
        candidate = candidate_survivor(candidate=candidate)
        pairs.setdefault(candidate.pk, (candidate, None))
    for email in emails:
        candidate = candidate_upsert(tenant=tenant, email=email, full_name=email.split("@", 1)[0])
        pairs.setdefault(candidate.pk, (candidate, None))
    for candidate, _ in pairs.values():
        if candidate.erased_at is not None or not candidate.email:
            raise ConflictError(
                "A candidate without an email address cannot be invited.",
                details={"candidateId": str(candidate.pk)},
            )
    return list(pairs.values())


def invitations_create(
    *,
    tenant: Tenant,
    by: Actor,
    definition_id,
    candidate_ids=(),
    emails=(),
    application_ids=(),
    expires_in_days: int = DEFAULT_EXPIRY_DAYS,
    extra_time_percent: int = 0,
    now: datetime | None = None,
) -> list[InviteOutcome]:
    """Invite candidates (by id, by email, or through their applications) to take an assessment.

    Inviting someone with an open invitation to it returns that one unchanged (``created`` False): the
    same link, no second email, no second charge. Each new invitation counts once against the plan's
    ``assessments`` limit; over it, nothing is created (403 ``plan_limit_exceeded``). The emails go
    after the commit, each with its own single-use link.
    """
    now = now or timezone.now()
    candidate_ids, emails, application_ids = list(candidate_ids), list(emails), list(application_ids)
    total = len(candidate_ids) + len(emails) + len(application_ids)
    if not total:
        raise _invalid(
            "Validation failed: name at least one candidate, email or application.",
            {"candidateIds": ["Name at least one candidate, email or application."]},
        )
    if total > MAX_INVITES_PER_REQUEST:
        raise _invalid(
            f"Validation failed: at most {MAX_INVITES_PER_REQUEST} invitations per request.",
            {"candidateIds": [f"At most {MAX_INVITES_PER_REQUEST} in all."]},
        )
    if not isinstance(expires_in_days, int) or not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise _invalid(
            f"Validation failed: expiresInDays: from 1 to {MAX_EXPIRY_DAYS}.",
            {"expiresInDays": [f"A whole number of days from 1 to {MAX_EXPIRY_DAYS}."]},
        )
    if not isinstance(extra_time_percent, int) or not 0 <= extra_time_percent <= MAX_EXTRA_TIME_PERCENT:
        raise _invalid(
            f"Validation failed: extraTimePercent: from 0 to {MAX_EXTRA_TIME_PERCENT}.",
            {"extraTimePercent": [f"A whole number from 0 to {MAX_EXTRA_TIME_PERCENT}."]},
        )
    outcomes: list[InviteOutcome] = []
    with transaction.atomic():
        definition = _definition_locked(tenant=tenant, definition_id=definition_id)
        if definition.archived_at is not None:
            raise ConflictError(
                "This assessment is archived; restore it to invite candidates.",
                code=ErrorCode.ASSESSMENT_ARCHIVED,
            )
        for candidate, application in _invitees(
            tenant=tenant, candidate_ids=candidate_ids, emails=emails, application_ids=application_ids
        ):
            existing = (
                AssessmentInvitation.objects.filter(definition=definition, candidate=candidate)
                .exclude(status=AssessmentStatus.COMPLETED)
                .first()
            )
            if existing is not None and not (
                existing.status == AssessmentStatus.INVITED and existing.expires_at <= now
            ):
                outcomes.append(InviteOutcome(existing, False))
                continue
            if existing is not None:
                # Expired before it was started: it is replaced (a new link, a new period, a new count).
                existing.delete()
            invitation = AssessmentInvitation.objects.create(
                tenant=tenant,
                definition=definition,
                version=definition.current_version,
                candidate=candidate,
                application=application,
                extra_time_percent=extra_time_percent,
                invited_by=by.user,
                expires_at=now + timedelta(days=expires_in_days),
            )
            usage_consume(
                tenant_id=tenant.pk, metric=UsageMetric.ASSESSMENT_INVITE, source_id=invitation.pk, now=now
            )
            audit_record(
                tenant=tenant,
                by=by,
                action="assessment.invited",
                target_type="assessment_invitation",
                target_id=invitation.pk,
                details={"assessmentId": str(definition.pk), "candidateId": str(candidate.pk)},
            )
            outcomes.append(InviteOutcome(invitation, True))
        new_ids = [str(outcome.invitation.pk) for outcome in outcomes if outcome.created]
        if new_ids:
            _send_invitations(new_ids)
    return outcomes


def _send_invitations(invitation_ids: list[str]) -> None:
    """Email each invitation once the transaction commits (the worker mints the link's token)."""
    from assessments.tasks import invitation_email

    for invitation_id in invitation_ids:
        send_after_commit(invitation_email, invitation_id)


def invitation_resend(*, tenant: Tenant, by: Actor, invitation_id) -> AssessmentInvitation:
    """Email a not-yet-started invitation again with a fresh link (the old one stops working)."""
    invitation = AssessmentInvitation.objects.for_tenant(tenant).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFoundError("Invitation not found.")
    if invitation.status != AssessmentStatus.INVITED or invitation.expires_at <= timezone.now():
        raise AttemptClosedError("Only an invitation that is not started and not expired can be sent again.")
    audit_record(
        tenant=tenant,
        by=by,
        action="assessment.invitation_resent",
        target_type="assessment_invitation",
        target_id=invitation.pk,
    )
    _send_invitations([str(invitation.pk)])
    return invitation


def invitation_mint_token(
    *, invitation_id, reminder: bool = False
) -> tuple[AssessmentInvitation, str] | None:
    """A new link token for an invitation that can still be taken; None when there is nothing to send.

    Called by the email task just before it sends: the token exists only in that email, and it ends
    the link of the email before (a reminder carries the new link). Reminders go once, before a start.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            AssessmentInvitation.objects.select_for_update(of=("self",))
            .select_related("tenant", "definition", "candidate", "version")
            .filter(pk=invitation_id)
            .first()
        )
        if (
            invitation is None
            or invitation.status == AssessmentStatus.COMPLETED
            or invitation.expires_at <= now
        ):
            return None
        if reminder and (invitation.status != AssessmentStatus.INVITED or invitation.reminded_at is not None):
            return None
        invitation.token_hash = _token_hash(token)
        invitation.sent_at = now
        invitation.send_count += 1
        fields = ["token_hash", "sent_at", "send_count", "updated_at"]
        if reminder:
            invitation.reminded_at = now
            fields.append("reminded_at")
        invitation.save(update_fields=fields)
    return invitation, token


def invitation_for_token(*, token: str, now: datetime | None = None) -> AssessmentInvitation:
    """The invitation a link belongs to, if it can still be opened (its result page stays readable)."""
    now = now or timezone.now()
    invitation = (
        AssessmentInvitation.objects.select_related("tenant", "definition", "version", "candidate")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise AssessmentLinkError("This assessment link is not valid. Use the newest link you were sent.")
    if invitation.status == AssessmentStatus.INVITED and invitation.expires_at <= now:
        raise AssessmentLinkError(
            "This assessment link has expired. Ask the employer to invite you again.",
            code=ErrorCode.ASSESSMENT_LINK_EXPIRED,
            status_code=410,
        )
    return invitation


# -- taking ---------------------------------------------------------------------------------------------
def allowed_seconds(invitation: AssessmentInvitation) -> int:
    """The time limit with the invitation's accommodation."""
    return round(invitation.version.time_limit_minutes * 60 * (100 + invitation.extra_time_percent) / 100)


def remaining_seconds(invitation: AssessmentInvitation, now: datetime | None = None) -> int:
    if invitation.deadline_at is None:
        return allowed_seconds(invitation)
    return max(0, int((invitation.deadline_at - (now or timezone.now())).total_seconds()))


def attempt_start(*, invitation: AssessmentInvitation, now: datetime | None = None) -> AssessmentInvitation:
    """INVITED → IN_PROGRESS: the clock starts (server time). Starting again is harmless (it resumes)."""
    now = now or timezone.now()
    if invitation.status == AssessmentStatus.COMPLETED:
        raise AttemptClosedError("This assessment is already submitted.")
    claimed = AssessmentInvitation.objects.filter(pk=invitation.pk, status=AssessmentStatus.INVITED).update(
        status=AssessmentStatus.IN_PROGRESS,
        started_at=now,
        deadline_at=now + timedelta(seconds=allowed_seconds(invitation)),
        updated_at=now,
    )
    invitation.refresh_from_db()
    if not claimed:
        signal_record(invitation=invitation, kind=SignalKind.RESUMED, now=now)
    return invitation


def _open_attempt(invitation: AssessmentInvitation, now: datetime) -> None:
    """Refuse work on an attempt that is not running; an overdue one is finished on the spot."""
    if invitation.status == AssessmentStatus.INVITED:
        raise AttemptClosedError("Start the assessment first.")
    if invitation.status == AssessmentStatus.COMPLETED:
        raise AttemptClosedError("This assessment is already submitted; answers can no longer change.")
    if now > invitation.deadline_at + DEADLINE_GRACE:
        attempt_finish(invitation=invitation, reason=CompletionReason.TIME_UP, now=now)
        raise AttemptClosedError(
            "Time is up: the assessment was submitted with the answers saved before the end."
        )


def _question(invitation: AssessmentInvitation, question_id: str) -> dict:
    question = question_by_id(invitation.version.content, question_id)
    if question is None:
        raise NotFoundError("This assessment has no such question.")
    return question


def question_shown(
    *, invitation: AssessmentInvitation, question_id: str, now: datetime | None = None
) -> None:
    """Note when a question was first put in front of the candidate (for the reading-time signal)."""
    now = now or timezone.now()
    if invitation.status != AssessmentStatus.IN_PROGRESS:
        return
    _question(invitation, question_id)
    AssessmentAnswer.objects.bulk_create(
        [
            AssessmentAnswer(
                tenant_id=invitation.tenant_id,
                invitation=invitation,
                question_id=question_id,
                first_shown_at=now,
            )
        ],
        ignore_conflicts=True,
    )


def _clean_value(question: dict, value):
    """The answer as stored, or 400 when it cannot be an answer to this question."""
    kind = question["kind"]
    bad = _invalid(
        "Validation failed: value: not an answer to this question.",
        {"value": ["Not an answer to this question."]},
    )
    if value is None or value == "" or value == []:
        return None
    if kind == "MULTIPLE_CHOICE":
        if not isinstance(value, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(question["options"])
            for i in value
        ):
            raise bad
        return sorted(set(value))
    if kind == "NUMERIC":
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", ""))
            except ValueError:
                raise bad from None
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or value != value
            or abs(value) > 1e12
        ):
            raise bad
        return value
    if kind == "SHORT_TEXT":
        if not isinstance(value, str) or len(value) > MAX_TEXT_ANSWER:
            raise bad
        return value
    if kind == "TYPING":
        if (
            not isinstance(value, dict)
            or not isinstance(value.get("typed", ""), str)
            or len(value.get("typed", "")) > 5000
        ):
            raise bad
        clean = {"typed": value.get("typed", "")}
        for key in ("elapsedMs", "keystrokes", "corrections"):
            number = value.get(key, 0)
            clean[key] = (
                int(number)
                if isinstance(number, int | float) and not isinstance(number, bool) and 0 <= number < 10**8
                else 0
            )
        return clean
    raise bad  # SPOKEN answers are recordings


def _typing_seconds(question: dict, value: dict, answer: AssessmentAnswer, now: datetime) -> float:
    """The time a typing answer is measured over: the whole clock, unless the passage was typed to its
    end sooner (so typing a few words fast and stopping is not a high speed, as in any timed typing
    test). The browser's measure of a finished passage is never taken below what the server saw
    between the first and the last save of it, nor above the clock."""
    clock = float(question["durationSeconds"])
    if len(value.get("typed", "").strip()) < len(question["passage"].strip()):
        return clock
    claimed = value.get("elapsedMs", 0) / 1000
    seen = (now - answer.first_saved_at).total_seconds() if answer.first_saved_at else 0
    return max(1.0, min(clock, max(claimed, seen)))


def answer_save(
    *, invitation: AssessmentInvitation, question_id: str, value, now: datetime | None = None
) -> AssessmentAnswer:
    """Autosave one answer (the latest wins); marks it at once where a machine can."""
    now = now or timezone.now()
    _open_attempt(invitation, now)
    question = _question(invitation, question_id)
    if question["kind"] == "SPOKEN":
        raise _invalid(
            "Validation failed: spoken answers are recordings.", {"value": ["Upload a recording instead."]}
        )
    value = _clean_value(question, value)
    with transaction.atomic():
        answer, _ = AssessmentAnswer.objects.select_for_update().get_or_create(
            invitation=invitation, question_id=question_id, defaults={"tenant_id": invitation.tenant_id}
        )
        first_answer = answer.first_saved_at is None and value is not None
        if first_answer:
            answer.first_saved_at = now
            shown = answer.first_shown_at
            if shown and (now - shown).total_seconds() < marking.minimum_reading_seconds(question):
                signal_record(
                    invitation=invitation,
                    kind=SignalKind.FAST_ANSWER,
                    question_id=question_id,
                    detail={
                        "seconds": round((now - shown).total_seconds(), 2),
                        "minimumSeconds": marking.minimum_reading_seconds(question),
                    },
                    now=now,
                )
        answer.value = value
        typing_seconds = (
            _typing_seconds(question, value, answer, now) if question["kind"] == "TYPING" and value else None
        )
        _apply_mark(answer, marking.mark(question, value, typing_seconds=typing_seconds))
        answer.saved_count += 1
        answer.saved_at = now
        answer.save()
        # Clients read an attempt while it runs (completion, HiringBranch's IN_PROGRESS rows): keep it current.
        result_refresh(invitation=invitation)
    return answer


def _apply_mark(answer: AssessmentAnswer, marked: marking.Marked) -> None:
    answer.marking = marked.marking
    answer.points_awarded = marked.points
    answer.rubric_met = marked.rubric_met
    answer.typing_wpm = marked.typing_wpm
    answer.typing_accuracy = marked.typing_accuracy


AUDIO_SIGNATURES = (
    (b"\x1a\x45\xdf\xa3", "webm"),
    (b"OggS", "ogg"),
    (b"RIFF", "wav"),
)


def audio_kind(head: bytes) -> str | None:
    """The recording's container judged from its first bytes (WebM, Ogg, WAV, MP4), or None."""
    for signature, kind in AUDIO_SIGNATURES:
        if head.startswith(signature):
            if kind == "wav" and head[8:12] != b"WAVE":
                return None
            return kind
    if head[4:8] == b"ftyp":
        return "mp4"
    return None


def recording_save(
    *,
    invitation: AssessmentInvitation,
    question_id: str,
    data: bytes,
    seconds: float | None,
    now: datetime | None = None,
) -> AssessmentAnswer:
    """Store a spoken answer (replacing an earlier take); it waits for a reviewer."""
    now = now or timezone.now()
    _open_attempt(invitation, now)
    question = _question(invitation, question_id)
    if question["kind"] != "SPOKEN":
        raise _invalid(
            "Validation failed: this question takes no recording.",
            {"recording": ["This question takes no recording."]},
        )
    if len(data) > MAX_RECORDING_BYTES:
        raise DomainError("The recording is over 10 MB.", code=ErrorCode.RECORDING_TOO_LARGE, status_code=413)
    kind = audio_kind(data[:16])
    if kind is None or len(data) < 64:
        raise DomainError(
            "The recording is not audio we can keep (WebM, Ogg, WAV or MP4).",
            code=ErrorCode.INVALID_RECORDING,
            status_code=415,
        )
    with transaction.atomic():
        answer, _ = AssessmentAnswer.objects.select_for_update().get_or_create(
            invitation=invitation, question_id=question_id, defaults={"tenant_id": invitation.tenant_id}
        )
        old = answer.recording.name if answer.recording else ""
        answer.recording_kind = kind
        answer.recording.save("recording", ContentFile(data), save=False)
        answer.recording_seconds = min(float(seconds or 0), question["maxSeconds"] + 5) or None
        answer.first_saved_at = answer.first_saved_at or now
        answer.value = {"recorded": True}
        _apply_mark(answer, marking.mark(question, None, has_recording=True))
        answer.saved_count += 1
        answer.saved_at = now
        answer.save()
        result_refresh(invitation=invitation)
        if old and old != answer.recording.name:
            transaction.on_commit(lambda: answer.recording.storage.delete(old))
    return answer


def signal_record(
    *,
    invitation: AssessmentInvitation,
    kind: str,
    question_id: str = "",
    detail: dict | None = None,
    now: datetime | None = None,
) -> ProctoringSignal | None:
    """Record one proctoring observation (only while the attempt runs); the time is the server's."""
    now = now or timezone.now()
    if invitation.status != AssessmentStatus.IN_PROGRESS or kind not in SignalKind.values:
        return None
    if question_id and question_by_id(invitation.version.content, question_id) is None:
        question_id = ""
    clean = {}
    for key, value in (detail or {}).items():
        if (
            key in ("seconds", "characters", "minimumSeconds", "clientTime")
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            clean[key] = round(float(value), 2) if key != "characters" else int(value)
    if "seconds" in clean:
        clean["seconds"] = max(0.0, min(clean["seconds"], allowed_seconds(invitation)))
    signal = ProctoringSignal.objects.create(
        tenant_id=invitation.tenant_id,
        invitation=invitation,
        kind=kind,
        question_id=question_id[:40],
        occurred_at=now,
        detail=clean,
    )
    result_refresh(invitation=invitation)  # the red flag is visible while the attempt runs
    return signal


def attempt_finish(
    *, invitation: AssessmentInvitation, reason: str = CompletionReason.SUBMITTED, now: datetime | None = None
) -> AssessmentInvitation:
    """IN_PROGRESS → COMPLETED (once): marks what is left, scores, and records ``assessment.completed``."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = AssessmentInvitation.objects.filter(
            pk=invitation.pk, status=AssessmentStatus.IN_PROGRESS
        ).update(
            status=AssessmentStatus.COMPLETED,
            finished_at=min(now, invitation.deadline_at + DEADLINE_GRACE) if invitation.deadline_at else now,
            completion_reason=reason,
            updated_at=now,
        )
        invitation.refresh_from_db()
        if not claimed:
            return invitation
        result_refresh(invitation=invitation)
        event_record(
            tenant_id=invitation.tenant_id,
            type=EventType.ASSESSMENT_COMPLETED,
            data=completed_event_data(invitation),
        )
        AssessmentInvitation.objects.filter(pk=invitation.pk).update(completed_event_sent_at=now)
    return invitation


def completed_event_data(invitation: AssessmentInvitation) -> dict:
    """Ids and scores only (no answers, no personal data), as every event."""
    return {
        "invitationId": str(invitation.pk),
        "assessmentId": str(invitation.definition_id),
        "candidateId": str(invitation.candidate_id),
        "applicationId": str(invitation.application_id) if invitation.application_id else None,
        "scoreStatus": invitation.score_status,
        "totalScore": invitation.total_score,
        "completion": invitation.completion,
        "redFlag": invitation.red_flag,
        "finishedAt": utc_iso(invitation.finished_at),
    }


def _signal_facts(invitation: AssessmentInvitation) -> list[marking.SignalFact]:
    kinds = {q["id"]: q["kind"] for _, q in questions(invitation.version.content)}
    return [
        marking.SignalFact(
            id=signal.pk,
            kind=signal.kind,
            question_kind=kinds.get(signal.question_id, ""),
            seconds=float(signal.detail.get("seconds", 0) or 0),
            characters=int(signal.detail.get("characters", 0) or 0),
            at=signal.occurred_at.timestamp(),
        )
        for signal in invitation.signals.all()
    ]


def result_refresh(*, invitation: AssessmentInvitation) -> AssessmentInvitation:
    """Recompute the stored result from the answers and signals (after a save, a finish, a review)."""
    content = invitation.version.content
    states = {}
    for answer in invitation.answers.all():
        question = question_by_id(content, answer.question_id)
        if question is None:
            continue
        states[answer.question_id] = marking.AnswerState(
            answered=marking.answered(question, answer.value, has_recording=bool(answer.recording)),
            marking=answer.marking,
            points=answer.points_awarded,
            typing_wpm=answer.typing_wpm,
            typing_accuracy=answer.typing_accuracy,
        )
    outcome = marking.result(
        content,
        states,
        completed=invitation.status == AssessmentStatus.COMPLETED,
        pass_threshold=invitation.version.pass_threshold,
        low_pass_threshold=invitation.version.low_pass_threshold,
    )
    reasons = marking.red_flag_reasons(_signal_facts(invitation))
    AssessmentInvitation.objects.filter(pk=invitation.pk).update(
        category_scores=outcome.category_scores,
        total_score=outcome.total_score,
        completion=outcome.completion,
        typing_wpm=outcome.typing_wpm,
        typing_accuracy=outcome.typing_accuracy,
        awaiting_review=outcome.awaiting_review,
        score_status=outcome.score_status,
        red_flag=bool(reasons),
        red_flag_reasons=reasons,
        updated_at=timezone.now(),
    )
    invitation.refresh_from_db()
    return invitation


# -- reviewing -------------------------------------------------------------------------------------------
def answer_review(*, tenant: Tenant, by: Actor, answer_id, rubric_met: list[bool]) -> AssessmentAnswer:
    """A reviewer marks each rubric point of a written or spoken answer met or not; the result follows."""
    with transaction.atomic():
        answer = (
            AssessmentAnswer.objects.for_tenant(tenant)
            .select_for_update(of=("self",))
            .select_related("invitation__version")
            .filter(pk=answer_id)
            .first()
        )
        if answer is None:
            raise NotFoundError("Answer not found.")
        invitation = answer.invitation
        if invitation.status != AssessmentStatus.COMPLETED:
            raise AttemptClosedError("Answers are marked once the candidate has submitted the assessment.")
        question = _question(invitation, answer.question_id)
        rubric = question.get("rubric") or []
        if not rubric or answer.marking == AnswerMarking.UNANSWERED:
            raise ConflictError("Only written or spoken answers with a rubric are marked by a reviewer.")
        if (
            not isinstance(rubric_met, list)
            or len(rubric_met) != len(rubric)
            or not all(isinstance(v, bool) for v in rubric_met)
        ):
            raise _invalid(
                f"Validation failed: rubricMet: one true/false per rubric point ({len(rubric)}).",
                {"rubricMet": [f"One true or false per rubric point ({len(rubric)})."]},
            )
        answer.rubric_met = rubric_met
        answer.points_awarded = marking.rubric_points(question.get("points", 1), rubric_met)
        answer.marking = AnswerMarking.REVIEWED
        answer.reviewed_by = by.user
        answer.reviewed_at = timezone.now()
        answer.save()
        result_refresh(invitation=invitation)
        audit_record(
            tenant=tenant,
            by=by,
            action="assessment.answer_reviewed",
            target_type="assessment_invitation",
            target_id=invitation.pk,
            details={"questionId": answer.question_id, "met": sum(rubric_met), "of": len(rubric_met)},
        )
    return answer


# -- the clock -------------------------------------------------------------------------------------------
def invitations_sweep(*, now: datetime | None = None, batch_size: int = 200) -> dict[str, int]:
    """Finish attempts whose time ran out (with what was saved) and remind invitees a day before expiry."""
    now = now or timezone.now()
    overdue = list(
        AssessmentInvitation.objects.filter(
            status=AssessmentStatus.IN_PROGRESS, deadline_at__lt=now - DEADLINE_GRACE
        ).select_related("version")[:batch_size]
    )
    for invitation in overdue:
        attempt_finish(invitation=invitation, reason=CompletionReason.TIME_UP, now=now)
    due = list(
        AssessmentInvitation.objects.filter(
            status=AssessmentStatus.INVITED,
            reminded_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + REMIND_BEFORE,
            sent_at__lte=now - timedelta(hours=12),
        )
        .filter(~Q(send_count=0))
        .values_list("pk", flat=True)[:batch_size]
    )
    from assessments.tasks import invitation_reminder

    for invitation_id in due:
        send_or_defer(invitation_reminder, str(invitation_id))  # not sent: still due at the next sweep
    return {"finished": len(overdue), "reminded": len(due)}


def public_base_url() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/")
