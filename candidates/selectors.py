"""Reads for candidates and applications."""

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from accounts.models import Tenant
from candidates.models import (
    INTERNAL_FAILURE_CODES,
    Application,
    ApplicationNote,
    ApplicationStatus,
    Candidate,
    CandidateMerge,
    JobApplicationTally,
    ProcessingStatus,
    ScoreReviewRequest,
    TalentPoolEntry,
)
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError, NotFoundError
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


def job_pipeline_figures(*, tenant: Tenant, job_ids: list) -> dict:
    """Per job of ``job_ids``: applications per pipeline stage, their total and the best score.

    One grouped query over the page of jobs a list shows (the (job, status, ...) index serves it), so a
    jobs page costs the same with ten applications or a million. A job without applications is absent.
    """
    rows = (
        Application.objects.for_tenant(tenant)
        .filter(job_id__in=job_ids)
        .values("job_id")
        .annotate(
            total=Count("pk"),
            best_score=Max("score"),
            **{f"stage_{value}": Count("pk", filter=Q(status=value)) for value in ApplicationStatus.values},
        )
    )
    return {
        row["job_id"]: {
            "total": row["total"],
            "best_score": row["best_score"],
            "stages": {value: row[f"stage_{value}"] for value in ApplicationStatus.values},
        }
        for row in rows
    }


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


