"""Celery entry points of the scoring app. They take ids, re-fetch, and call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from hiresscope.celery import send_or_defer
from scoring import services

# Only infrastructure hiccups are retried; scoring itself is deterministic.
_TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="scoring.tasks.application_score",
    autoretry_for=_TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
    acks_late=True,
)
def application_score(application_id: str) -> None:
    """Score the application's stored profile against its job's current rubric."""
    services.application_score(application_id=application_id)


@shared_task(
    name="scoring.tasks.rescore_batch",
    autoretry_for=_TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=240,
    time_limit=300,
    acks_late=True,
)
def rescore_batch(run_id: str) -> None:
    """Re-score one batch of a run, then queue the next one (a chain, so progress is visible)."""
    if services.rescore_batch(run_id=run_id):
        send_or_defer(rescore_batch, run_id)


@shared_task(name="scoring.tasks.rescore_stale_jobs", soft_time_limit=120, time_limit=180)
def rescore_stale_jobs() -> int:
    """Periodic: re-score jobs whose applications were scored by another engine version."""
    return services.rescore_stale_jobs()


@shared_task(name="scoring.tasks.rescore_runs_resume", soft_time_limit=60, time_limit=90)
def rescore_runs_resume() -> int:
    """Periodic: carry on re-scoring runs whose chain of batches was lost."""
    return services.rescore_runs_resume()
