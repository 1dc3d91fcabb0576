"""Celery entry points of billing."""

from celery import shared_task

from billing import services


@shared_task(name="billing.tasks.subscriptions_sweep", soft_time_limit=120, time_limit=180)
def subscriptions_sweep() -> int:
    """Write down statuses that time changed (trials and periods that ended); idempotent."""
    return services.subscriptions_sweep()
