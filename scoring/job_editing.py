"""Creating and editing a job with its rubric kept in step: the one way every interface changes a job.

A job's rubric is extracted from its text, and a changed description is reviewed again. The jobs app
cannot do this itself (dependencies point one way: scoring depends on jobs), so the API, the operators'
admin, the demo seed and the dashboard all call these, and the job's change, its outbox event, the new
rubric version and the review commit together or not at all.
"""

from typing import Any

from django.db import transaction

from accounts.actors import Actor
from accounts.models import Tenant
from jobs import services as job_services
from jobs.models import Job
from scoring.services import job_changed


@transaction.atomic
def job_create(*, tenant: Tenant, by: Actor, **fields: Any) -> Job:
    """Create the job (metered, plan limits held), extract its rubric and review its description."""
    job = job_services.job_create(tenant=tenant, by=by, **fields)
    job_changed(job=job, by=by, created=True)
    return job


@transaction.atomic
def job_update(*, job: Job, by: Actor, **changes: Any) -> Job:
    """Apply a partial update; the rubric follows the text, and a changed description is reviewed."""
    job = job_services.job_update(job=job, by=by, **changes)
    job_changed(job=job, by=by, created=False, fields=changes)
    return job
