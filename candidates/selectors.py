"""Reads for candidates and applications."""

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)

from accounts.models import Tenant
from candidates.models import (
    INTERNAL_FAILURE_CODES,
    Application,
    ApplicationStatus,
    Candidate,
    CandidateMerge,
    JobApplicationTally,
    ProcessingStatus,
    TalentPoolEntry,
)
from hiresscope.exceptions import NotFoundError
from jobs.models import Job, JobStatus


def talent_pool_min_score() -> int:
    """The lowest score (0-100) that makes a job's candidate worth offering for the talent pool."""
    return settings.TALENT_POOL_MIN_SCORE


def talent_pool_eligible_applications(*, job: Job) -> QuerySet[Application]:
    """The job's applications worth keeping when it closes, best first.

    Scored, not rejected, at least :func:`talent_pool_min_score`, and of a record neither merged away (a
    merge moves the applications to the surviving record, so this only guards odd data) nor erased. Each carries
    ``in_pool``: the candidate already has a pool entry (saved from another job, say).
    """
    return (
        Application.objects.for_tenant(job.tenant_id)
        .filter(
            job=job,
            processing_status=ProcessingStatus.SCORED,
            score__gte=talent_pool_min_score(),
            candidate__isnull=False,
            candidate__merged_into__isnull=True,
            candidate__erased_at__isnull=True,
        )
        .exclude(status=ApplicationStatus.REJECTED)
        .annotate(in_pool=Exists(TalentPoolEntry.objects.filter(candidate=OuterRef("candidate"))))
        .select_related("candidate")
        .order_by("-score", "created_at", "id")
    )


def talent_pool_eligible_for_job(*, job: Job) -> list[dict]:
    """:func:`talent_pool_eligible_applications` as the rows ``DELETE /jobs/:id`` lists."""
    return [
        {
            "candidate_id": application.candidate_id,
            "application_id": application.id,
            "full_name": application.candidate.full_name,
            "email": application.candidate.email,
            "score": application.score,
            "status": application.status,
            "already_in_pool": application.in_pool,
        }
        for application in talent_pool_eligible_applications(job=job)
    ]


def job_open_for_applications(*, slug: str) -> Job:
    """The job behind a public link, if it takes applications (active, public, not deleted); else 404."""
    job = (
        Job.objects.alive()
        .filter(slug=slug, status=JobStatus.ACTIVE, is_public=True)
        .select_related("tenant")
        .first()
    )
    if job is None:
        raise NotFoundError("This job is not open for applications.")
    return job


def candidate_get(*, tenant: Tenant, candidate_id) -> Candidate:
    """The tenant's candidate (merged-away records included), or the same 404 as a missing one."""
    candidate = Candidate.objects.for_tenant(tenant).filter(id=candidate_id).first()
    if candidate is None:
        raise NotFoundError("Candidate not found.")
    return candidate


def application_get(*, tenant: Tenant, application_id) -> Application:
    """The tenant's application with its job, or the same 404 as a missing one."""
    application = (
        Application.objects.for_tenant(tenant).filter(id=application_id).select_related("job").first()
    )
    if application is None:
        raise NotFoundError("Application not found.")
    return application


def job_application_list(*, tenant: Tenant, job_id) -> QuerySet[Application]:
    """A job's applications with their candidate, unordered and unfiltered (the caller does both).

    The job's liveness is part of the query: a missing, deleted or other tenant's job gives no rows, so
    a list costs no separate job lookup (look the job up only to tell a 404 from an empty list).
    """
    return (
        Application.objects.for_tenant(tenant)
        .filter(job_id=job_id, job__deleted_at__isnull=True)
        .select_related("candidate")
    )


def job_application_count(*, tenant: Tenant, job_id) -> QuerySet | None:
    """The number of the job's applications as a one-value query (to read, or to embed in the page's).

    Read from the tally triggers keep (a sum of at most eight rows, whatever the job's size); None on a
    database that keeps no tally (SQLite), where the caller counts the rows.
    """
    if connections[JobApplicationTally.objects.db].vendor != "postgresql":
        return None
    return (
        JobApplicationTally.objects.for_tenant(tenant)
        .filter(job_id=job_id)
        .order_by()
        .values("job_id")
        .annotate(total=Sum("applications"))
        .values_list("total", flat=True)
    )


def job_application_tally_drift() -> list[tuple]:
    """Every job whose tally differs from its applications, as (tenant id, job id, tallied, counted).

    Empty unless something wrote around the triggers (a data-only restore of applications with triggers
    disabled, a hand edit). An operator's check across tenants (``manage.py tally_applications``).
    """

    def per_job(queryset, total) -> dict:
        rows = queryset.order_by().values_list("job_id", "tenant_id").annotate(total=total)
        return {job_id: (tenant_id, number) for job_id, tenant_id, number in rows}

    tallied = per_job(JobApplicationTally.objects, Sum("applications"))
    counted = per_job(Application.objects, Count("pk"))
    drift = []
    for job_id in sorted(tallied.keys() | counted.keys(), key=str):
        tenant_id, tally = tallied.get(job_id, (None, 0))
        tenant_id, count = counted.get(job_id, (tenant_id, 0))
        if tally != count:
            drift.append((tenant_id, job_id, tally, count))
    return drift


