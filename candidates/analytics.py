"""Analytics reads: a tenant's overview and one job's figures.

Every figure is computed by the database in a fixed number of aggregate queries (conditional counts
over one scan, a GROUP BY for the daily trend, one for the time in stage); Python only zero-fills the
days and buckets. Answers are cached per tenant (and job and window) in the shared cache; the cached
entry keeps the moment it was computed, so each answer says how old it is.

A change that moves the figures (a new application, a score, a stage change) calls
:func:`analytics_invalidate` on commit: it bumps the tenant's generation, which is part of every key, so
the next read computes afresh instead of serving minutes-old figures to the person who just made the change.

Applications of soft-deleted jobs are left out everywhere: a deleted job is hidden from every other
read, and its CVs must not keep counting in the employer's totals.
"""

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import Tenant
from candidates.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    ApplicationStatusChange,
    ProcessingStatus,
)
from jobs.models import Job, JobStatus

# Bump when the shape of a cached answer changes, so a deploy never serves an old shape.
logger = logging.getLogger(__name__)

CACHE_VERSION = 2
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


# Stages an application can leave; a stay there ends with a status change. HIRED and REJECTED are final.
STAGES_LEFT = (
    ApplicationStatus.NEW,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFER,
)
SECONDS_PER_DAY = 86400


def _generation_key(tenant_id) -> str:
    return f"analytics:v{CACHE_VERSION}:generation:{tenant_id}"


def _generation(tenant_id) -> int:
    return cache.get(_generation_key(tenant_id), 0)


def analytics_invalidate(*, tenant_id) -> None:
    """Make the tenant's cached figures stale now (their next read computes afresh), once the current
    transaction commits: a rolled-back change moves nothing, and a read between the write and the
    commit cannot cache the old figures under the new generation."""

    def bump() -> None:
        key = _generation_key(tenant_id)
        try:
            # add() then incr(): atomic on Redis and in memory, so two concurrent bumps both count.
            cache.add(key, 0, timeout=None)
            try:
                cache.incr(key)
            except ValueError:  # evicted between the two calls: any new value is a new generation
                cache.set(key, 1, timeout=None)
        except redis.RedisError:
            # The change is committed; failing its request now would only make the client repeat it.
            # Cached figures may then lag by up to their TTL (minutes), or Redis came back empty anyway.
            logger.warning("Redis unreachable: analytics of tenant %s not invalidated", tenant_id)

    transaction.on_commit(bump)


def overview_cache_key(*, tenant_id) -> str:
    return f"analytics:v{CACHE_VERSION}:overview:{tenant_id}:{_generation(tenant_id)}"


def job_cache_key(*, tenant_id, job_id, days: int) -> str:
    return f"analytics:v{CACHE_VERSION}:job:{tenant_id}:{_generation(tenant_id)}:{job_id}:{days}"


