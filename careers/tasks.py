"""Celery entry points for the careers site."""

from celery import shared_task

from careers.services import cv_staging_cleanup


@shared_task(name="careers.tasks.cv_staging_cleanup", soft_time_limit=120, time_limit=180)
def cv_staging_cleanup_task() -> int:
    """Delete CVs kept for the apply form that were never used and are older than a day."""
    return cv_staging_cleanup()
