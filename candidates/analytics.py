"""Analytics reads: a tenant's overview and one job's figures.

Every figure is computed by the database in a fixed number of aggregate queries (conditional counts
over one scan, a GROUP BY for the daily trend); Python only zero-fills the days and buckets. Answers
are cached per tenant (and job and window) in the shared cache; the cached entry keeps the moment it
was computed, so each answer says how old it is.

Applications of soft-deleted jobs are left out everywhere: a deleted job is hidden from every other
read, and its CVs must not keep counting in the employer's totals.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Tenant
from candidates.models import Application, ApplicationStatus, ProcessingStatus
from jobs.models import Job, JobStatus

# Bump when the shape of a cached answer changes, so a deploy never serves an old shape.
CACHE_VERSION = 1
DEFAULT_TREND_DAYS = 30
MAX_TREND_DAYS = 365
# Stages a shortlisted application may have moved on to; they still count as "shortlisted or later".
SHORTLISTED_OR_LATER = (
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFER,
    ApplicationStatus.HIRED,
)
# Ten buckets of ten points; the last one also holds the perfect 100.
SCORE_BUCKETS = [(low, low + 9 if low < 90 else 100) for low in range(0, 100, 10)]


def overview_cache_key(*, tenant_id) -> str:
    return f"analytics:v{CACHE_VERSION}:overview:{tenant_id}"


def job_cache_key(*, tenant_id, job_id, days: int) -> str:
    return f"analytics:v{CACHE_VERSION}:job:{tenant_id}:{job_id}:{days}"


def _cached(key: str, timeout: int, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    entry = cache.get(key)
    if entry is None:
        entry = {"data": compute(), "cached_at": timezone.now()}
        cache.set(key, entry, timeout)
    # The age is computed on every read from the stored moment, so a cached answer shows it growing.
    age = max(0, int((timezone.now() - entry["cached_at"]).total_seconds()))
    return {**entry["data"], "cached_at": entry["cached_at"], "cache_age_seconds": age}


def _average(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _status_counts() -> dict[str, Count]:
    return {f"status_{value}": Count("pk", filter=Q(status=value)) for value in ApplicationStatus.values}


def analytics_overview(*, tenant: Tenant) -> dict[str, Any]:
    """The tenant's headline figures, from the cache when they are younger than the overview TTL."""
    return _cached(
        overview_cache_key(tenant_id=tenant.id),
        settings.ANALYTICS_OVERVIEW_CACHE_SECONDS,
        lambda: analytics_overview_compute(tenant=tenant),
    )


def analytics_overview_compute(*, tenant: Tenant) -> dict[str, Any]:
    """Two queries: active jobs, then one aggregate over the applications of the tenant's live jobs."""
    active_jobs = Job.objects.for_tenant(tenant).alive().filter(status=JobStatus.ACTIVE).count()
    figures = (
        Application.objects.for_tenant(tenant)
        .filter(job__deleted_at__isnull=True)
        .aggregate(
            total=Count("pk"),
            scored=Count("score"),
            average=Avg("score"),
            **_status_counts(),
        )
    )
    status_breakdown = {value: figures[f"status_{value}"] for value in ApplicationStatus.values}
    return {
        "active_jobs": active_jobs,
        "total_cvs": figures["total"],
        "scored_count": figures["scored"],
        "average_score": _average(figures["average"]),
        "shortlisted_count": status_breakdown[ApplicationStatus.SHORTLISTED],
        "shortlisted_or_later_count": sum(status_breakdown[value] for value in SHORTLISTED_OR_LATER),
        "status_breakdown": status_breakdown,
    }


def analytics_job(*, tenant: Tenant, job: Job, days: int = DEFAULT_TREND_DAYS) -> dict[str, Any]:
    """One job's figures over the last ``days`` UTC days, from the cache when younger than the job TTL."""
    return _cached(
        job_cache_key(tenant_id=tenant.id, job_id=job.id, days=days),
        settings.ANALYTICS_JOB_CACHE_SECONDS,
        lambda: analytics_job_compute(
            tenant=tenant, job=job, days=days, today=timezone.now().astimezone(UTC).date()
        ),
    )


def analytics_job_compute(*, tenant: Tenant, job: Job, days: int, today: date) -> dict[str, Any]:
    """Two queries: one aggregate for the breakdowns and score buckets, one GROUP BY day for the trend.

    Days are UTC calendar days, ``today`` included; days without applications are listed with 0.
    """
    applications = Application.objects.for_tenant(tenant).filter(job=job)
    figures = applications.aggregate(
        total=Count("pk"),
        scored=Count("score"),
        average=Avg("score"),
        **_status_counts(),
        **{
            f"processing_{value}": Count("pk", filter=Q(processing_status=value))
            for value in ProcessingStatus.values
        },
        **{
            f"bucket_{low}": Count("pk", filter=Q(score__gte=low, score__lte=high))
            for low, high in SCORE_BUCKETS
        },
    )

    first_day = today - timedelta(days=days - 1)
    per_day = dict(
        applications.filter(created_at__gte=datetime.combine(first_day, time.min, tzinfo=UTC))
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .order_by("day")
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    return {
        "job_id": job.id,
        "days": days,
        "date_from": first_day,
        "date_to": today,
        "total_cvs": figures["total"],
        "scored_count": figures["scored"],
        "average_score": _average(figures["average"]),
        "daily_trend": [
            {"date": day, "count": per_day.get(day, 0)}
            for day in (first_day + timedelta(days=offset) for offset in range(days))
        ],
        "score_distribution": [
            {"bucket": f"{low}-{high}", "min": low, "max": high, "count": figures[f"bucket_{low}"]}
            for low, high in SCORE_BUCKETS
        ],
        "status_breakdown": {value: figures[f"status_{value}"] for value in ApplicationStatus.values},
        "processing_breakdown": {value: figures[f"processing_{value}"] for value in ProcessingStatus.values},
    }
