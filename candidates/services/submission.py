"""CV intake: one CV, a bulk upload of up to 50, and the public apply link; and the candidate's receipt.

Intake is synchronous (the file judged by content, stored, the row created QUEUED); processing is queued
on commit through :func:`candidates.pipeline.enqueue`.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.actors import Actor
from accounts.models import Tenant
from billing import services as billing_services
from billing.models import UsageMetric
from candidates import pipeline
from candidates.analytics import analytics_invalidate
from candidates.intake import CvFile, read_cv_upload, safe_filename
from candidates.models import Application, ApplicationSource
from candidates.services.people import candidate_upsert
from hiresscope.celery import send_after_commit
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from hiresscope.mail import email_send
from jobs.models import Job
from webhooks.models import EventType
from webhooks.services import event_record

BULK_MAX_FILES = 50
# An applicant through a public link is nobody's member and has no account here yet.
PUBLIC_APPLICANT = Actor.process("public apply link")

# What an anonymous applicant learns of a duplicate: that there is one, as the seed's 409 says, but
# neither the existing application's id nor whose email or CV matched (anyone can type any email).
DUPLICATE_APPLICATION_PUBLIC_MESSAGE = (
    "An application to this job with these details was already received. If it is yours, log in to "
    "your candidate account to follow it."
)


def _duplicate_error(existing: Application, who: str) -> ConflictError:
    return ConflictError(
        f"{who} has already applied to this job.",
        code=ErrorCode.DUPLICATE_APPLICATION,
        details={"existingApplicationId": str(existing.id)},
    )


def application_submit(
    *,
    tenant: Tenant,
    job: Job,
    by: Actor,
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
    duplicate, and the person is read from the CV when it is parsed. A CV sent with an API key is
    charged to that key (b2d's credits are per key).
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
                api_key_id=by.api_key.pk if by.api_key is not None else None,
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
            pipeline.enqueue(application.id, status=application.processing_status)
            analytics_invalidate(tenant_id=tenant.id)  # a new CV counts in the totals and the trend
            if source == ApplicationSource.PUBLIC_LINK:
                # The candidate sent it themselves: they get a receipt (an employer's upload sends none).
                _receipt_enqueue(application.id)
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
            by=PUBLIC_APPLICANT,
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
    by: Actor,
    uploads: list[UploadedFile],
    contacts: list[dict],
) -> list[dict]:
    """Accept up to 50 CVs independently: one bad file is reported, the others still go in.

    ``contacts[i]`` (optional) holds email/fullName/phone/linkedinUrl for ``uploads[i]``.
    Returns one outcome per file, in order.
    """
    if not 1 <= len(uploads) <= BULK_MAX_FILES:
        raise DomainError(
            f"Validation failed: files: send between 1 and {BULK_MAX_FILES} files (got {len(uploads)}).",
            code=ErrorCode.VALIDATION_ERROR,
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
                code=ErrorCode.QUEUED,
                message="Queued.",
                application_id=application.id,
            )
        outcomes.append(outcome)
    return outcomes


def _receipt_enqueue(application_id) -> None:
    # The task module imports this one; imported here, at the call, to keep that one way.
    from candidates.tasks import application_receipt_send

    send_after_commit(application_receipt_send, str(application_id))


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
