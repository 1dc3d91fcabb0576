"""Writes for candidates and applications: CV intake, parsing, scoring, retry.

Intake is synchronous (validated by content, stored, row created); parsing and scoring run in
Celery tasks enqueued on commit. Each processing step claims the row atomically, so a task that is
delivered twice does its work once.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Tenant, User
from candidates.intake import CvFile, read_cv_upload, safe_filename
from candidates.models import (
    Application,
    ApplicationSource,
    Candidate,
    ProcessingStatus,
    Source,
    SourceKind,
)
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from jobs.models import Job
from scoring import engine, parsing

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


def candidate_upsert(
    *, tenant: Tenant, email: str, full_name: str, phone: str = "", linkedin_url: str = ""
) -> Candidate:
    """The tenant's candidate with this email (one person, one record across jobs), created if new.

    Contact fields the record lacks are filled in; existing ones are not overwritten by a later upload.
    """
    email = email.strip().lower()
    candidate = Candidate.objects.for_tenant(tenant).filter(email__iexact=email).first()
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
                )
        except IntegrityError:  # created concurrently (two CVs of one person in one bulk upload)
            candidate = Candidate.objects.for_tenant(tenant).get(email__iexact=email)
    changed = []
    for field, value in (("full_name", full_name.strip()), ("phone", phone), ("linkedin_url", linkedin_url)):
        if value and not getattr(candidate, field):
            setattr(candidate, field, value)
            changed.append(field)
    if changed:
        candidate.save(update_fields=[*changed, "updated_at"])
    return candidate


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
                    raise _duplicate_error(existing, candidate.email)
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
            # The storage key is the application's UUID (see cv_upload_path), never the uploader's name.
            application.cv_file.save(f"cv.{cv.kind}", ContentFile(cv.data), save=False)
            application.save()
            transaction.on_commit(lambda: _enqueue_parse(application.id))
    except IntegrityError as exc:  # the same candidate applied twice at the same moment
        existing = (
            Application.objects.for_tenant(tenant)
            .filter(job=job, candidate__email__iexact=email.strip())
            .first()
        )
        if existing:
            raise _duplicate_error(existing, email) from exc
        raise
    return application


def application_submit_bulk(
    *, tenant: Tenant, job: Job, by: User | None, uploads: list[UploadedFile], contacts: list[dict]
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
                tenant=tenant, job=job, by=by, cv=cv, source=ApplicationSource.BULK, **contact
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
    Application.objects.filter(pk=application_id).update(
        processing_status=ProcessingStatus.FAILED,
        failure_code=code,
        failure_reason=reason[:500],
        failed_at=now,
        updated_at=now,
    )


# Shorter than this after extraction, a "CV" is a cover page, a form or a failed scan: never score it.
MIN_CV_TEXT_CHARS = 80


def _candidate_from_profile(application: Application, profile) -> Candidate | Application:
    """For a CV uploaded without contact details: the candidate its text names, or the application it repeats.

    Returns the duplicate application when this person already applied to the job.
    """
    email = next(iter(profile.emails), "")
    name = getattr(profile, "name", None) or application.cv_filename.rsplit(".", 1)[0].replace("_", " ")
    if not email:
        return Candidate.objects.create(
            tenant_id=application.tenant_id,
            email="",
            full_name=name[:200],
            source=source_get_default(tenant=application.tenant),
        )
    candidate = candidate_upsert(tenant=application.tenant, email=email, full_name=name[:200])
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
            code="parser_error",
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
    """Send a failed application through parsing and scoring again."""
    if application.processing_status != ProcessingStatus.FAILED:
        raise ConflictError(
            f"Only failed applications can be retried; this one is {application.processing_status}.",
            code="not_retryable",
        )
    with transaction.atomic():
        Application.objects.filter(pk=application.pk, processing_status=ProcessingStatus.FAILED).update(
            processing_status=ProcessingStatus.QUEUED,
            failure_code="",
            failure_reason="",
            updated_at=timezone.now(),
        )
        transaction.on_commit(lambda: _enqueue_parse(application.pk))
    application.refresh_from_db()
    return application
