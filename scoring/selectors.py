"""Reads of the scoring app."""

from jobs.models import Job
from scoring.models import JobReview


def job_review_latest(*, job: Job) -> JobReview | None:
    """The job's latest description review (``GET /jobs/:id/reviews`` lists them all, newest first)."""
    return JobReview.objects.filter(job=job).order_by("-created_at", "pk").first()