def candidate_with_history(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """Candidates with what their detail page shows, in four queries whatever their history.

    Applications load without their parsed profile and explanation: the detail lists them, and
    ``/applications/:id`` serves the heavy fields.
    """
    applications = (
        Application.objects.select_related("job")
        .only(
            "id",
            "candidate_id",
            "status",
            "processing_status",
            "score",
            "created_at",
            "job__id",
            "job__title",
            "job__deleted_at",
        )
        .order_by("-created_at", "id")
    )
    return queryset.prefetch_related(
        Prefetch("applications", queryset=applications),
        "pool_entries",
        Prefetch("merges_received", queryset=CandidateMerge.objects.order_by("-created_at", "id")),
        Prefetch("merges_given", queryset=CandidateMerge.objects.order_by("-created_at", "id")),
    )


def candidate_get_detail(*, tenant: Tenant, candidate_id) -> Candidate:
    """:func:`candidate_get` with :func:`candidate_with_history` loaded."""
    candidate = candidate_with_history(Candidate.objects.for_tenant(tenant).filter(id=candidate_id)).first()
    if candidate is None:
        raise NotFoundError("Candidate not found.")
    return candidate


def talent_pool_list(*, tenant: Tenant) -> QuerySet[TalentPoolEntry]:
    """The tenant's pool. A record merged away is hidden: the person is shown through the survivor."""
    return (
        TalentPoolEntry.objects.for_tenant(tenant)
        .filter(candidate__merged_into__isnull=True)
        .select_related("candidate")
    )


def talent_pool_for_job(*, tenant: Tenant, job: Job, department: str | None) -> list[TalentPoolEntry]:
    """Pool entries to weigh for ``job``: in ``department`` (None: any), with a parsed CV, not applied to it.

    Each entry carries ``cv_application_id``: the candidate's latest scored CV, else their latest parsed
    one (the CV a re-score reads, as :func:`scoring.matching.candidate_application` chooses it).
    Candidates who applied to the job are left out: they are in its pipeline already.
    """
    latest_cv = (
        Application.objects.filter(candidate=OuterRef("candidate"), parsed_profile__isnull=False)
        .order_by(
            Case(
                When(processing_status=ProcessingStatus.SCORED, then=0),
                default=1,
                output_field=IntegerField(),
            ),
            "-created_at",
            "-id",
        )
        .values("id")[:1]
    )
    entries = (
        talent_pool_list(tenant=tenant)
        .exclude(candidate__applications__job=job)
        .annotate(cv_application_id=Subquery(latest_cv))
        .filter(cv_application_id__isnull=False)
    )
    if department is not None:
        entries = entries.filter(department__iexact=department)
    return list(entries)


# -- the candidate's own applications (candidate realm: found through the account's user) -------------
def candidate_records_of_user(*, user_id) -> QuerySet[Candidate]:
    """Every employer's record of one person: those linked to their account, and the records those were
    merged into (a merge moved the applications there)."""
    return Candidate.objects.filter(Q(user_id=user_id) | Q(absorbed__user_id=user_id)).distinct()


def application_list_for_account(*, account) -> QuerySet[Application]:
    """The applications of a verified candidate account at every employer, newest first."""
    if account is None or not account.email_verified:
        return Application.objects.none()
    records = candidate_records_of_user(user_id=account.user_id).values("pk")
    return (
        Application.objects.filter(candidate__in=records)
        .select_related("job", "job__tenant")
        .order_by("-created_at", "id")
    )


def application_get_for_account(*, account, application_id) -> Application:
    """One of the account's own applications; anyone else's is the same 404 as a missing one."""
    application = application_list_for_account(account=account).filter(id=application_id).first()
    if application is None:
        raise NotFoundError("Application not found.")
    return application


def applications_failed_internal(*, tenant: Tenant | None = None) -> QuerySet[Application]:
    """Applications that failed for a reason of ours (``INTERNAL_FAILURE_CODES``), oldest first; all
    tenants' unless one is given (an operator's read: ``manage.py reprocess``, never an API)."""
    failed = Application.objects.filter(
        processing_status=ProcessingStatus.FAILED, failure_code__in=INTERNAL_FAILURE_CODES
    )
    if tenant is not None:
        failed = failed.filter(tenant=tenant)
    return failed.order_by("created_at", "pk")
