"""Reads for the careers pages: a company's board, its filters and search, an applicant's receipt.

Built on the jobs and candidates selectors, so the rules for what is public (active, public, not
deleted) live in one place; these add the page's own needs (facets, words search, one company only).
"""

from django.db.models import Count, Q, QuerySet

from accounts.models import Tenant
from candidates.models import Application, ScoreReviewRequest
from candidates.selectors import job_open_for_applications
from hiresscope.exceptions import NotFoundError
from jobs.models import EmploymentType, Job
from jobs.selectors import job_public_list

# Enough words for any real query; more would only make the SQL longer.
MAX_SEARCH_WORDS = 8


def careers_company_get(*, company: str) -> Tenant:
    """The company behind a careers URL (its slug, or its name for hand-typed links); else 404."""
    tenant = (
        Tenant.objects.filter(slug=company).first() or Tenant.objects.filter(name__iexact=company).first()
    )
    if tenant is None:
        raise NotFoundError(f"There is no careers page for “{company}”.")
    return tenant


def careers_companies_with_openings() -> list[dict]:
    """Companies with at least one open public job, by name: ``{"slug", "name", "openings"}``."""
    rows = (
        job_public_list()
        .order_by()
        .values("tenant__slug", "tenant__name")
        .annotate(openings=Count("id"))
        .order_by("tenant__name")
    )
    return [{"slug": r["tenant__slug"], "name": r["tenant__name"], "openings": r["openings"]} for r in rows]


def careers_jobs(*, tenant: Tenant) -> QuerySet[Job]:
    # job_public_list matches the company by slug *or* name; pin the tenant so a company named like
    # another's slug never shows on its board.
    return job_public_list(company=tenant.slug).filter(tenant=tenant)


def careers_job_search(
    *,
    tenant: Tenant,
    q: str = "",
    department: str = "",
    location: str = "",
    employment_type: str = "",
) -> QuerySet[Job]:
    """The company's open jobs, newest first; every word of ``q`` must appear in the title, description,
    department or location; the other filters are exact (case-insensitive) choices from the facets."""
    jobs = careers_jobs(tenant=tenant)
    for word in q.split()[:MAX_SEARCH_WORDS]:
        jobs = jobs.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(department__icontains=word)
            | Q(location__icontains=word)
        )
    if department:
        jobs = jobs.filter(department__iexact=department)
    if location:
        jobs = jobs.filter(location__iexact=location)
    if employment_type:
        jobs = jobs.filter(employment_type=employment_type)
    return jobs.order_by("-created_at", "id")


def careers_board_facets(*, tenant: Tenant) -> dict[str, list]:
    """The filter choices a board offers: only values that some open job of the company has."""
    jobs = careers_jobs(tenant=tenant).order_by()
    departments = sorted({d for d in jobs.values_list("department", flat=True) if d}, key=str.lower)
    locations = sorted({loc for loc in jobs.values_list("location", flat=True) if loc}, key=str.lower)
    present_types = set(jobs.values_list("employment_type", flat=True))
    types = [(value, label) for value, label in EmploymentType.choices if value in present_types]
    return {"departments": departments, "locations": locations, "employment_types": types}


def careers_job_get(*, tenant: Tenant, slug: str) -> Job:
    """One open job of the company, or the same 404 whether it is missing, closed or another's."""
    job = job_open_for_applications(slug=slug)
    if job.tenant_id != tenant.id:
        raise NotFoundError("This job is not open for applications.")
    return job


def careers_application_receipt(*, tenant: Tenant, application_id) -> Application:
    """An application sent to one of the company's jobs, for its confirmation page.

    The caller shows it only to the browser session that sent it: the id alone proves nothing.
    """
    application = (
        Application.objects.for_tenant(tenant)
        .filter(id=application_id)
        .select_related("candidate", "job", "job__tenant")
        .first()
    )
    if application is None:
        raise NotFoundError("Application not found.")
    return application


def careers_review_requests(*, application: Application) -> list[ScoreReviewRequest]:
    """The human reviews the candidate asked for on one of their applications, newest first."""
    return list(application.review_requests.order_by("-created_at", "id"))
