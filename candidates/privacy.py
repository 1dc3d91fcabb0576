"""Candidates' data rights: export everything held about a person; erase it; expire it (retention).

Erasure keeps what an employer needs for honest statistics (that an application to a job existed, its
dates, stage, score and component scores) and removes everything that identifies or describes the
person: contact details, the CV file, the parsed CV and its text, the explanation's quotes, the stored
CV analysis, free-text notes about them, replayable API answers that named them, operators' admin
log lines, and what other apps hold about them (assessment answers, recordings and signals: those apps
register a :class:`PersonalDataHolder`). Each employer whose records were touched gets a ``candidate.erased`` event (ids only).
What is kept and why is documented in docs/privacy.md.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q, TextField
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import CandidateAccount, Tenant
from candidates.explanations import candidate_explanation
from candidates.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    Candidate,
    IdempotencyRecord,
    ScoreReviewRequest,
    TalentPoolEntry,
)
from candidates.selectors import candidate_records_of_user
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError
from hiresscope.timefmt import utc_iso, utc_iso_or_none
from webhooks.models import EventType
from webhooks.services import event_record

logger = logging.getLogger(__name__)

ERASED_NAME = "Erased candidate"
# The person is not a member of the employers whose records they erase, and their account is about to
# go: the audit trail names the request, never the person.
ERASURE_REQUEST = Actor.process("candidate's erasure request")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PersonalDataHolder:
    """Another app's data about candidates (assessments), plugged in at start-up (its ``AppConfig.ready``)
    as the scoring step is, so this module never imports the apps above it.

    ``export(records)`` returns keys to add to the person's export; ``erase(candidate_ids)`` removes what
    identifies or describes them, inside the erasure's transaction.
    """

    name: str
    export: Callable[[list[Candidate]], dict]
    erase: Callable[[list], None]


_HOLDERS: dict[str, PersonalDataHolder] = {}


def personal_data_register(holder: PersonalDataHolder) -> None:
    _HOLDERS[holder.name] = holder


# -- export ----------------------------------------------------------------------------------------------
def candidate_data_export(*, account: CandidateAccount) -> dict:
    """Everything held about the account's person, as one JSON-ready document (camelCase keys)."""
    user = account.user
    records = list(candidate_records_of_user(user_id=user.pk).select_related("tenant"))
    applications = (
        Application.objects.filter(candidate__in=records)
        .select_related("job", "job__tenant")
        .prefetch_related("status_changes", "review_requests", "notes")
        .order_by("created_at", "id")
    )
    pool = TalentPoolEntry.objects.filter(candidate__in=records).select_related("tenant")
    document = {
        "exportedAt": utc_iso(timezone.now()),
        "account": {
            "email": user.email,
            "fullName": user.full_name,
            "phone": account.phone,
            "linkedinUrl": account.linkedin_url,
            "emailVerified": account.email_verified,
            "createdAt": utc_iso_or_none(account.created_at),
        },
        "employerRecords": [
            {
                "company": record.tenant.name,
                "fullName": record.full_name,
                "email": record.email,
                "phone": record.phone,
                "linkedinUrl": record.linkedin_url,
                "createdAt": utc_iso_or_none(record.created_at),
            }
            for record in records
        ],
        "applications": [
            {
                "id": str(application.id),
                "company": application.job.tenant.name,
                "jobTitle": application.job.title,
                "appliedAt": utc_iso_or_none(application.created_at),
                "source": application.source,
                "consentAt": utc_iso_or_none(application.consent_at),
                "status": application.status,
                "processingStatus": application.processing_status,
                "cvFilename": application.cv_filename,
                "parsedCv": application.parsed_profile,
                "score": application.score,
                "scoredAt": utc_iso_or_none(application.scored_at),
                "scoreComponents": application.score_breakdown,
                "explanation": candidate_explanation(application.explanation),
                "statusHistory": [
                    {
                        "from": change.from_status,
                        "to": change.to_status,
                        "reason": change.reason,
                        "at": utc_iso_or_none(change.created_at),
                    }
                    for change in application.status_changes.all()
                ],
                "reviewRequests": [
                    {
                        "message": review.message,
                        "status": review.status,
                        "resolution": review.resolution,
                        "createdAt": utc_iso_or_none(review.created_at),
                    }
                    for review in application.review_requests.all()
                ],
                # What the employer's team wrote about the person; who wrote it is the team's own data.
                "teamNotes": [
                    {"body": note.body, "at": utc_iso_or_none(note.created_at)}
                    for note in application.notes.all()
                ],
            }
            for application in applications
        ],
        "talentPools": [
            {
                "company": entry.tenant.name,
                "department": entry.department,
                "savedAt": utc_iso_or_none(entry.created_at),
            }
            for entry in pool
        ],
    }
    for holder in _HOLDERS.values():
        document.update(holder.export(records))
    return document


