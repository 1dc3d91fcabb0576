"""Writes for jobs and boards."""

import logging
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Tenant
from billing import services as billing_services
from billing.models import PlanLimit, UsageMetric
from hiresscope.casing import camel_names
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError
from hiresscope.timefmt import utc_iso
from jobs.models import Board, Job, JobStatus
from jobs.selectors import job_active_count
from webhooks.models import EventType
from webhooks.services import event_record

logger = logging.getLogger(__name__)


def board_create_default(*, tenant: Tenant) -> Board:
    board, _ = Board.objects.get_or_create(
        tenant=tenant, is_default=True, defaults={"name": "Default", "key": f"brd_{secrets.token_hex(12)}"}
    )
    return board


def _job_slug(title: str) -> str:
    # Random suffix: public links must not be guessable sequences, and titles repeat across tenants.
    return f"{slugify(title)[:60] or 'job'}-{secrets.token_hex(4)}"


def _check_salary(salary_min: int | None, salary_max: int | None) -> None:
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise DomainError(
            "Validation failed: salaryMin must not exceed salaryMax",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"salaryMin": ["Must not exceed salaryMax."]},
        )


def _check_geo(latitude: Any, longitude: Any) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError(
            "Validation failed: latitude and longitude go together",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"latitude": ["Give both latitude and longitude, or neither."]},
        )


def _active_jobs_allowance(tenant: Tenant) -> None:
    """403 ``plan_limit_exceeded`` when one more ACTIVE job would pass the plan's limit. The count runs
    under billing's lock on the tenant's subscription, held until this transaction commits, so two
    jobs activated at once cannot both take the last place."""
    billing_services.plan_allowance_check(
        tenant_id=tenant.id,
        limit=PlanLimit.ACTIVE_JOBS,
        in_use=lambda: job_active_count(tenant=tenant),
    )


@transaction.atomic
def job_create(*, tenant: Tenant, by: Actor, **fields: Any) -> Job:
    """Create a job on the tenant's default board; metered, and ACTIVE ones held to the plan's limit.

    A job created with an API key remembers it (``by.api_key``): b2d lists a key the jobs created with it.
    """
    _check_salary(fields.get("salary_min"), fields.get("salary_max"))
    _check_geo(fields.get("latitude"), fields.get("longitude"))
    if fields.get("status") == JobStatus.ACTIVE:
        _active_jobs_allowance(tenant)
    job = Job.objects.create(
        tenant=tenant,
        board=board_create_default(tenant=tenant),
        created_by=by.user,
        created_with_key=by.api_key,
        slug=_job_slug(fields["title"]),
        **fields,
    )
    billing_services.usage_consume(tenant_id=tenant.id, metric=UsageMetric.JOB_CREATED, source_id=job.id)
    event_record(
        tenant_id=tenant.id, type=EventType.JOB_CREATED, data={"jobId": str(job.id), "status": job.status}
    )
    return job


@transaction.atomic
def job_update(*, job: Job, by: Actor, **changes: Any) -> Job:
    """Apply a partial update; invariants are checked on the merged result."""
    merged = {
        name: changes.get(name, getattr(job, name))
        for name in ("salary_min", "salary_max", "latitude", "longitude")
    }
    _check_salary(merged["salary_min"], merged["salary_max"])
    _check_geo(merged["latitude"], merged["longitude"])
    if changes.get("status") == JobStatus.ACTIVE and job.status != JobStatus.ACTIVE:
        _active_jobs_allowance(job.tenant)
    for name, value in changes.items():
        setattr(job, name, value)
    job.save()
    if changes:
        event_record(
            tenant_id=job.tenant_id,
            type=EventType.JOB_UPDATED,
            data={"jobId": str(job.id), "status": job.status, "changedFields": camel_names(changes)},
        )
    return job


# No savepoint needed: the update and its outbox event succeed or fail together with any caller's transaction.
@transaction.atomic(savepoint=False)
def job_soft_delete(*, job: Job, by: Actor) -> Job:
    """Hide a job from every list and close it; its applications and CVs are kept."""
    if job.deleted_at is None:
        job.deleted_at = timezone.now()
        job.status = JobStatus.CLOSED
        job.save(update_fields=["deleted_at", "status", "updated_at"])
        event_record(
            tenant_id=job.tenant_id,
            type=EventType.JOB_DELETED,
            data={"jobId": str(job.id), "deletedAt": utc_iso(job.deleted_at)},
        )
        audit_record(
            tenant_id=job.tenant_id, by=by, action="job.deleted", target_type="job", target_id=job.pk
        )
    return job


def job_deletion_finalise(*, job: Job, by: Actor) -> Job:
    """Mark a soft-deleted job's deletion confirmed: from now on it cannot be restored.

    Locks the job's row; call it inside the transaction that does the rest of the confirmation, so a
    second confirmation waits, then finds the deletion confirmed (409). Returns the locked copy.
    """
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.deleted_at is None:
        raise ConflictError("The job is not deleted: DELETE /jobs/:id first.", code=ErrorCode.JOB_NOT_DELETED)
    if job.deletion_confirmed_at is not None:
        raise ConflictError(
            "The deletion of this job was already confirmed.",
            code=ErrorCode.DELETION_ALREADY_CONFIRMED,
            details={"deletionConfirmedAt": utc_iso(job.deletion_confirmed_at)},
        )
    job.deletion_confirmed_at = timezone.now()
    job.save(update_fields=["deletion_confirmed_at", "updated_at"])
    audit_record(
        tenant_id=job.tenant_id, by=by, action="job.deletion_confirmed", target_type="job", target_id=job.pk
    )
    return job


@transaction.atomic
def job_restore(*, job: Job, by: Actor) -> Job:
    """Undo a soft delete (an operator's action) unless the employer already confirmed it.

    The job comes back CLOSED, as the delete left it: reopening it to applications is the employer's call.
    """
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.deletion_confirmed_at is not None:
        raise ConflictError(
            "The deletion of this job was confirmed; it can no longer be restored.",
            code=ErrorCode.DELETION_ALREADY_CONFIRMED,
        )
    if job.deleted_at is not None:
        job.deleted_at = None
        job.save(update_fields=["deleted_at", "updated_at"])
        audit_record(
            tenant_id=job.tenant_id, by=by, action="job.restored", target_type="job", target_id=job.pk
        )
        logger.info("Job %s restored by %s", job.pk, by.label)
    return job


def board_create(*, tenant: Tenant, by: Actor, name: str) -> Board:
    """Create a named, non-default board; its ``key`` is random and never reused."""
    name = name.strip()
    if not name:
        raise DomainError(
            "Validation failed: name: This field may not be blank.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"name": ["This field may not be blank."]},
        )
    return Board.objects.create(tenant=tenant, name=name, key=f"brd_{secrets.token_hex(12)}")
