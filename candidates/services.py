"""Writes for candidates and applications: CV intake, parsing, scoring, retry.

Intake is synchronous (validated by content, stored, row created); parsing and scoring run in
Celery tasks enqueued on commit. Each processing step claims the row atomically, so a task that is
delivered twice does its work once.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import ApiKey, CandidateAccount, Tenant, User
from accounts.services import candidate_email_verify
from billing import services as billing_services
from billing.models import UsageMetric
from candidates.intake import CvFile, read_cv_upload, safe_filename
from candidates.models import (
    PARSER_ERROR,
    Application,
    ApplicationSource,
    ApplicationStatusChange,
    Candidate,
    CandidateMerge,
    JobApplicationTally,
    ProcessingStatus,
    ReviewRequestStatus,
    ScoreReviewRequest,
    Source,
    SourceKind,
    TalentPoolEntry,
)
from candidates.phones import phone_clean, phone_e164
from candidates.selectors import (
    application_get_for_account,
    job_application_tally_drift,
    talent_pool_eligible_applications,
)
from candidates.stages import allowed_next
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from hiresscope.mail import email_send
from jobs.models import Job
from jobs.services import job_deletion_finalise
from scoring import engine, parsing
from webhooks.models import EventType
from webhooks.services import event_record

SCORE_TASK = "scoring.tasks.application_score"
logger = logging.getLogger(__name__)

# A worker killed mid-step leaves its claim behind; after this long another delivery may take over.
STALE_CLAIM_AFTER = timedelta(minutes=10)
BULK_MAX_FILES = 50


def source_get_default(*, tenant: Tenant) -> Source:
    """The tenant's default APPLICATIONS source, created on first use.

    Race-safe: the partial unique constraint lets one concurrent insert win, and ``get_or_create``
    reads the winner's row on IntegrityError.
    """
    source, _ = Source.objects.get_or_create(
        tenant=tenant,
        is_default=True,
        defaults={"name": "Applications", "kind": SourceKind.APPLICATIONS},
    )
    return source


# Merges chain (A into B, later B into C); a longer chain than this means corrupt data, not a person.
MERGE_CHAIN_LIMIT = 20
# Phone matches looked at: more records than this sharing one number is a switchboard, not a person.
PHONE_MATCH_LIMIT = 5


def candidate_survivor(*, candidate: Candidate) -> Candidate:
    """The record a merged-away candidate lives on now (the candidate itself when not merged away)."""
    for _ in range(MERGE_CHAIN_LIMIT):
        if candidate.merged_into_id is None:
            break
        candidate = Candidate.objects.get(pk=candidate.merged_into_id)
    return candidate


def _candidate_match(*, tenant: Tenant, email: str, phone: str) -> Candidate | None:
    """The person an email names, else the one person a phone number names (merged records followed).

    A phone never joins two records that both have an email, and different ones.
    """
    candidates = Candidate.objects.for_tenant(tenant)
    if email:
        found = candidates.filter(email__iexact=email).first()
        if found is not None:
            return candidate_survivor(candidate=found)
    e164 = phone_e164(phone)
    if e164 is None:
        return None
    people = {}
    for match in candidates.filter(phone=e164).order_by("created_at")[:PHONE_MATCH_LIMIT]:
        survivor = candidate_survivor(candidate=match)
        # Two different addresses are two people whatever number they share (a family line, an agency's
        # switchboard): the phone links only a record without an email, or a CV that shows none.
        if email and survivor.email and survivor.email.lower() != email:
            continue
        people[survivor.pk] = survivor
    # Two people behind one number (a shared landline, a recycled mobile) name nobody for sure.
    return next(iter(people.values())) if len(people) == 1 else None


def candidate_upsert(
    *, tenant: Tenant, email: str, full_name: str, phone: str = "", linkedin_url: str = ""
) -> Candidate:
    """The tenant's record of this person (one person, one record across jobs), created if new.

    Matched by email, else by phone (E.164, and only when exactly one person has it); a record merged
    into another leads to that one. Contact fields the record lacks are filled in; existing ones are
    not overwritten by a later upload. Phones are stored in E.164 when they carry a country code.
    """
    email = email.strip().lower()
    phone = phone_clean(phone)
    candidate = _candidate_match(tenant=tenant, email=email, phone=phone)
    if candidate is None:
        try:
            with transaction.atomic():
                return Candidate.objects.create(
                    tenant=tenant,
                    email=email,
                    full_name=full_name.strip(),
                    phone=phone,
                    linkedin_url=linkedin_url,
                    source=source_get_default(tenant=tenant),
                    user=_verified_account_user(email),
                )
        except IntegrityError:  # created concurrently (two CVs of one person in one bulk upload)
            candidate = candidate_survivor(
                candidate=Candidate.objects.for_tenant(tenant).get(email__iexact=email)
            )
    changed = []
    for field, value in (
        ("email", email),
        ("full_name", full_name.strip()),
        ("phone", phone),
        ("linkedin_url", linkedin_url),
    ):
        if value and not getattr(candidate, field):
            setattr(candidate, field, value)
            changed.append(field)
    if "email" in changed:
        # A record found by phone gains the email; a concurrent upload may have just taken it.
        try:
            with transaction.atomic():
                candidate.save(update_fields=[*changed, "updated_at"])
            return candidate
        except IntegrityError:
            candidate.email = ""
            changed.remove("email")
    if changed:
        candidate.save(update_fields=[*changed, "updated_at"])
    return candidate


# -- talent pool -----------------------------------------------------------------------------------------
def _already_in_pool(entry: TalentPoolEntry) -> ConflictError:
    return ConflictError(
        "This candidate is already in the talent pool.",
        code="already_in_pool",
        details={"existingEntryId": str(entry.id)},
    )


def talent_pool_add(
    *,
    tenant: Tenant,
    by: User | None,
    candidate: Candidate,
    department: str | None = None,
    note: str = "",
    application: Application | None = None,
) -> TalentPoolEntry:
    """Save a candidate to the tenant's talent pool (one entry per person).

    With ``application`` the entry remembers it, its job and its score, and the department defaults to
    that job's; without, the entry has no score and the department is what was given (or none).
    """
    if candidate.tenant_id != tenant.id:
        raise NotFoundError("Candidate not found.")
    if application is not None:
        if application.tenant_id != tenant.id:
            raise NotFoundError("Application not found.")
        if application.candidate_id != candidate.id:
            raise DomainError(
                "Validation failed: applicationId: the application is not this candidate's.",
                code="validation_error",
                fields={"applicationId": ["The application is not this candidate's."]},
            )
    if candidate.merged_into_id is not None:
        raise ConflictError(
            "This record was merged into another one; save that one instead.",
            code="candidate_merged",
            details={"mergedIntoId": str(candidate.merged_into_id)},
        )
    existing = TalentPoolEntry.objects.for_tenant(tenant).filter(candidate=candidate).first()
    if existing is not None:
        raise _already_in_pool(existing)
    if department is None:
        department = application.job.department if application is not None else ""
    try:
        with transaction.atomic():
            return TalentPoolEntry.objects.create(
                tenant=tenant,
                candidate=candidate,
                department=department.strip(),
                job=application.job if application is not None else None,
                application=application,
                score=application.score if application is not None else None,
                note=note.strip(),
                added_by=by,
            )
    except IntegrityError:  # saved at the same moment by someone else: the unique constraint decided
        raise _already_in_pool(TalentPoolEntry.objects.get(candidate=candidate)) from None


def talent_pool_remove(*, entry: TalentPoolEntry, by: User | None) -> None:
    """Take a candidate out of the pool. Their applications, CVs and scores stay where they are."""
    entry.delete()


def job_deletion_confirm(
    *, tenant: Tenant, job: Job, by: User | None, candidate_ids: list
) -> tuple[Job, list[TalentPoolEntry], list[TalentPoolEntry]]:
    """Finalise a soft-deleted job's deletion and save the chosen candidates to the pool, all or nothing.

    Every chosen candidate must be on the job's eligible list (see
    :func:`candidates.selectors.talent_pool_eligible_applications`); each gets an entry tagged with the
    job's department, remembering the application and its score. A candidate already in the pool keeps
    their entry. Returns the confirmed job, the entries saved now and the entries that already existed.
    Nothing is erased here: the job's applications and CVs stay until the retention policy removes those
    of candidates who were not saved.
    """
    if job.tenant_id != tenant.id:
        raise NotFoundError("Job not found.")
    wanted = list(dict.fromkeys(candidate_ids))  # the same id twice is one choice
    with transaction.atomic():
        job = job_deletion_finalise(job=job, by=by)  # locks the job; 409 unless deleted, unconfirmed
        eligible = {a.candidate_id: a for a in talent_pool_eligible_applications(job=job)}
        ineligible = [str(candidate_id) for candidate_id in wanted if candidate_id not in eligible]
        if ineligible:
            raise DomainError(
                f"Validation failed: candidateIds: not eligible for the talent pool from this job: "
                f"{', '.join(ineligible)}",
                code="validation_error",
                fields={"candidateIds": [f"Not eligible from this job: {', '.join(ineligible)}."]},
                details={"ineligibleCandidateIds": ineligible},
            )
        new = [
            TalentPoolEntry(
                tenant=tenant,
                candidate_id=candidate_id,
                department=job.department,
                job=job,
                application=eligible[candidate_id],
                score=eligible[candidate_id].score,
                added_by=by,
            )
            for candidate_id in wanted
        ]
        # A candidate with an entry (from another job, or saved meanwhile) is skipped by the unique
        # constraint rather than checked first, so a concurrent save cannot slip between check and insert.
        TalentPoolEntry.objects.bulk_create(new, ignore_conflicts=True)
        new_ids = {entry.id for entry in new}
        entries = sorted(
            TalentPoolEntry.objects.for_tenant(tenant)
            .filter(candidate_id__in=wanted)
            .select_related("candidate"),
            key=lambda entry: (-(entry.score or 0), str(entry.candidate_id)),
        )
    saved = [entry for entry in entries if entry.id in new_ids]
    already = [entry for entry in entries if entry.id not in new_ids]
    return job, saved, already


# -- merging two records of one person ------------------------------------------------------------------
def _lock_candidates(*ids) -> dict:
    # Locked in id order, so two merges over the same records wait for each other instead of deadlocking.
    return {c.pk: c for c in Candidate.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def candidate_merge(
    *, tenant: Tenant, survivor: Candidate, absorbed: Candidate, by: User | None
) -> CandidateMerge:
    """Make two records of one person one: ``absorbed``'s applications move to ``survivor``.

    Its pool entry moves too when ``survivor`` has none (else it stays, hidden, on the absorbed record).
    ``absorbed`` keeps its row and contact details, marked ``merged_into``, so later uploads with its
    email land on ``survivor`` and :func:`candidate_merge_undo` can move exactly the recorded rows back.
    """
    if survivor.tenant_id != tenant.id or absorbed.tenant_id != tenant.id:
        raise NotFoundError("Candidate not found.")
    if survivor.pk == absorbed.pk:
        raise DomainError(
            "Validation failed: candidateId: a candidate cannot be merged into itself.",
            code="validation_error",
            fields={"candidateId": ["A candidate cannot be merged into itself."]},
        )
    with transaction.atomic():
        locked = _lock_candidates(survivor.pk, absorbed.pk)
        survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
        for role, record in (("The surviving record", survivor), ("The record to absorb", absorbed)):
            if record.erased_at is not None:
                raise ConflictError(
                    f"{role} was erased (the candidate's request or the retention policy).",
                    code="candidate_erased",
                    details={"candidateId": str(record.pk)},
                )
            if record.merged_into_id is not None:
                raise ConflictError(
                    f"{role} was already merged into another one; undo that merge first.",
                    code="merge_conflict",
                    details={"candidateId": str(record.pk), "mergedIntoId": str(record.merged_into_id)},
                )
        applications = Application.objects.for_tenant(tenant)
        moving = dict(applications.filter(candidate=absorbed).values_list("id", "job_id"))
        shared = list(
            applications.filter(candidate=survivor, job_id__in=list(moving.values()))
            .select_related("job")
            .order_by("job__title", "job_id")
        )
        if shared:
            # One person, one application per job: two would need a choice of which to keep.
            titles = ", ".join(application.job.title for application in shared)
            raise ConflictError(
                f"Both records applied to the same job ({titles}); remove one of those applications first.",
                code="merge_conflict",
                details={"jobIds": [str(application.job_id) for application in shared]},
            )
        now = timezone.now()
        applications.filter(id__in=list(moving)).update(candidate=survivor, updated_at=now)
        moved_entries = []
        pool = TalentPoolEntry.objects.for_tenant(tenant)
        absorbed_entry = pool.filter(candidate=absorbed).first()
        if absorbed_entry is not None and not pool.filter(candidate=survivor).exists():
            pool.filter(pk=absorbed_entry.pk).update(candidate=survivor, updated_at=now)
            moved_entries.append(str(absorbed_entry.pk))
        absorbed.merged_into = survivor
        absorbed.save(update_fields=["merged_into", "updated_at"])
        return CandidateMerge.objects.create(
            tenant=tenant,
            survivor=survivor,
            absorbed=absorbed,
            moved_application_ids=[str(application_id) for application_id in moving],
            moved_pool_entry_ids=moved_entries,
            merged_by=by,
        )


def candidate_merge_undo(*, tenant: Tenant, merge: CandidateMerge, by: User | None) -> CandidateMerge:
    """Split a merge: the recorded applications and pool entry go back to the absorbed record.

    Only rows still on the survivor move (one deleted since, or passed on by a later merge of the
    survivor, stays where it is); the absorbed record is visible again. Undoing twice is a 409.
    """
    if merge.tenant_id != tenant.id:
        raise NotFoundError("Candidate merge not found.")
    with transaction.atomic():
        merge = CandidateMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ConflictError(
                "This merge was already undone.",
                code="merge_already_undone",
                details={"undoneAt": merge.undone_at.isoformat()},
            )
        _lock_candidates(merge.survivor_id, merge.absorbed_id)
        now = timezone.now()
        Application.objects.for_tenant(tenant).filter(
            id__in=merge.moved_application_ids, candidate_id=merge.survivor_id
        ).update(candidate_id=merge.absorbed_id, updated_at=now)
        TalentPoolEntry.objects.for_tenant(tenant).filter(
            id__in=merge.moved_pool_entry_ids, candidate_id=merge.survivor_id
        ).update(candidate_id=merge.absorbed_id, updated_at=now)
        Candidate.objects.filter(pk=merge.absorbed_id, merged_into_id=merge.survivor_id).update(
            merged_into=None, updated_at=now
        )
        merge.undone_at, merge.undone_by = now, by
        merge.save(update_fields=["undone_at", "undone_by"])
    return merge


# What an anonymous applicant learns of a duplicate: that there is one, as the seed's 409 says, but
# neither the existing application's id nor whose email or CV matched (anyone can type any email).
DUPLICATE_APPLICATION_PUBLIC_MESSAGE = (
    "An application to this job with these details was already received. If it is yours, log in to "
    "your candidate account to follow it."
)


def _duplicate_error(existing: Application, who: str) -> ConflictError:
    return ConflictError(
        f"{who} has already applied to this job.",
        code="duplicate_application",
        details={"existingApplicationId": str(existing.id)},
    )


def application_submit(
    *,
    tenant: Tenant,
    job: Job,
    by: User | None,
    cv: CvFile,
    source: str = ApplicationSource.UPLOAD,
    email: str = "",
    full_name: str = "",
    phone: str = "",
    linkedin_url: str = "",
    consent_at=None,
    api_key_id=None,
) -> Application:
    """Store one judged CV for a job as a QUEUED application and queue its processing on commit.

    With an email, the candidate is found or created now and a second application of the same person
    to the job is a 409 naming the first. Without one (bulk uploads), the same file twice is the
    duplicate, and the person is read from the CV when it is parsed.
    """
    if job.tenant_id != tenant.id:
        raise NotFoundError("Job not found.")
    try:
        with transaction.atomic():
            candidate = None
            if email:
                candidate = candidate_upsert(
                    tenant=tenant, email=email, full_name=full_name, phone=phone, linkedin_url=linkedin_url
                )
                existing = Application.objects.for_tenant(tenant).filter(job=job, candidate=candidate).first()
                if existing:
                    raise _duplicate_error(existing, candidate.email or "This candidate")
            else:
                existing = Application.objects.for_tenant(tenant).filter(job=job, cv_sha256=cv.sha256).first()
                if existing:
                    raise _duplicate_error(existing, "The same CV file")
            application = Application(
                tenant=tenant,
                job=job,
                candidate=candidate,
                source=source,
                consent_at=consent_at,
                cv_filename=cv.filename,
                cv_kind=cv.kind,
                cv_size=len(cv.data),
                cv_sha256=cv.sha256,
            )
            # Counted once per application (its id is the source), refused at the plan's limit: atomic, so
            # concurrent uploads at limit - 1 let exactly one through.
            billing_services.usage_consume(
                tenant_id=tenant.id,
                metric=UsageMetric.CV_UPLOAD,
                source_id=application.id,
                api_key_id=api_key_id,
            )
            # The storage key is the application's UUID (see cv_upload_path), never the uploader's name.
            application.cv_file.save(f"cv.{cv.kind}", ContentFile(cv.data), save=False)
            application.save()
            event_record(
                tenant_id=tenant.id,
                type=EventType.APPLICATION_CREATED,
                data={
                    "applicationId": str(application.id),
                    "jobId": str(job.id),
                    "candidateId": str(candidate.id) if candidate else None,
                    "source": source,
                    "processingStatus": application.processing_status,
                },
            )
            transaction.on_commit(lambda: _enqueue_parse(application.id))
            if source == ApplicationSource.PUBLIC_LINK:
                # The candidate sent it themselves: they get a receipt (an employer's upload sends none).
                transaction.on_commit(lambda: _enqueue_receipt(application.id))
    except IntegrityError as exc:  # the same candidate applied twice at the same moment
        # The person may have been found by phone, under another email: look them up by record first.
        person = (
            {"candidate": candidate} if candidate is not None else {"candidate__email__iexact": email.strip()}
        )
        existing = Application.objects.for_tenant(tenant).filter(job=job, **person).first()
        if existing:
            raise _duplicate_error(existing, email) from exc
        raise
    return application


def application_apply_public(*, job: Job, cv: CvFile, **contact: str) -> Application:
    """A candidate applies through a job's public link (the API's and the careers site's): consent is
    recorded now, and a duplicate is the 409 ``duplicate_application`` without the details an employer's
    upload gets (the first application's id, whose email matched)."""
    try:
        return application_submit(
            tenant=job.tenant,
            job=job,
            by=None,
            cv=cv,
            source=ApplicationSource.PUBLIC_LINK,
            consent_at=timezone.now(),
            **contact,
        )
    except ConflictError as exc:
        if exc.code != "duplicate_application":
            raise
        raise ConflictError(DUPLICATE_APPLICATION_PUBLIC_MESSAGE, code=exc.code) from None


def application_submit_bulk(
    *,
    tenant: Tenant,
    job: Job,
    by: User | None,
    uploads: list[UploadedFile],
    contacts: list[dict],
    api_key_id=None,
) -> list[dict]:
    """Accept up to 50 CVs independently: one bad file is reported, the others still go in.

    ``contacts[i]`` (optional) holds email/fullName/phone/linkedinUrl for ``uploads[i]``.
    Returns one outcome per file, in order.
    """
    if not 1 <= len(uploads) <= BULK_MAX_FILES:
        raise DomainError(
            f"Validation failed: files: send between 1 and {BULK_MAX_FILES} files (got {len(uploads)}).",
            code="validation_error",
            fields={"files": [f"Send between 1 and {BULK_MAX_FILES} files."]},
        )
    outcomes = []
    for index, upload in enumerate(uploads):
        contact = contacts[index] if index < len(contacts) else {}
        outcome = {"index": index, "filename": safe_filename(upload.name, kind="cv")}
        try:
            cv = read_cv_upload(upload)
            application = application_submit(
                tenant=tenant,
                job=job,
                by=by,
                cv=cv,
                source=ApplicationSource.BULK,
                api_key_id=api_key_id,
                **contact,
            )
        except DomainError as exc:
            outcome.update(
                accepted=False,
                status_code=exc.status_code,
                code=exc.code,
                message=exc.message,
                application_id=(exc.details or {}).get("existingApplicationId"),
            )
        else:
            outcome.update(
                accepted=True,
                status_code=202,
                code="queued",
                message="Queued.",
                application_id=application.id,
            )
        outcomes.append(outcome)
    return outcomes


def _enqueue_parse(application_id) -> None:
    from candidates.tasks import application_parse

    application_parse.delay(str(application_id))


def _enqueue_receipt(application_id) -> None:
    current_app.tasks["candidates.tasks.application_receipt_send"].delay(str(application_id))


def _enqueue_score(application_id) -> None:
    # Scoring belongs to the scoring app, which depends on this one: look its task up by name.
    current_app.tasks[SCORE_TASK].delay(str(application_id))


def _claim(application_id, *, from_status: str, to_status: str, resume: bool = False) -> bool:
    """Move the application from one step to the next iff nobody else has: the idempotency guard.

    ``resume`` is for a redelivery of the same task (a retry, or a worker lost mid-task): it may take
    over the step it had itself claimed.
    """
    now = timezone.now()
    statuses = [from_status, to_status] if resume else [from_status]
    claimable = Application.objects.filter(pk=application_id, processing_status__in=statuses)
    if claimable.update(
        processing_status=to_status,
        processing_started_at=now,
        processing_attempts=F("processing_attempts") + 1,
    ):
        return True
    # Take over a step whose worker died long ago (acks_late redelivers its message).
    stale = Application.objects.filter(
        pk=application_id, processing_status=to_status, processing_started_at__lt=now - STALE_CLAIM_AFTER
    )
    return bool(stale.update(processing_started_at=now, processing_attempts=F("processing_attempts") + 1))


def _fail(application_id, *, code: str, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        failed = Application.objects.filter(pk=application_id).update(
            processing_status=ProcessingStatus.FAILED,
            failure_code=code,
            failure_reason=reason[:500],
            failed_at=now,
            updated_at=now,
        )
        if failed:
            ids = Application.objects.values("tenant_id", "job_id", "candidate_id").get(pk=application_id)
            event_record(
                tenant_id=ids["tenant_id"],
                type=EventType.APPLICATION_FAILED,
                data={
                    "applicationId": str(application_id),
                    "jobId": str(ids["job_id"]),
                    "candidateId": str(ids["candidate_id"]) if ids["candidate_id"] else None,
                    "processingStatus": ProcessingStatus.FAILED,
                    "failureCode": code,
                },
            )


# Shorter than this after extraction, a "CV" is a cover page, a form or a failed scan: never score it.
MIN_CV_TEXT_CHARS = 80


def _candidate_from_profile(application: Application, profile) -> Candidate | Application:
    """For a CV uploaded without contact details: the candidate its text names, or the application it repeats.

    Returns the duplicate application when this person already applied to the job.
    """
    email = next(iter(profile.emails), "")
    phone = next(iter(profile.phones), "")
    name = getattr(profile, "name", None) or application.cv_filename.rsplit(".", 1)[0].replace("_", " ")
    # Matched like an upload with contact details: by email, else by phone; a new record otherwise.
    candidate = candidate_upsert(tenant=application.tenant, email=email, full_name=name[:200], phone=phone)
    existing = (
        Application.objects.for_tenant(application.tenant)
        .filter(job_id=application.job_id, candidate=candidate)
        .exclude(pk=application.pk)
    )
    return existing.first() or candidate


def _parsing_flags(flags: list, hidden) -> list:
    """The application's flags with this parse's hidden-text findings (earlier parse findings replaced)."""
    kept = [f for f in flags or [] if not (isinstance(f, dict) and f.get("source") == "parsing")]
    if not hidden:
        return kept
    reasons = sorted({segment.reason for segment in hidden})
    excerpt = " ".join(segment.text for segment in hidden)
    return [
        *kept,
        {
            "code": "hidden_text",
            "message": (
                f"The CV contains text a reader cannot see ({', '.join(reasons)}); it was left out of "
                "the score."
            ),
            "excerpt": excerpt[:200] + ("\u2026" if len(excerpt) > 200 else ""),
            "source": "parsing",
        },
    ]


def application_parse(*, application_id, resume: bool = False) -> None:
    """Extract the CV's text and structured profile; then queue scoring. A CV we cannot read is marked failed."""
    if not _claim(
        application_id, from_status=ProcessingStatus.QUEUED, to_status=ProcessingStatus.PARSING, resume=resume
    ):
        return
    application = Application.objects.get(pk=application_id)
    try:
        with application.cv_file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        _fail(
            application_id,
            code="file_missing",
            reason="The stored CV file is missing; please upload it again.",
        )
        return
    try:
        # In a forked child with CPU, memory and wall-clock limits: a hostile file costs one application.
        extraction = parsing.extract_document_sandboxed(data, application.cv_kind)
        text = extraction.text  # visible text only: what a recruiter reads is what gets scored
        if len(text.strip()) < MIN_CV_TEXT_CHARS:
            raise parsing.UnreadableDocument(
                f"no usable text: only {len(text.strip())} characters could be read, too few for a CV",
                code="too_little_text",
            )
        profile = engine.parse_cv(text, today=timezone.localdate())
    except parsing.DocumentError as exc:
        _fail(application_id, code=exc.code, reason=exc.reason)
        return
    except Exception:  # a parser bug must not leave the CV stuck in PARSING
        logger.exception("Parsing application %s failed unexpectedly", application_id)
        _fail(
            application_id,
            code=PARSER_ERROR,
            reason="The CV could not be parsed because of an internal error.",
        )
        return
    with transaction.atomic():
        candidate_fields = {}
        if application.candidate_id is None:
            found = _candidate_from_profile(application, profile)
            if isinstance(found, Application):
                _fail(
                    application_id,
                    code="duplicate_application",
                    reason=f"This person already applied to the job (application {found.id}).",
                )
                return
            candidate_fields["candidate"] = found
        now = timezone.now()
        updated = Application.objects.filter(
            pk=application_id, processing_status=ProcessingStatus.PARSING
        ).update(
            **candidate_fields,
            flags=_parsing_flags(application.flags, extraction.hidden),
            parsed_at=now,
            parsed_profile=profile.to_dict(),
            parser_version=parsing.PARSER_VERSION,
            # A reader that failed left its field empty; the CV is still scored and the detail says so.
            warnings=[warning.to_dict() for warning in profile.warnings],
            processing_status=ProcessingStatus.SCORING,
            processing_started_at=now,
            failure_code="",
            failure_reason="",
            failed_at=None,
            updated_at=now,
        )
        if updated:
            transaction.on_commit(lambda: _enqueue_score(application_id))


def application_retry(*, application: Application, by: User | None) -> Application:
    """Send a failed application through parsing and scoring again.

    The one way to re-run an application (the API, the admin action and ``manage.py reprocess`` all
    come here). Idempotent: the FAILED -> QUEUED move is an atomic claim, so of two concurrent retries
    one queues the parse and the other gets the 409; a queued or running application is not re-queued.
    Nothing is charged again: the upload was counted at intake and the assess credit is taken once per
    application (``billing_services.credit_consume`` on its id).
    """
    with transaction.atomic():
        claimed = Application.objects.filter(
            pk=application.pk, processing_status=ProcessingStatus.FAILED
        ).update(
            processing_status=ProcessingStatus.QUEUED,
            failure_code="",
            failure_reason="",
            updated_at=timezone.now(),
        )
        if claimed:
            transaction.on_commit(lambda: _enqueue_parse(application.pk))
    application.refresh_from_db()
    if not claimed:
        raise ConflictError(
            f"Only failed applications can be retried; this one is {application.processing_status}.",
            code="not_retryable",
        )
    return application


@dataclass(frozen=True)
class RetryCounts:
    """What a bulk re-run did: applications queued again, and those skipped (no longer failed)."""

    queued: int
    skipped: int


def applications_retry(*, application_ids: Iterable, by: User | None) -> RetryCounts:
    """Re-run many failed applications, each through :func:`application_retry` (no second path).

    Applications that are no longer FAILED when their turn comes (queued by an earlier run, being
    processed, or scored) are skipped, so running it twice queues each application once.
    """
    queued = skipped = 0
    for application_id in application_ids:
        application = Application.objects.filter(pk=application_id).first()
        try:
            if application is None:
                raise NotFoundError("Application not found.")
            application_retry(application=application, by=by)
        except (ConflictError, NotFoundError):
            skipped += 1
        else:
            queued += 1
    return RetryCounts(queued=queued, skipped=skipped)


def _actor_label(*, by: User, api_key: ApiKey | None) -> str:
    return f"API key '{api_key.name}' ({by.email})" if api_key else by.email


def application_status_change(
    *,
    tenant: Tenant,
    application_id,
    by: User,
    to_status: str,
    reason: str = "",
    api_key: ApiKey | None = None,
) -> Application:
    """Move an application to another pipeline stage and record who did it, when and why.

    Only a person does this: ``by`` is the user (or the owner of the API key acting for them), never
    None, so no automated path (parsing, scoring, re-scoring) can shortlist or reject anyone; scores
    are advice. The row is locked for the read-check-write, so concurrent moves queue up and each
    history row starts where the previous one ended. Moving to the current stage changes nothing and
    records nothing. A move the stage table does not allow is a 409 naming the allowed ones.
    """
    if by is None:
        raise ValueError("A status change needs a person (by=); automated code may not move applications.")
    with transaction.atomic():
        application = (
            Application.objects.for_tenant(tenant)
            .select_for_update()
            .filter(pk=application_id)
            .only("id", "tenant_id", "job_id", "candidate_id", "status")
            .first()
        )
        if application is None:
            raise NotFoundError("Application not found.")
        from_status = application.status
        if to_status == from_status:
            return application
        allowed = allowed_next(from_status)
        if to_status not in allowed:
            raise ConflictError(
                f"An application cannot move from {from_status} to {to_status}; "
                f"from {from_status} it can move to {', '.join(allowed) or 'nothing'}.",
                code="invalid_transition",
                details={"fromStatus": from_status, "toStatus": to_status, "allowed": list(allowed)},
            )
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            status=to_status, status_changed_at=now, updated_at=now
        )
        ApplicationStatusChange.objects.create(
            tenant=tenant,
            application_id=application.pk,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            changed_by=by,
            changed_by_api_key=api_key,
            actor_label=_actor_label(by=by, api_key=api_key)[:200],
        )
        event_record(
            tenant_id=tenant.id,
            type=EventType.APPLICATION_STATUS_CHANGED,
            data={
                "applicationId": str(application.pk),
                "jobId": str(application.job_id),
                "candidateId": str(application.candidate_id) if application.candidate_id else None,
                "fromStatus": from_status,
                "toStatus": to_status,
            },
        )
        application.status = to_status
    return application


# -- the candidate's own account ------------------------------------------------------------------------
# These act in the candidate's realm: the rows are found through the account's user, across tenants,
# because a person's own applications are theirs wherever they applied.
def _verified_account_user(email: str) -> User | None:
    """The user whose candidate account has verified ``email``: a new record of theirs is shown to them."""
    if not email:
        return None
    account = (
        CandidateAccount.objects.filter(user__email__iexact=email, email_verified_at__isnull=False)
        .select_related("user")
        .first()
    )
    return account.user if account is not None else None


@transaction.atomic
def candidate_email_confirm(*, token: str) -> tuple[CandidateAccount, int]:
    """Verify the address from an emailed token and attach what was sent from it: (account, applications)."""
    account = candidate_email_verify(token=token)
    return account, candidate_account_link(account=account)


def candidate_account_link(*, account: CandidateAccount) -> int:
    """Attach the records sent from the account's verified address; returns the applications now shown."""
    if not account.email_verified:
        return 0
    user = account.user
    Candidate.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)
    return Application.objects.filter(candidate__user=user).count()