def _cached(key_of: Callable[[], str], timeout: int, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        key = key_of()
        entry = cache.get(key)
    except redis.RedisError:  # the cache is down: the figures are computed, as on a miss, and not kept
        key, entry = None, None
    if entry is None:
        entry = {"data": compute(), "cached_at": timezone.now()}
        try:
            if key is not None:
                cache.set(key, entry, timeout)
        except redis.RedisError:
            pass
    # The age is computed on every read from the stored moment, so a cached answer shows it growing.
    age = max(0, int((timezone.now() - entry["cached_at"]).total_seconds()))
    return {**entry["data"], "cached_at": entry["cached_at"], "cache_age_seconds": age}


def _average(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _status_counts() -> dict[str, Count]:
    return {f"status_{value}": Count("pk", filter=Q(status=value)) for value in ApplicationStatus.values}


def _source_counts() -> dict[str, Count]:
    return {f"source_{value}": Count("pk", filter=Q(source=value)) for value in ApplicationSource.values}


def _bucket_counts() -> dict[str, Count]:
    return {
        f"bucket_{low}": Count("pk", filter=Q(score__gte=low, score__lte=high)) for low, high in SCORE_BUCKETS
    }


def _score_distribution(figures: dict) -> list[dict[str, Any]]:
    return [
        {"bucket": f"{low}-{high}", "min": low, "max": high, "count": figures[f"bucket_{low}"]}
        for low, high in SCORE_BUCKETS
    ]


def _daily_trend(applications: QuerySet[Application], *, today: date, days: int) -> dict[str, Any]:
    """One GROUP BY day over the last ``days`` UTC days (``today`` included), zero-filled."""
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
        "days": days,
        "date_from": first_day,
        "date_to": today,
        "daily_trend": [
            {"date": day, "count": per_day.get(day, 0)}
            for day in (first_day + timedelta(days=offset) for offset in range(days))
        ],
    }


def _time_in_stage(changes: QuerySet[ApplicationStatusChange]) -> list[dict[str, Any]]:
    """Average days a stay in each stage lasted, over the stays that ended (one GROUP BY query).

    A stay ends with a status change out of the stage; it began with the application's previous change,
    or with its arrival when there was none. Stays still running are left out: they have no length yet.
    """
    previous_change = (
        ApplicationStatusChange.objects.filter(
            application_id=OuterRef("application_id"), created_at__lt=OuterRef("created_at")
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        changes.filter(from_status__in=STAGES_LEFT)
        .annotate(entered_at=Coalesce(Subquery(previous_change), F("application__created_at")))
        .order_by()
        .values("from_status")
        .annotate(stays=Count("pk"), average=Avg(F("created_at") - F("entered_at")))
        .values_list("from_status", "stays", "average")
    )
    by_stage = {stage: (stays, average) for stage, stays, average in rows}
    result = []
    for stage in STAGES_LEFT:
        stays, average = by_stage.get(stage, (0, None))
        days = None if average is None else round(_seconds(average) / SECONDS_PER_DAY, 1)
        result.append({"status": stage, "stays": stays, "average_days": days})
    return result


def _seconds(duration) -> float:
    # PostgreSQL averages intervals to a timedelta; SQLite averages the microseconds it stores them as.
    if isinstance(duration, timedelta):
        return duration.total_seconds()
    return float(duration) / 1_000_000


def analytics_overview(*, tenant: Tenant) -> dict[str, Any]:
    """The tenant's headline figures, from the cache when they are younger than the overview TTL."""
    return _cached(
        lambda: overview_cache_key(tenant_id=tenant.id),
        settings.ANALYTICS_OVERVIEW_CACHE_SECONDS,
        lambda: analytics_overview_compute(tenant=tenant),
    )


def analytics_overview_compute(*, tenant: Tenant, today: date | None = None) -> dict[str, Any]:
    """Four queries: active jobs; one aggregate over the applications of the tenant's live jobs (stages,
    sources, score buckets); the daily trend of the last 30 days; the time in stage."""
    today = today or timezone.now().astimezone(UTC).date()
    active_jobs = Job.objects.for_tenant(tenant).alive().filter(status=JobStatus.ACTIVE).count()
    applications = Application.objects.for_tenant(tenant).filter(job__deleted_at__isnull=True)
    figures = applications.aggregate(
        total=Count("pk"),
        scored=Count("score"),
        average=Avg("score"),
        **_status_counts(),
        **_source_counts(),
        **_bucket_counts(),
    )
    status_breakdown = {value: figures[f"status_{value}"] for value in ApplicationStatus.values}
    changes = ApplicationStatusChange.objects.for_tenant(tenant).filter(
        application__job__deleted_at__isnull=True
    )
    return {
        "active_jobs": active_jobs,
        "total_cvs": figures["total"],
        "scored_count": figures["scored"],
        "average_score": _average(figures["average"]),
        "shortlisted_count": status_breakdown[ApplicationStatus.SHORTLISTED],
        "shortlisted_or_later_count": sum(status_breakdown[value] for value in SHORTLISTED_OR_LATER),
        "status_breakdown": status_breakdown,
        "source_breakdown": {value: figures[f"source_{value}"] for value in ApplicationSource.values},
        "score_distribution": _score_distribution(figures),
        **_daily_trend(applications, today=today, days=DEFAULT_TREND_DAYS),
        "time_in_stage": _time_in_stage(changes),
    }


def analytics_job(*, tenant: Tenant, job: Job, days: int = DEFAULT_TREND_DAYS) -> dict[str, Any]:
    """One job's figures over the last ``days`` UTC days, from the cache when younger than the job TTL."""
    return _cached(
        lambda: job_cache_key(tenant_id=tenant.id, job_id=job.id, days=days),
        settings.ANALYTICS_JOB_CACHE_SECONDS,
        lambda: analytics_job_compute(
            tenant=tenant, job=job, days=days, today=timezone.now().astimezone(UTC).date()
        ),
    )


def analytics_job_compute(*, tenant: Tenant, job: Job, days: int, today: date) -> dict[str, Any]:
    """Three queries: one aggregate for the breakdowns and score buckets, one GROUP BY day for the trend,
    one for the time in stage.

    Days are UTC calendar days, ``today`` included; days without applications are listed with 0.
    """
    applications = Application.objects.for_tenant(tenant).filter(job=job)
    figures = applications.aggregate(
        total=Count("pk"),
        scored=Count("score"),
        average=Avg("score"),
        **_status_counts(),
        **_source_counts(),
        **{
            f"processing_{value}": Count("pk", filter=Q(processing_status=value))
            for value in ProcessingStatus.values
        },
        **_bucket_counts(),
    )
    changes = ApplicationStatusChange.objects.for_tenant(tenant).filter(application__job=job)
    return {
        "job_id": job.id,
        **_daily_trend(applications, today=today, days=days),
        "total_cvs": figures["total"],
        "scored_count": figures["scored"],
        "average_score": _average(figures["average"]),
        "score_distribution": _score_distribution(figures),
        "status_breakdown": {value: figures[f"status_{value}"] for value in ApplicationStatus.values},
        "processing_breakdown": {value: figures[f"processing_{value}"] for value in ProcessingStatus.values},
        "source_breakdown": {value: figures[f"source_{value}"] for value in ApplicationSource.values},
        "time_in_stage": _time_in_stage(changes),
    }
