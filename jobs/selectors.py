"""Reads for jobs."""

from django.db.models import Q, QuerySet

from accounts.models import Tenant
from hiresscope.exceptions import NotFoundError
from jobs.models import Job, JobStatus


def job_list(*, tenant: Tenant, status: str = "", search: str = "") -> QuerySet[Job]:
    """The tenant's live jobs; optionally of one status, or whose title, department or location holds
    ``search`` (any case)."""
    jobs = Job.objects.for_tenant(tenant).alive().select_related("board")
    if status:
        jobs = jobs.filter(status=status)
    if search:
        jobs = jobs.filter(
            Q(title__icontains=search) | Q(department__icontains=search) | Q(location__icontains=search)
        )
    return jobs


def job_active_count(*, tenant: Tenant) -> int:
    """The ACTIVE jobs the plan's ``active_jobs`` allowance counts."""
    return job_list(tenant=tenant).filter(status=JobStatus.ACTIVE).count()


def job_get(*, tenant: Tenant, job_id) -> Job:
    """The tenant's live job, or the same 404 whether it is missing, deleted or another tenant's."""
    job = job_list(tenant=tenant).filter(id=job_id).first()
    if job is None:
        raise NotFoundError("Job not found.")
    return job


def job_get_with_deleted(*, tenant: Tenant, job_id) -> Job:
    """The tenant's job even when soft-deleted: for the deletion lifecycle only, never for lists.

    ``POST /jobs/:id/confirm-delete`` needs it to tell a live job (409) from a missing one (404).
    """
    job = Job.objects.for_tenant(tenant).filter(id=job_id).select_related("board").first()
    if job is None:
        raise NotFoundError("Job not found.")
    return job


def job_deletions_pending(*, tenant: Tenant) -> QuerySet[Job]:
    """The tenant's soft-deleted jobs whose deletion is not confirmed yet (the talent pool not chosen)."""
    return Job.objects.for_tenant(tenant).filter(deleted_at__isnull=False, deletion_confirmed_at__isnull=True)


def job_public_list(*, company: str | None = None) -> QuerySet[Job]:
    """Active public jobs of every tenant, optionally of one company (tenant slug or name)."""
    jobs = (
        Job.objects.alive().filter(status=JobStatus.ACTIVE, is_public=True).select_related("tenant", "board")
    )
    if company:
        jobs = jobs.filter(tenant__slug=company) | jobs.filter(tenant__name__iexact=company)
    return jobs.order_by("-created_at")