@transaction.atomic
def candidate_profile_update(*, account: CandidateAccount, **changes: str) -> CandidateAccount:
    """Change the candidate's name, phone or LinkedIn URL, here and at every employer they applied to."""
    user = account.user
    if "full_name" in changes:
        user.full_name = changes["full_name"].strip()
        user.save(update_fields=["full_name", "updated_at"])
    if "phone" in changes:
        # Stored as matching expects it (E.164 when it has a country code), here and at each employer.
        changes["phone"] = phone_clean(changes["phone"])
    for field in ("phone", "linkedin_url"):
        if field in changes:
            setattr(account, field, changes[field].strip())
    account.save()
    # The person's contact details are theirs: each employer's copy follows their own edit.
    copied = {field: value.strip() for field, value in changes.items()}
    if copied:
        Candidate.objects.filter(user=user).update(**copied, updated_at=timezone.now())
    return account


def application_receipt_send(*, application_id) -> bool:
    """Email the candidate that their application arrived; False when there is no one to tell."""
    application = (
        Application.objects.filter(pk=application_id)
        .select_related("candidate", "job", "job__tenant")
        .first()
    )
    if application is None or application.candidate is None or not application.candidate.email:
        return False
    context = {
        "name": application.candidate.full_name,
        "job_title": application.job.title,
        "company": application.job.tenant.name,
        "received_at": application.created_at,
        "account_url": f"{settings.PUBLIC_BASE_URL.rstrip('/')}{settings.CANDIDATE_ACCOUNT_PATH}",
    }
    body = render_to_string("candidates/email/application_receipt.txt", context)
    subject = f"Your application for {application.job.title} at {application.job.tenant.name}"
    email_send(subject=subject, body=body, to=[application.candidate.email])
    return True


