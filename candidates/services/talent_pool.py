"""The talent pool: saving a candidate for later, taking them out, and a job's deletion with the pool."""

from django.db import IntegrityError, transaction

from accounts.actors import Actor
from accounts.models import Tenant
from candidates.models import Application, Candidate, TalentPoolEntry
from candidates.selectors import talent_pool_eligible_applications
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from jobs.models import Job
from jobs.services import job_deletion_finalise


def _already_in_pool(entry: TalentPoolEntry) -> ConflictError:
    return ConflictError(
        "This candidate is already in the talent pool.",
        code=ErrorCode.ALREADY_IN_POOL,
        details={"existingEntryId": str(entry.id)},
    )


def talent_pool_add(
    *,
    tenant: Tenant,
    by: Actor,
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
                code=ErrorCode.VALIDATION_ERROR,
                fields={"applicationId": ["The application is not this candidate's."]},
            )
    if candidate.merged_into_id is not None:
        raise ConflictError(
            "This record was merged into another one; save that one instead.",
            code=ErrorCode.CANDIDATE_MERGED,
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
                added_by=by.user,
            )
    except IntegrityError:  # saved at the same moment by someone else: the unique constraint decided
        raise _already_in_pool(TalentPoolEntry.objects.get(candidate=candidate)) from None


def talent_pool_remove(*, entry: TalentPoolEntry, by: Actor) -> None:
    """Take a candidate out of the pool. Their applications, CVs and scores stay where they are."""
    entry.delete()


def job_deletion_confirm(
    *, tenant: Tenant, job: Job, by: Actor, candidate_ids: list
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
                code=ErrorCode.VALIDATION_ERROR,
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
                added_by=by.user,
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