def application_with_detail(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with what their detail shows (``/applications/:id`` and the dashboard's page): the
    candidate, the job and the stage history, in one query plus one."""
    return queryset.select_related("candidate", "job").prefetch_related("status_changes")


def application_get_detail(*, tenant: Tenant, application_id) -> Application:
    """:func:`application_get` with :func:`application_with_detail` loaded; the same 404 otherwise."""
    application = application_with_detail(
        Application.objects.for_tenant(tenant).filter(id=application_id)
    ).first()
    if application is None:
        raise NotFoundError("Application not found.")
    return application


def application_neighbours(*, application: Application) -> tuple[Application | None, Application | None]:
    """The applications ranked just above and just below ``application`` in its job: (previous, next).

    The ranked order of the job's table (``?ordering=-score,createdAt``): best score first, unscored
    last, then first received, then id, so every application has one place. Found by comparing ranks
    (two indexed queries) rather than listing the job, whose size does not matter then.
    """
    score, received, pk = application.score, application.created_at, application.pk
    same_score = Q(score__isnull=True) if score is None else Q(score=score)
    later_in_tie = same_score & (Q(created_at__gt=received) | Q(created_at=received, id__gt=pk))
    earlier_in_tie = same_score & (Q(created_at__lt=received) | Q(created_at=received, id__lt=pk))
    if score is None:
        above, below = Q(score__isnull=False) | earlier_in_tie, later_in_tie
    else:
        above = Q(score__gt=score) | earlier_in_tie
        below = Q(score__lt=score) | Q(score__isnull=True) | later_in_tie
    siblings = (
        Application.objects.for_tenant(application.tenant_id)
        .filter(job_id=application.job_id)
        .exclude(pk=pk)
        .only("id", "score", "created_at", "candidate_id", "job_id", "tenant_id")
    )
    previous = siblings.filter(above).order_by(F("score").asc(nulls_first=True), "-created_at", "-id").first()
    following = siblings.filter(below).order_by(F("score").desc(nulls_last=True), "created_at", "id").first()
    return previous, following


def application_notes(*, tenant: Tenant, application_id) -> list[ApplicationNote]:
    """The application's team notes, oldest first, with whom they mention; 404 for another tenant's."""
    if not Application.objects.for_tenant(tenant).filter(pk=application_id).exists():
        raise NotFoundError("Application not found.")
    return list(
        ApplicationNote.objects.for_tenant(tenant)
        .filter(application_id=application_id)
        .select_related("author")
        .prefetch_related("mentions")
    )


def application_review_requests(*, application: Application) -> list[ScoreReviewRequest]:
    """The candidate's requests for a human review of this application's score, newest first."""
    return list(
        ScoreReviewRequest.objects.for_tenant(application.tenant_id)
        .filter(application_id=application.pk)
        .select_related("resolved_by")
        .order_by("-created_at", "id")
    )


def review_request_get(*, tenant: Tenant, review_id) -> ScoreReviewRequest:
    """The tenant's review request, or the same 404 as a missing one."""
    review = ScoreReviewRequest.objects.for_tenant(tenant).filter(pk=review_id).first()
    if review is None:
        raise NotFoundError("Review request not found.")
    return review


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


def refuse_identity_queries(*, tenant: Tenant, query_params, what: str) -> None:
    """Blind review: finding or sorting people by name would undo it, so those queries are a 403."""
    if not tenant.blind_review:
        return
    ordering = query_params.get("ordering", "")
    if query_params.get("search", "").strip() or "name" in {
        item.strip().lstrip("-") for item in ordering.split(",")
    }:
        raise DomainError(
            f"Blind review is on for this organisation: {what} cannot be searched or sorted by the "
            "candidate's name or email.",
            code=ErrorCode.BLIND_REVIEW,
            status_code=403,
        )


# Who a person is, as opposed to what they did: hidden from every employer read under blind review.
PERSONAL_FIELDS = ("full_name", "email", "phone", "linkedin_url")


def candidate_identity(candidate: Candidate, *, blind_review: bool) -> dict[str, str | None]:
    """The person's contact details as the employer may see them: all None under blind review.

    The one rule for every employer read (the API's candidate detail, the dashboard's people pages), so
    a page can never show what the API hides.
    """
    if blind_review:
        return dict.fromkeys(PERSONAL_FIELDS)
    return {name: getattr(candidate, name) for name in PERSONAL_FIELDS}


def candidate_list(*, tenant: Tenant, search: str = "") -> QuerySet[Candidate]:
    """The tenant's people, newest record first, each with what a list row shows.

    Records merged into another are left out (the person is listed once, through the survivor); erased
    ones stay, for their history. ``search`` matches part of the name or email: callers refuse it under
    blind review (``refuse_identity_queries``). Annotated: ``application_count``, ``best_score``,
    ``last_applied_at``, ``in_pool``: correlated subqueries, so the database computes them for the page's
    rows only, never for the whole tenant.
    """
    people = Candidate.objects.for_tenant(tenant).filter(merged_into__isnull=True)
    search = search.strip()
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    own = Application.objects.filter(candidate=OuterRef("pk")).order_by().values("candidate")
    return people.annotate(
        application_count=Coalesce(Subquery(own.annotate(n=Count("pk")).values("n")), 0),
        best_score=Subquery(own.annotate(best=Max("score")).values("best")),
        last_applied_at=Subquery(own.annotate(last=Max("created_at")).values("last")),
        in_pool=Exists(TalentPoolEntry.objects.filter(candidate=OuterRef("pk"))),
    ).order_by("-created_at", "id")


def candidate_duplicates(*, tenant: Tenant, candidate: Candidate, limit: int = 20) -> list[Candidate]:
    """Other live records that may be the same person (same name, or same phone): merge suggestions.

    Only records a merge would accept: neither merged away nor erased, nor ``candidate`` itself.
    """
    same = Q(full_name__iexact=candidate.full_name.strip()) if candidate.full_name.strip() else Q(pk=None)
    if candidate.phone.strip():
        same |= Q(phone=candidate.phone.strip())
    return list(
        Candidate.objects.for_tenant(tenant)
        .filter(same, merged_into__isnull=True, erased_at__isnull=True)
        .exclude(pk=candidate.pk)
        .order_by("-created_at", "id")[:limit]
    )


def candidate_merge_get(*, tenant: Tenant, merge_id) -> CandidateMerge:
    """The tenant's merge record, or the same 404 as a missing one."""
    merge = CandidateMerge.objects.for_tenant(tenant).filter(id=merge_id).first()
    if merge is None:
        raise NotFoundError("Merge not found.")
    return merge


def candidates_by_id(*, tenant: Tenant, ids) -> dict:
    """The tenant's records among ``ids`` (merged-away and erased ones included), keyed by id."""
    return {candidate.pk: candidate for candidate in Candidate.objects.for_tenant(tenant).filter(pk__in=ids)}


def talent_pool_entry_of_candidate(*, tenant: Tenant, candidate_id) -> TalentPoolEntry:
    """The person's entry in the pool as :func:`talent_pool_list` shows it, or a 404."""
    entry = talent_pool_list(tenant=tenant).filter(candidate_id=candidate_id).first()
    if entry is None:
        raise NotFoundError("This candidate is not in the talent pool.")
    return entry


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


def talent_pool_search(entries: QuerySet[TalentPoolEntry], search: str) -> QuerySet[TalentPoolEntry]:
    """Pool entries whose candidate's name or email contains ``search`` (refused under blind review)."""
    search = search.strip()
    if not search:
        return entries
    # The candidate's tenant named, as in the applications' search: the trigram indexes need it.
    return entries.filter(
        Q(candidate__full_name__icontains=search) | Q(candidate__email__icontains=search),
        candidate__tenant=F("tenant"),
    )


def talent_pool_filter(
    *, tenant: Tenant, department: str = "", search: str = ""
) -> QuerySet[TalentPoolEntry]:
    """:func:`talent_pool_list` narrowed as ``GET /talent-pool?department=&search=`` narrows it, newest first."""
    entries = talent_pool_list(tenant=tenant)
    if department.strip():
        entries = entries.filter(department__iexact=department.strip())
    return talent_pool_search(entries, search).order_by("-created_at", "pk")


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
