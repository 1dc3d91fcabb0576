"""``/analytics/overview`` and ``/analytics/jobs/:jobId``: cached, tenant-scoped figures.

These are not model views, so they do not inherit the tenant-scoped viewset; the tenant comes from the
credential (``request.auth.tenant``) like everywhere else, and the job is read with ``job_get``, so
another tenant's job is the same 404 as a missing one.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from candidates.analytics import (
    DEFAULT_TREND_DAYS,
    MAX_TREND_DAYS,
    STAGES_LEFT,
    analytics_job,
    analytics_overview,
)
from candidates.models import ApplicationSource, ApplicationStatus, ProcessingStatus
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.serializer_fields import InputSerializer
from hiresscope.viewsets import TenantScopedAPIView
from jobs.selectors import job_get


def _counts_serializer(name: str, values: list[str], what: str) -> type[serializers.Serializer]:
    # One integer per enum value, so the schema names every key a client can rely on.
    fields = {value: serializers.IntegerField(help_text=f"{what} {value}") for value in values}
    return type(name, (serializers.Serializer,), fields)


ApplicationStatusCounts = _counts_serializer(
    "ApplicationStatusCounts", ApplicationStatus.values, "Applications in status"
)
ProcessingStatusCounts = _counts_serializer(
    "ProcessingStatusCounts", ProcessingStatus.values, "Applications in processing status"
)
ApplicationSourceCounts = _counts_serializer(
    "ApplicationSourceCounts", ApplicationSource.values, "Applications that arrived by"
)


class StageTimeOutput(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[value for value in ApplicationStatus.values if value in STAGES_LEFT],
        help_text="A stage applications move on from (HIRED and REJECTED are final).",
    )
    stays = serializers.IntegerField(help_text="Stays in the stage that ended with a status change.")
    average_days = serializers.FloatField(
        allow_null=True, help_text="Their average length in days, 1 decimal; null when none ended."
    )


class CacheInfoOutput(serializers.Serializer):
    cached_at = serializers.DateTimeField(help_text="When these figures were computed.")
    cache_age_seconds = serializers.IntegerField(help_text="How old the figures are, in whole seconds.")


class DailyCountOutput(serializers.Serializer):
    date = serializers.DateField(help_text="A UTC calendar day.")
    count = serializers.IntegerField(help_text="Applications received that day.")


class ScoreBucketOutput(serializers.Serializer):
    bucket = serializers.CharField(help_text="'0-9', '10-19', … '90-100'.")
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    count = serializers.IntegerField()


class AnalyticsOverviewOutput(CacheInfoOutput):
    active_jobs = serializers.IntegerField(help_text="ACTIVE jobs, not deleted.")
    total_cvs = serializers.IntegerField(help_text="Applications to jobs that are not deleted.")
    scored_count = serializers.IntegerField(help_text="Of those, applications with a score.")
    average_score = serializers.FloatField(
        allow_null=True, help_text="Mean score of the scored applications, 1 decimal; null when none."
    )
    shortlisted_count = serializers.IntegerField(help_text="Applications in status SHORTLISTED now.")
    shortlisted_or_later_count = serializers.IntegerField(
        help_text="Applications in SHORTLISTED, INTERVIEW, OFFER or HIRED."
    )
    status_breakdown = ApplicationStatusCounts()
    source_breakdown = ApplicationSourceCounts(help_text="How the CVs arrived.")
    score_distribution = ScoreBucketOutput(many=True, help_text="Ten buckets of scored applications.")
    days = serializers.IntegerField(help_text="Length of the daily trend: 30 UTC days ending today.")
    date_from = serializers.DateField(help_text="First day of the trend (UTC).")
    date_to = serializers.DateField(help_text="Last day of the trend: today (UTC).")
    daily_trend = DailyCountOutput(many=True, help_text="One entry per day, oldest first, zero-filled.")
    time_in_stage = StageTimeOutput(
        many=True, help_text="Average length of the stays in each stage that ended (from the history)."
    )


class JobAnalyticsInput(InputSerializer):
    days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_TREND_DAYS,
        default=DEFAULT_TREND_DAYS,
        help_text="Length of the daily trend, in UTC days ending today.",
    )


class JobAnalyticsOutput(CacheInfoOutput):
    job_id = serializers.UUIDField()
    days = serializers.IntegerField()
    date_from = serializers.DateField(help_text="First day of the trend (UTC).")
    date_to = serializers.DateField(help_text="Last day of the trend: today (UTC).")
    total_cvs = serializers.IntegerField()
    scored_count = serializers.IntegerField()
    average_score = serializers.FloatField(allow_null=True)
    daily_trend = DailyCountOutput(many=True, help_text="One entry per day, oldest first, zero-filled.")
    score_distribution = ScoreBucketOutput(many=True, help_text="Ten buckets of scored applications.")
    status_breakdown = ApplicationStatusCounts()
    processing_breakdown = ProcessingStatusCounts()
    source_breakdown = ApplicationSourceCounts(help_text="How the CVs arrived.")
    time_in_stage = StageTimeOutput(
        many=True, help_text="Average length of the stays in each stage that ended (from the history)."
    )


class AnalyticsOverviewView(TenantScopedAPIView):
    action_permissions = {"get": Perm.ANALYTICS_READ}

    @extend_schema(
        operation_id="analytics_overview",
        summary="The tenant's headline figures (cached 5 minutes)",
        responses=AnalyticsOverviewOutput,
        tags=["analytics"],
    )
    def get(self, request):
        return Response(AnalyticsOverviewOutput(analytics_overview(tenant=request.auth.tenant)).data)


class JobAnalyticsView(TenantScopedAPIView):
    action_permissions = {"get": Perm.ANALYTICS_READ}

    @extend_schema(
        operation_id="analytics_job",
        summary="One job's daily trend, score distribution, stages, sources and time in stage (cached 1 minute)",
        parameters=[JobAnalyticsInput],
        responses={200: JobAnalyticsOutput, 400: error_response(400, "days is not an integer from 1 to 365")},
        tags=["analytics"],
    )
    def get(self, request, job_id):
        tenant = request.auth.tenant
        job = job_get(tenant=tenant, job_id=job_id)  # first: another tenant's job is a 404
        query = JobAnalyticsInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = analytics_job(tenant=tenant, job=job, **query.validated_data)
        return Response(JobAnalyticsOutput(figures).data)