# -- erasure ---------------------------------------------------------------------------------------------
def _thin_breakdown(breakdown: dict | None) -> dict | None:
    # Component details can quote the CV (closest title, closest statements): only the numbers stay.
    if not breakdown:
        return breakdown
    return {
        name: {"score": part.get("score"), "weight": part.get("weight")}
        for name, part in breakdown.items()
        if isinstance(part, dict)
    }


def _erase_records(records: list[Candidate], *, reason: str) -> dict[str, list[str]]:
    """Anonymise these tenant records and everything hanging off them; returns {tenant id: [candidate ids]}.

    Runs inside the caller's transaction; files are deleted first, so a failure cannot leave a CV behind
    a row that says it was erased.
    """
    now = timezone.now()
    ids = [record.pk for record in records]
    applications = list(Application.objects.filter(candidate_id__in=ids))
    application_ids = [application.pk for application in applications]
    for application in applications:
        if application.cv_file:
            application.cv_file.storage.delete(application.cv_file.name)
        Application.objects.filter(pk=application.pk).update(
            cv_file="",
            cv_filename="",
            cv_sha256="",
            parsed_profile=None,
            explanation=None,
            score_breakdown=_thin_breakdown(application.score_breakdown),
            flags=[{"code": f.get("code", "")} for f in application.flags or [] if isinstance(f, dict)],
            failure_reason="",
            updated_at=now,
        )
    # The stored analysis holds the CV's sentences and vectors; it belongs to the scoring app.
    apps.get_model("scoring", "CvAnalysis").objects.filter(application_id__in=application_ids).delete()
    apps.get_model("candidates", "ApplicationStatusChange").objects.filter(
        application_id__in=application_ids
    ).update(reason="")
    ScoreReviewRequest.objects.filter(application_id__in=application_ids).update(message="", updated_at=now)
    # The team's notes are free text about the person: they go whole (who wrote what is no statistic).
    ApplicationNote.objects.filter(application_id__in=application_ids).delete()
    TalentPoolEntry.objects.filter(candidate_id__in=ids).delete()
    for holder in _HOLDERS.values():
        holder.erase(ids)
    _forget_replayable_answers(records, application_ids)
    _forget_admin_log(ids, application_ids)
    Candidate.objects.filter(pk__in=ids).update(
        full_name=ERASED_NAME,
        email="",
        phone="",
        linkedin_url="",
        user=None,
        erased_at=now,
        updated_at=now,
    )
    affected: dict[str, list[str]] = {}
    for record in records:
        affected.setdefault(str(record.tenant_id), []).append(str(record.pk))
    for tenant_id, candidate_ids in affected.items():
        event_record(
            tenant_id=tenant_id,
            type=EventType.CANDIDATE_ERASED,
            data={"candidateIds": candidate_ids, "reason": reason, "erasedAt": utc_iso(now)},
        )
    return affected


