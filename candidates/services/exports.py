"""Exports of a tenant's applications: reads, but a copy of people's data leaving the system is audited."""

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Tenant
from jobs.models import Job


def applications_export_record(
    *, tenant: Tenant, by: Actor, job: Job, filters: dict, ip: str | None = None
) -> None:
    """Write down that ``by`` exported ``job``'s applications with these filters (the view streams them).

    A name search is free text about a person and would outlive their erasure here, so only the fact
    that one was used is kept.
    """
    details = {name: value for name, value in filters.items() if name != "search"}
    if filters.get("search"):
        details["search"] = True
    # One insert: atomic on its own, and nothing else is written with it.
    audit_record(
        tenant=tenant,
        by=by,
        action="applications.exported",
        target_type="job",
        target_id=job.pk,
        details={"jobId": str(job.pk), "filters": details},
        ip=ip,
    )
