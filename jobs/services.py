"""Writes for jobs and boards."""

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Tenant, User
from hiresscope.exceptions import DomainError
from jobs.models import Board, Job, JobStatus


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
            code="validation_error",
            fields={"salaryMin": ["Must not exceed salaryMax."]},
        )


def _check_geo(latitude: Any, longitude: Any) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError(
            "Validation failed: latitude and longitude go together",
            code="validation_error",
            fields={"latitude": ["Give both latitude and longitude, or neither."]},
        )


@transaction.atomic
def job_create(*, tenant: Tenant, by: User | None, **fields: Any) -> Job:
    """Create a job on the tenant's default board."""
    _check_salary(fields.get("salary_min"), fields.get("salary_max"))
    _check_geo(fields.get("latitude"), fields.get("longitude"))
    return Job.objects.create(
        tenant=tenant,
        board=board_create_default(tenant=tenant),
        created_by=by,
        slug=_job_slug(fields["title"]),
        **fields,
    )


@transaction.atomic
def job_update(*, job: Job, by: User | None, **changes: Any) -> Job:
    """Apply a partial update; invariants are checked on the merged result."""
    merged = {
        name: changes.get(name, getattr(job, name))
        for name in ("salary_min", "salary_max", "latitude", "longitude")
    }
    _check_salary(merged["salary_min"], merged["salary_max"])
    _check_geo(merged["latitude"], merged["longitude"])
    for name, value in changes.items():
        setattr(job, name, value)
    job.save()
    return job


def job_soft_delete(*, job: Job, by: User | None) -> Job:
    """Hide a job from every list and close it; its applications and CVs are kept."""
    if job.deleted_at is None:
        job.deleted_at = timezone.now()
        job.status = JobStatus.CLOSED
        job.save(update_fields=["deleted_at", "status", "updated_at"])
    return job


def board_create(*, tenant: Tenant, by: User | None, name: str) -> Board:
    """Create a named, non-default board; its ``key`` is random and never reused."""
    name = name.strip()
    if not name:
        raise DomainError(
            "Validation failed: name: This field may not be blank.",
            code="validation_error",
            fields={"name": ["This field may not be blank."]},
        )
    return Board.objects.create(tenant=tenant, name=name, key=f"brd_{secrets.token_hex(12)}")
