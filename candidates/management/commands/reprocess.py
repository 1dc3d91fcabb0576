"""``manage.py reprocess --failed-internal``: re-run the applications that failed because of us.

After a fix to the parser or the scorer is deployed (or a missing document reader installed), the CVs
it failed are queued again, each through the same service as ``POST /applications/:id/retry``.
Running it twice queues each application once; ``--dry-run`` only counts.
"""

import uuid
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from accounts.actors import Actor
from accounts.models import Tenant
from candidates.pipeline import applications_retry
from candidates.selectors import applications_failed_internal


class Command(BaseCommand):
    help = "Queue again the applications that failed for an internal reason (parser or scoring error)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed-internal",
            action="store_true",
            help="applications whose failure code says the fault was ours (parser_error, scoring_error, ...)",
        )
        parser.add_argument("--tenant", help="only this tenant (slug or id)")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be queued; change nothing"
        )

    def handle(self, *args, failed_internal: bool, tenant: str | None, dry_run: bool, **options):
        if not failed_internal:
            raise CommandError("Say what to re-run: --failed-internal.")
        found_tenant = _tenant(tenant) if tenant else None
        failed = applications_failed_internal(tenant=found_tenant)
        by_code = Counter(failed.values_list("failure_code", flat=True))
        where = f" of tenant {found_tenant.slug}" if found_tenant else ""
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(by_code.items())) or "none"
        self.stdout.write(
            f"{sum(by_code.values())} application(s){where} failed for an internal reason ({codes})."
        )
        if dry_run:
            self.stdout.write("Dry run: nothing queued.")
            return
        counts = applications_retry(
            application_ids=list(failed.values_list("pk", flat=True)), by=Actor.process("manage.py reprocess")
        )
        self.stdout.write(f"Queued {counts.queued}; skipped {counts.skipped} (no longer failed).")


def _tenant(value: str) -> Tenant:
    try:
        lookup = {"pk": uuid.UUID(value)}
    except ValueError:
        lookup = {"slug": value}
    found = Tenant.objects.filter(**lookup).first()
    if found is None:
        raise CommandError(f"No tenant {value!r} (give its slug or id).")
    return found
