"""Matching candidates and jobs: which to consider (reads) and how well each candidate fits each job.

Serves the HrFlow-compatible ``GET /jobs/scoring`` (one candidate, many jobs) and the talent pool's
``GET /talent-pool/suggest/:jobId`` (one job, the pool's candidates). Filtering is done here, not in
the views, so the dashboard can reuse it; the rankings, :func:`rank_jobs_for_candidate` and
:func:`rank_pool_for_job`, are the only places here that call the scoring engine.

Most filters run in Python over the tenant's active jobs rather than in SQL: whole-word keyword
matching and case-insensitive membership in JSON lists are not portable between PostgreSQL and SQLite,
and the candidate set is one tenant's active jobs, which scoring has to load anyway.
"""

import math
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet

from accounts.models import Tenant
from candidates.models import Application, Candidate, ProcessingStatus, Source, TalentPoolEntry
from candidates.selectors import talent_pool_for_job
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError, NotFoundError
from jobs.models import Board, Job, JobStatus
from scoring import engine, services

# HrFlow tag names → the job field each one filters on.
TAG_FIELDS = ("department", "employment_type", "status", "location", "education_level")
# ranges_float names → (job field for the lower end, job field for the upper end).
FLOAT_RANGE_FIELDS = {
    "salary": ("salary_min", "salary_max"),
    "salary_min": ("salary_min", "salary_min"),
    "salary_max": ("salary_max", "salary_max"),
    "min_years_experience": ("min_years_experience", "min_years_experience"),
}
DATE_RANGE_FIELDS = ("created_at", "updated_at")
EARTH_RADIUS_KM = 6371.0088


class ProfileNotParsedError(DomainError):
    status_code = 400
    code = ErrorCode.PROFILE_NOT_PARSED


@dataclass(frozen=True)
class Range:
    name: str
    low: float | datetime | None
    high: float | datetime | None


@dataclass(frozen=True)
class JobFilters:
    """Every filter of ``GET /jobs/scoring``, parsed; empty means "no filter"."""

    board_keys: tuple[str, ...]
    created_min: datetime | None = None
    created_max: datetime | None = None
    geopoint: tuple[float, float] | None = None
    distance_km: float | None = None
    summary_keywords: tuple[str, ...] = ()
    text_keywords: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tags: tuple[tuple[str | None, str], ...] = ()  # (field or None for "any tag field", value)
    ranges_float: tuple[Range, ...] = ()
    ranges_date: tuple[Range, ...] = ()


def boards_for_keys(*, tenant: Tenant, keys: tuple[str, ...]) -> list[Board]:
    """The tenant's boards among ``keys``; another tenant's key is treated exactly like an unknown one."""
    return list(Board.objects.for_tenant(tenant).filter(key__in=keys))


def source_for_key(*, tenant: Tenant, key: str) -> Source | None:
    return Source.objects.for_tenant(tenant).filter(key=key).first()


def candidate_for_profile_key(*, tenant: Tenant, profile_key: str, source: Source | None) -> Candidate:
    """The tenant's candidate whose id is ``profile_key`` (in ``source``, when given); else a 404.

    A candidate without a source predates sources or came from a bulk upload without contact details:
    both arrived through applications, so they count as members of the default source.
    """
    candidates = Candidate.objects.for_tenant(tenant)
    if source is not None:
        in_source = Q(source=source)
        if source.is_default:
            in_source |= Q(source__isnull=True)
        candidates = candidates.filter(in_source)
    try:
        candidate = candidates.filter(id=uuid.UUID(profile_key)).first()
    except ValueError:  # not a UUID: no profile can have this key
        candidate = None
    if candidate is None:
        raise NotFoundError(
            "Profile not found: no profile with this profile_key.", code=ErrorCode.PROFILE_NOT_FOUND
        )
    return candidate


def candidate_application(*, candidate: Candidate) -> Application | None:
    """The candidate's most recent parsed CV's application: a scored one if any, else any parsed one."""
    applications = (
        Application.objects.for_tenant(candidate.tenant_id)
        .filter(candidate=candidate, parsed_profile__isnull=False)
        .select_related("analysis")
    )
    return (
        applications.filter(processing_status=ProcessingStatus.SCORED).order_by("-created_at", "-id").first()
        or applications.order_by("-created_at", "-id").first()
    )


def job_summary(job: Job) -> str:
    """HrFlow's "summary" of a job: the first paragraph of its description."""
    for paragraph in re.split(r"\n\s*\n", job.description.strip()):
        if paragraph.strip():
            return " ".join(paragraph.split())
    return ""


def _contains_word(text: str, word: str) -> bool:
    # Lookarounds rather than \b so that "C++", "C#" and ".NET" match as whole words too.
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE) is not None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _as_float(value) -> float | None:
    return float(value) if isinstance(value, (int, float, Decimal)) else None


