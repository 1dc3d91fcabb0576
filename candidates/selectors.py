"""Reads for candidates and applications."""

from django.db.models import QuerySet

from accounts.models import Tenant
from candidates.models import Application, ApplicationStatus, ProcessingStatus
from hiresscope.exceptions import NotFoundError
from jobs.models import Job, JobStatus


def application_list_for_job(*, tenant: Tenant, job: Job) -> QuerySet[Application]:
    return Application.objects.for_tenant(tenant).filter(job=job).select_related("candidate")


def talent_pool_eligible_for_job(*, job: Job) -> list[dict]:
    """Candidates of a job worth keeping when it closes: scored, not rejected, best first."""
    applications = (
        Application.objects.for_tenant(job.tenant)
        .filter(job=job, processing_status=ProcessingStatus.SCORED)
        .exclude(status=ApplicationStatus.REJECTED)
        .select_related("candidate")
        .order_by("-score", "created_at")
    )
    return [
        {
            "candidate_id": application.candidate_id,
            "application_id": application.id,
            "full_name": application.candidate.full_name,
            "email": application.candidate.email,
            "score": application.score,
        }
        for application in applications
    ]


def job_open_for_applications(*, slug: str) -> Job:
    """The job behind a public link, if it takes applications (active, public, not deleted); else 404."""
    job = (
        Job.objects.alive()
        .filter(slug=slug, status=JobStatus.ACTIVE, is_public=True)
        .select_related("tenant")
        .first()
    )
    if job is None:
        raise NotFoundError("This job is not open for applications.")
    return job