# -- human review of a score --------------------------------------------------------------------------
def score_review_request(
    *, account: CandidateAccount, application_id, message: str = ""
) -> ScoreReviewRequest:
    """A candidate asks a person at the employer to review the automated score of one of their applications.

    One open request per application: asking again while one is open answers 409 naming it.
    """
    application = application_get_for_account(account=account, application_id=application_id)
    open_request = ScoreReviewRequest.objects.filter(
        application=application, status=ReviewRequestStatus.OPEN
    ).first()
    if open_request is None:
        try:
            with transaction.atomic():
                return ScoreReviewRequest.objects.create(
                    tenant_id=application.tenant_id, application=application, message=message.strip()
                )
        except IntegrityError:  # asked twice at the same moment
            open_request = ScoreReviewRequest.objects.get(
                application=application, status=ReviewRequestStatus.OPEN
            )
    raise ConflictError(
        "A review of this score is already requested; the employer will answer it.",
        code="review_already_requested",
        details={"reviewRequestId": str(open_request.id)},
    )


def score_review_resolve(
    *, tenant: Tenant, review: ScoreReviewRequest, by: User, resolution: str
) -> ScoreReviewRequest:
    """A person at the employer closes a review request with what they concluded."""
    if review.tenant_id != tenant.id:
        raise NotFoundError("Review request not found.")
    with transaction.atomic():
        review = ScoreReviewRequest.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewRequestStatus.RESOLVED:
            raise ConflictError("This review request is already resolved.", code="review_already_resolved")
        review.status = ReviewRequestStatus.RESOLVED
        review.resolution = resolution.strip()
        review.resolved_by = by
        review.resolved_at = timezone.now()
        review.save(update_fields=["status", "resolution", "resolved_by", "resolved_at", "updated_at"])
    return review


def job_application_tally_repair() -> list[tuple]:
    """Rewrite the tally of every job whose tally differs from its applications (PostgreSQL).

    Returns what differed, as :func:`job_application_tally_drift` does. Applications are locked against
    writes while it counts and rewrites, so no application slips in between.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE candidates_application IN SHARE MODE")
        drift = job_application_tally_drift()
        for tenant_id, job_id, _tallied, counted in drift:
            JobApplicationTally.objects.filter(job_id=job_id).delete()
            if counted:
                JobApplicationTally.objects.create(
                    tenant_id=tenant_id, job_id=job_id, shard=0, applications=counted
                )
    return drift