def _in_range(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None:
        return False  # a job that does not state the value cannot be shown to satisfy the range
    return (low is None or value >= low) and (high is None or value <= high)


def _float_range_matches(job: Job, item: Range) -> bool:
    low_field, high_field = FLOAT_RANGE_FIELDS[item.name]
    job_low, job_high = _as_float(getattr(job, low_field)), _as_float(getattr(job, high_field))
    if item.name != "salary":
        return _in_range(job_low, item.low, item.high)
    # "salary" compares the job's whole salary band: it must overlap the requested one.
    if job_low is None and job_high is None:
        return False
    job_low = job_low if job_low is not None else job_high
    job_high = job_high if job_high is not None else job_low
    return (item.high is None or job_low <= item.high) and (item.low is None or job_high >= item.low)


def _tag_matches(job: Job, name: str | None, value: str) -> bool:
    value = value.strip().lower()
    names = (name,) if name else TAG_FIELDS
    for tag in names:
        job_value = (getattr(job, tag) or "").lower()
        # Locations are free text ("Berlin, Germany (hybrid)"): a tag matches a part of them.
        if (value in job_value) if tag == "location" else (value == job_value):
            return True
    return False


def _skill_keys(names) -> list[str]:
    """A skill filter's names as compared: canonical and lower-case ("postgres" -> "postgresql")."""
    return [(engine.canonical_skill(name) or name).lower() for name in names]


def _job_skills(job: Job) -> set[str]:
    """The job's listed skills as compared, each skill of a typed choice ("Python or Go") included."""
    typed = [*job.required_skills, *job.nice_to_have_skills]
    return {name.lower() for item in typed for name in (item, *engine.typed_skill_names(item))}


def _matches(job: Job, filters: JobFilters) -> bool:
    if filters.geopoint is not None:
        if job.latitude is None or job.longitude is None:
            return False
        distance = _distance_km(filters.geopoint, (float(job.latitude), float(job.longitude)))
        if distance > filters.distance_km:
            return False
    if filters.summary_keywords:
        summary = f"{job.title}\n{job_summary(job)}"
        if not all(_contains_word(summary, word) for word in filters.summary_keywords):
            return False
    if not all(_contains_word(job.description, word) for word in filters.text_keywords):
        return False
    if filters.skills and not set(_skill_keys(filters.skills)) <= _job_skills(job):
        return False
    job_languages = {language.lower() for language in job.languages}
    if not all(language.lower() in job_languages for language in filters.languages):
        return False
    if not all(_tag_matches(job, name, value) for name, value in filters.tags):
        return False
    return all(_float_range_matches(job, item) for item in filters.ranges_float)


def jobs_for_scoring(*, tenant: Tenant, boards: list[Board], filters: JobFilters) -> list[Job]:
    """The tenant's active, live jobs on ``boards`` that pass every filter, newest first."""
    jobs: QuerySet[Job] = (
        Job.objects.for_tenant(tenant)
        .alive()
        .filter(status=JobStatus.ACTIVE, board__in=boards)
        .select_related("board")
    )
    if filters.created_min is not None:
        jobs = jobs.filter(created_at__gte=filters.created_min)
    if filters.created_max is not None:
        jobs = jobs.filter(created_at__lte=filters.created_max)
    for item in filters.ranges_date:
        if item.low is not None:
            jobs = jobs.filter(**{f"{item.name}__gte": item.low})
        if item.high is not None:
            jobs = jobs.filter(**{f"{item.name}__lte": item.high})
    return [job for job in jobs.order_by("-created_at", "id") if _matches(job, filters)]


def rank_jobs_for_candidate(
    *, tenant: Tenant, candidate: Candidate, jobs: list[Job]
) -> list[tuple[Job, float]]:
    """Each job with the probability ``p`` (score / 100) that the candidate fits it, best first.

    Ties go to the newer job, then to the smaller id, so equal scores always come out in one order.
    """
    if candidate.tenant_id != tenant.id:
        raise NotFoundError(
            "Profile not found: no profile with this profile_key.", code=ErrorCode.PROFILE_NOT_FOUND
        )
    application = candidate_application(candidate=candidate)
    if application is None:
        raise ProfileNotParsedError("profile has no parsed CV yet")
    ranked = []
    rubrics = services.current_rubrics(jobs=jobs)
    for job in jobs:
        # Each job's own current rubric (employer overrides included), the CV's stored features.
        rubric = rubrics[job.pk]
        result, _ = services.score_application(application, rubric, services.requirements_of(rubric))
        ranked.append((job, round(result.score / 100, 6)))
    ranked.sort(key=lambda pair: (-pair[1], -pair[0].created_at.timestamp(), str(pair[0].id)))
    return ranked


@dataclass(frozen=True)
class PoolSuggestion:
    """A pool entry with the engine's verdict on it for one job."""

    entry: TalentPoolEntry
    score: int
    explanation: dict

    def must_haves(self, *verdicts: str) -> list[str]:
        """The job's must-have requirements that got one of ``verdicts`` (MET, PARTIAL, MISSING)."""
        return [
            item["requirement"]
            for item in self.explanation.get("requirements", [])
            if item.get("kind") == "MUST_HAVE" and item.get("verdict") in verdicts
        ]


# The department value that asks for the whole pool, whatever the job's department.
ALL_DEPARTMENTS = "all"


def pool_department_for_job(*, job: Job, requested: str = "") -> str | None:
    """The department to narrow the pool to for ``job``, or None for all of them.

    Nothing asked: the job's department (every department when it has none); ``ALL_DEPARTMENTS``: every
    department; anything else: that department (any case).
    """
    requested = requested.strip()
    if requested.lower() == ALL_DEPARTMENTS:
        return None
    return requested or job.department.strip() or None


def rank_pool_for_job(
    *, tenant: Tenant, job: Job, department: str | None, limit: int
) -> list[PoolSuggestion]:
    """The best ``limit`` talent-pool candidates for ``job``, scored by the engine, best first.

    Each candidate's stored CV (latest scored, else latest parsed: no re-parse) is scored against the
    job's current rubric, as :func:`rank_jobs_for_candidate` does the other way round. ``department``
    narrows the pool (None: every department); people who applied to the job are left out. Ties go to
    an entry of the job's own department, then to the newer entry, then to the smaller id.
    """
    if job.tenant_id != tenant.id:
        raise NotFoundError("Job not found.")
    entries = talent_pool_for_job(tenant=tenant, job=job, department=department)
    if not entries:
        return []
    cvs = (
        Application.objects.for_tenant(tenant)
        .filter(pk__in=[entry.cv_application_id for entry in entries])
        .select_related("analysis")
    )
    cv_by_id = {application.pk: application for application in cvs}
    rubric = services.current_rubrics(jobs=[job])[job.pk]
    requirements = services.requirements_of(rubric)
    home = job.department.strip().lower()
    scored = []
    for entry in entries:
        result, _ = services.score_application(cv_by_id[entry.cv_application_id], rubric, requirements)
        scored.append(PoolSuggestion(entry=entry, score=result.score, explanation=result.explanation))
    scored.sort(key=lambda s: str(s.entry.id))
    scored.sort(key=lambda s: s.entry.created_at, reverse=True)
    scored.sort(key=lambda s: (-s.score, s.entry.department.strip().lower() != home))
    return scored[:limit]


@dataclass(frozen=True)
class ScoringPage:
    ranked: list[tuple[Job, float]]  # this page's jobs with their p, in the requested order
    page: int
    max_page: int
    total: int


def job_scoring_page(
    *,
    tenant: Tenant,
    filters: JobFilters,
    profile_key: str,
    source_key: str | None,
    sort_by: str,
    descending: bool,
    page: int,
    limit: int,
) -> ScoringPage:
    """One page of the jobs matching ``filters``, each with the profile's p, sorted by score or a date.

    Sorted by a date, only the page's jobs are scored: the order does not depend on the scores.
    """
    boards = boards_for_keys(tenant=tenant, keys=filters.board_keys)
    if not boards:
        raise DomainError("board_keys: no board with these keys.", code=ErrorCode.INVALID_PARAMETER)
    source = None
    if source_key is not None:
        source = source_for_key(tenant=tenant, key=source_key)
        if source is None:
            raise DomainError("source_key: no source with this key.", code=ErrorCode.INVALID_PARAMETER)
    candidate = candidate_for_profile_key(tenant=tenant, profile_key=profile_key, source=source)
    jobs = jobs_for_scoring(tenant=tenant, boards=boards, filters=filters)
    start = (page - 1) * limit
    if sort_by == "score":
        ranked = rank_jobs_for_candidate(tenant=tenant, candidate=candidate, jobs=jobs)
        if not descending:  # worst fit first; equal scores keep the newer-job-first tie-break
            ranked.sort(key=lambda pair: pair[1])
        window = ranked[start : start + limit]
    else:
        jobs.sort(key=lambda job: str(job.id))
        jobs.sort(key=lambda job: getattr(job, sort_by), reverse=descending)
        page_jobs = jobs[start : start + limit]
        scores = dict(rank_jobs_for_candidate(tenant=tenant, candidate=candidate, jobs=page_jobs))
        window = [(job, scores[job]) for job in page_jobs]
    return ScoringPage(ranked=window, page=page, max_page=math.ceil(len(jobs) / limit), total=len(jobs))
