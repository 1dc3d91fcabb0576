"""``manage.py rescore --stale`` after a deploy that changed the engine, or ``--job ID`` for one job."""

from django.core.management.base import BaseCommand, CommandError

from accounts.actors import Actor
from jobs.models import Job
from scoring import services


class Command(BaseCommand):
    help = "Start background re-scoring runs: for every job scored by another engine version, or for one job."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true", help="jobs with applications of another engine version"
        )
        parser.add_argument("--job", help="re-score this job's applications")

    def handle(self, *args, stale: bool, job: str | None, **options):
        if not stale and not job:
            raise CommandError("Give --stale or --job ID.")
        if job:
            found = Job.objects.filter(pk=job, deleted_at__isnull=True).first()
            if found is None:
                raise CommandError(f"No live job {job}.")
            run = services.rescore_request(job=found, by=Actor.process("manage.py rescore"))
            self.stdout.write(f"Run {run.pk}: {run.total} applications queued.")
        if stale:
            self.stdout.write(f"{services.rescore_stale_jobs()} re-scoring runs started.")
