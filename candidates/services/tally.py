"""Repair of the per-job application tally that PostgreSQL triggers keep (``manage.py tally_applications``)."""

from django.db import connection, transaction

from candidates.models import JobApplicationTally
from candidates.selectors import job_application_tally_drift


def job_application_tally_repair() -> list[tuple]:
    """Rewrite the tally of every job whose tally differs from its applications (PostgreSQL).

    Returns what differed, as :func:`job_application_tally_drift` does. Applications are locked against
    writes while it counts and rewrites, so no application slips in between.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE candidates_application IN SHARE MODE")
        drift = job_application_tally_drift()
        for tenant_id, job_id, _tallied, counted in drift:
            JobApplicationTally.objects.filter(job_id=job_id).delete()
            if counted:
                JobApplicationTally.objects.create(
                    tenant_id=tenant_id, job_id=job_id, shard=0, applications=counted
                )
    return drift