def _forget_replayable_answers(records: list[Candidate], application_ids: list) -> None:
    """Idempotency records replay answers that named the candidate (upload answers carry name and email)."""
    # Quoted, as JSON holds them: "a@b.co" must not match inside "ba@b.com".
    needles = [f'"{application_id}"' for application_id in application_ids]
    needles += [f'"{record.email}"' for record in records if record.email]
    if not needles:
        return
    matches = Q()
    for needle in needles:
        matches |= Q(body_text__icontains=needle)
    IdempotencyRecord.objects.annotate(body_text=Cast("response_body", TextField())).filter(matches).delete()


def _forget_admin_log(candidate_ids: list, application_ids: list) -> None:
    """Operators' admin history names the objects it touched ("Mara <mara@…>"): keep the fact, not the name."""
    for model, ids in ((Candidate, candidate_ids), (Application, application_ids)):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr=f"{model._meta.verbose_name} (erased)", change_message="")


def candidate_erase(*, account: CandidateAccount, password: str) -> dict:
    """Delete a candidate's account and erase their personal data at every employer they applied to.

    The password is required (a stolen 15-minute token or session must not be enough to erase
    someone). Only the records linked to the account (through its verified email) are erased: an
    unverified account never proved the address, so it cannot erase what others hold under it.
    """
    user = account.user
    if not user.check_password(password):
        raise DomainError(
            "Validation failed: password: the password is not right.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"password": ["The password is not right."]},
        )
    with transaction.atomic():
        mine = candidate_records_of_user(user_id=user.pk).values_list("pk", flat=True)
        # Locked in a second query: PostgreSQL refuses FOR UPDATE on the join's DISTINCT.
        records = list(Candidate.objects.select_for_update().filter(pk__in=set(mine)).order_by("pk"))
        affected = _erase_records(records, reason="candidate_request")
        for tenant_id, candidate_ids in affected.items():
            for candidate_id in candidate_ids:
                audit_record(
                    tenant_id=tenant_id,
                    by=ERASURE_REQUEST,
                    action="candidate.erased",
                    target_type="candidate",
                    target_id=candidate_id,
                    details={"candidateId": candidate_id, "reason": "candidate_request"},
                )
        account.delete()
        if not user.memberships.exists():
            user.delete()  # an employer's own login is kept; only its candidate side goes
        else:
            logger.info("Candidate account of employer user %s deleted; the user stays", user.pk)
    return {
        "erased_records": sum(len(ids) for ids in affected.values()),
        "employers_notified": len(affected),
    }


# -- retention -------------------------------------------------------------------------------------------
def retention_expired_candidates(*, tenant: Tenant, now=None):
    """The tenant's candidates whose data has outlived its retention period.

    Unsuccessful only: a candidate with a HIRED application is an employee's record and is kept.
    Last activity is the latest application, stage change or talent-pool save; re-scoring by the
    machine is not activity (an engine upgrade must not extend how long data is kept).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(30.44 * tenant.candidate_retention_months))
    return (
        Candidate.objects.for_tenant(tenant)
        .filter(erased_at__isnull=True)
        .exclude(applications__status=ApplicationStatus.HIRED)
        .annotate(
            last_activity=Greatest(
                Coalesce(Max("applications__created_at"), EPOCH),
                Coalesce(Max("applications__status_changed_at"), EPOCH),
                Coalesce(Max("pool_entries__updated_at"), EPOCH),
                "created_at",
            )
        )
        .filter(last_activity__lt=cutoff)
    )


def retention_sweep(*, tenant: Tenant, now=None, batch_size: int = 500) -> int:
    """Anonymise the tenant's expired candidates, in batches; returns how many were anonymised."""
    done = 0
    while True:
        expired = list(
            retention_expired_candidates(tenant=tenant, now=now).values_list("pk", flat=True)[:batch_size]
        )
        if not expired:
            return done
        with transaction.atomic():
            # Locked after the aggregate (PostgreSQL refuses FOR UPDATE with GROUP BY); a record someone
            # else is erasing right now is skipped and comes back in the next batch if still expired.
            batch = list(
                Candidate.objects.select_for_update(skip_locked=True).filter(
                    pk__in=expired, erased_at__isnull=True
                )
            )
            if not batch:
                return done
            _erase_records(batch, reason="retention")
        done += len(batch)
