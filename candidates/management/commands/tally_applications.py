"""``manage.py tally_applications [--repair]``: check each job's tally of applications against its rows.

The tally (``JobApplicationTally``, PostgreSQL triggers) gives a job's unfiltered list its total. Only
something that wrote around the triggers can make it differ: a data-only restore of applications with
triggers disabled, or a hand edit. Exits 1 when a job differs and ``--repair`` was not given.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from candidates.selectors import job_application_tally_drift
from candidates.services.tally import job_application_tally_repair


class Command(BaseCommand):
    help = "Check every job's tally of applications against its rows; --repair rewrites those that differ."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="rewrite the tallies that differ")

    def handle(self, *args, repair: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Only PostgreSQL keeps a tally; SQLite lists count their rows.")
        drift = job_application_tally_repair() if repair else job_application_tally_drift()
        for tenant_id, job_id, tallied, counted in drift:
            self.stdout.write(f"job {job_id} (tenant {tenant_id}): tally {tallied}, applications {counted}")
        if not drift:
            self.stdout.write("Every job's tally matches its applications.")
        elif repair:
            self.stdout.write(f"Rewrote the tally of {len(drift)} job(s).")
        else:
            raise CommandError(f"{len(drift)} job(s) differ; run with --repair to rewrite them.")
