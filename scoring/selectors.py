"""Reads of the scoring app."""

from jobs.models import Job
from scoring.models import JobReview, RescoreRun


def job_review_latest(*, job: Job) -> JobReview | None:
    """The job's latest description review (``GET /jobs/:id/reviews`` lists them all, newest first)."""
    return JobReview.objects.filter(job=job).order_by("-created_at", "pk").first()


def rescore_run_latest(*, job: Job) -> RescoreRun | None:
    """The job's latest re-scoring run, with its rubric (what ``GET /jobs/:id/rubric`` reports)."""
    return RescoreRun.objects.filter(job=job).select_related("rubric").order_by("-created_at", "pk").first()
