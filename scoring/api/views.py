"""Scoring API: a job's rubric (read, override, reset), re-scoring runs, and job-description reviews."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.viewsets import TenantScopedViewSet
from jobs.models import Job
from jobs.selectors import job_get
from scoring import services
from scoring.api import serializers as s
from scoring.models import JobReview, RescoreRun, ReviewTrigger


@extend_schema(tags=["scoring"])
class JobRubricViewSet(TenantScopedViewSet):
    """``/jobs/:jobId/rubric``: the requirements the job's applications are scored against."""

    action_permissions = {
        "retrieve": Perm.JOBS_READ,
        "update": Perm.JOBS_WRITE,
        "destroy": Perm.JOBS_WRITE,
    }

    model = Job
    serializer_class = s.RubricOutput

    def job(self) -> Job:
        return job_get(tenant=self.tenant, job_id=self.kwargs["job_id"])

    @extend_schema(operation_id="rubric_retrieve", summary="The job's current scoring rubric")
    def retrieve(self, request, job_id=None):
        return Response(s.RubricOutput(services.rubric_get(job=self.job())).data)

    @extend_schema(
        operation_id="rubric_override",
        summary="Override the rubric (new version; the job's applications are re-scored in the background)",
        request=s.RubricInput,
        responses={200: s.RubricOutput},
    )
    def update(self, request, job_id=None):
        job = self.job()  # another tenant's job is a 404 before anything about the body is said
        payload = s.RubricInput(data=request.data)
        payload.is_valid(raise_exception=True)
        requirements = [
            {k: v for k, v in item.items() if v is not None}
            for item in payload.validated_data["requirements"]
        ]
        rubric = services.rubric_override(
            job=job, rubric={"requirements": requirements}, by=request.auth.actor
        )
        return Response(s.RubricOutput(rubric).data)

    @extend_schema(
        operation_id="rubric_reset",
        summary="Drop the override: back to the rubric extracted from the job",
        request=None,
        responses={200: s.RubricOutput},
    )
    def destroy(self, request, job_id=None):
        return Response(s.RubricOutput(services.rubric_reset(job=self.job(), by=request.auth.actor)).data)


@extend_schema(tags=["scoring"])
class JobRescoreViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/jobs/:jobId/rescore-runs``: re-scoring runs of one job, newest first; POST starts one."""

    action_permissions = {
        "list": Perm.JOBS_READ,
        "create": Perm.JOBS_WRITE,
    }

    model = RescoreRun
    serializer_class = s.RescoreRunOutput

    def job(self) -> Job:
        return job_get(tenant=self.tenant, job_id=self.kwargs["job_id"])

    def scope_queryset(self, queryset):
        return queryset.filter(job=self.job()).select_related("rubric").order_by("-created_at", "pk")

    @extend_schema(operation_id="rescore_runs_list", summary="A job's re-scoring runs with their progress")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="rescore_start",
        summary="Re-score the job's applications from their stored profiles",
        request=None,
        responses={202: s.RescoreRunOutput},
    )
    def create(self, request, job_id=None):
        run = services.rescore_request(job=self.job(), by=request.auth.actor)
        return Response(s.RescoreRunOutput(run).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["scoring"])
class RescoreRunViewSet(mixins.RetrieveModelMixin, TenantScopedViewSet):
    """``/rescore-runs/:id``: one run's progress."""

    action_permissions = {
        "retrieve": Perm.JOBS_READ,
    }

    model = RescoreRun
    serializer_class = s.RescoreRunOutput

    def scope_queryset(self, queryset):
        return queryset.select_related("rubric")

    @extend_schema(operation_id="rescore_run_retrieve", summary="Progress of a re-scoring run")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["scoring"])
class JobReviewViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/jobs/:jobId/reviews`` (history) and ``POST /jobs/:jobId/optimize`` (run the optimizer now)."""

    action_permissions = {
        "list": Perm.JOBS_READ,
        "optimize": Perm.JOBS_WRITE,
    }

    model = JobReview
    serializer_class = s.JobReviewOutput

    def job(self) -> Job:
        return job_get(tenant=self.tenant, job_id=self.kwargs["job_id"])

    def scope_queryset(self, queryset):
        return queryset.filter(job=self.job()).order_by("-created_at", "pk")

    @extend_schema(operation_id="job_reviews_list", summary="The job's description reviews, newest first")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="jobs_optimize",
        summary="Re-run the job-description optimizer",
        request=None,
        responses={201: s.JobReviewOutput, 404: error_response(404)},
    )
    @action(detail=False, methods=["post"])
    def optimize(self, request, job_id=None):
        review = services.job_review_run(job=self.job(), trigger=ReviewTrigger.MANUAL, by=request.auth.actor)
        return Response(s.JobReviewOutput(review).data, status=status.HTTP_201_CREATED)
