"""``manage.py pipeline_sweep``: run the CV pipeline's stall sweep once (``celery beat`` runs it every 5 min).

Useful after an outage (a broker that lost messages, workers killed): applications stuck in QUEUED,
PARSING or SCORING past ``PIPELINE_STALL_AFTER_SECONDS`` are queued again, or failed with
``processing_stalled`` once restarted ``PIPELINE_STALL_MAX_REQUEUES`` times.
"""

from django.core.management.base import BaseCommand

from candidates.pipeline import stall_after, stalled_sweep


class Command(BaseCommand):
    help = "Re-queue CV processing that stalled (lost enqueue, killed worker); fail what stalls too often."

    def handle(self, *args, **options):
        counts = stalled_sweep()
        self.stdout.write(
            f"Stalled longer than {stall_after()}: {counts.requeued} re-queued, {counts.failed} failed, "
            f"{counts.waiting} waiting behind a queue backlog."
        )
