from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from candidates.selectors import talent_pool_eligible_for_job, talent_pool_min_score
from candidates.services.talent_pool import job_deletion_confirm
from hiresscope.filters import CamelOrderingFilter, QueryFilterBackend
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.throttling import PublicRateThrottle
from hiresscope.viewsets import TenantScopedViewSet
from jobs.api import serializers as s
from jobs.api.filters import JobFilter
from jobs.models import Board, Job
from jobs.selectors import job_get_with_deleted, job_public_list
from jobs.services import board_create, job_soft_delete
from scoring import job_editing


@extend_schema(tags=["jobs"])
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantScopedViewSet):
    action_permissions = {
        "list": Perm.JOBS_READ,
        "retrieve": Perm.JOBS_READ,
        "create": Perm.JOBS_WRITE,
        "partial_update": Perm.JOBS_WRITE,
        "destroy": Perm.JOBS_WRITE,
        "confirm_delete": Perm.JOBS_WRITE,
    }
    model = Job
    serializer_class = s.JobOutput
    filter_backends = [QueryFilterBackend, CamelOrderingFilter]
    filterset_class = JobFilter
    ordering_fields = {
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "title": "title",
        "status": "status",
    }
    ordering = ("-created_at", "pk")

    def scope_queryset(self, queryset):
        return queryset.alive().select_related("board")

    @extend_schema(operation_id="jobs_list", summary="List the tenant's jobs (optional ?status=)")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(operation_id="jobs_retrieve", summary="Get one job")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="jobs_create",
        summary="Create a job posting",
        request=s.JobInput,
        responses={201: s.JobOutput},
    )
    def create(self, request):
        data = s.JobInput(data=request.data)
        data.is_valid(raise_exception=True)
        # The rubric is extracted and the description reviewed in the same transaction, so both can be
        # read right away.
        job = job_editing.job_create(tenant=self.tenant, by=request.auth.actor, **data.validated_data)
        return Response(s.JobOutput(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="jobs_update", summary="Update job fields (partial)", request=s.JobInput(partial=True)
    )
    def partial_update(self, request, pk=None):
        job = self.get_object()
        data = s.JobInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        job = job_editing.job_update(job=job, by=request.auth.actor, **data.validated_data)
        return Response(s.JobOutput(job).data)

    @extend_schema(
        operation_id="jobs_delete",
        summary="Soft-delete a job; returns the candidates worth saving to the talent pool",
        responses={200: s.JobDeletedOutput},
    )
    def destroy(self, request, pk=None):
        job = job_soft_delete(job=self.get_object(), by=request.auth.actor)
        payload = {
            "id": job.id,
            "deleted_at": job.deleted_at,
            "talent_pool_min_score": talent_pool_min_score(),
            "talent_pool_eligible": talent_pool_eligible_for_job(job=job),
        }
        return Response(s.JobDeletedOutput(payload, context=self.get_serializer_context()).data)

    @extend_schema(
        operation_id="jobs_confirm_delete",
        summary="Confirm a deletion: save the chosen candidates to the talent pool; no restore after this",
        request=s.JobDeleteConfirmInput,
        responses={
            200: s.JobDeleteConfirmOutput,
            400: error_response(400, "Validation failed, or candidateIds not on the eligible list"),
            409: error_response(409, "job_not_deleted, or deletion_already_confirmed"),
        },
    )
    @action(detail=True, methods=["post"], url_path="confirm-delete")
    def confirm_delete(self, request, pk=None):
        # Not get_object(): that sees live jobs only, and a live job is a 409 here, not a 404.
        job = job_get_with_deleted(tenant=self.tenant, job_id=pk)
        data = s.JobDeleteConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        job, saved, already = job_deletion_confirm(
            tenant=self.tenant,
            job=job,
            by=request.auth.actor,
            candidate_ids=data.validated_data["candidate_ids"],
        )
        payload = {
            "id": job.id,
            "deleted_at": job.deleted_at,
            "deletion_confirmed_at": job.deletion_confirmed_at,
            "saved": saved,
            "already_in_pool": already,
        }
        return Response(s.JobDeleteConfirmOutput(payload, context=self.get_serializer_context()).data)


class PublicJobListView(ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [PublicRateThrottle]
    serializer_class = s.PublicJobOutput

    def get_queryset(self):
        query = s.PublicJobsQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return job_public_list(company=query.validated_data.get("company"))

    @extend_schema(
        tags=["jobs"],
        operation_id="jobs_public_list",
        summary="Active public jobs of every employer (optional ?company=<slug or name>)",
        parameters=[s.PublicJobsQuery],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["boards"])
class BoardViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/boards``: HrFlow-style named groups of jobs; their ``key`` is what ``board_keys`` takes."""

    action_permissions = {
        "list": Perm.JOBS_READ,
        "create": Perm.JOBS_WRITE,
    }

    model = Board
    serializer_class = s.BoardOutput
    filter_backends = [CamelOrderingFilter]
    ordering_fields = {"createdAt": "created_at", "name": "name"}
    ordering = ("created_at", "pk")

    def scope_queryset(self, queryset):
        return queryset.annotate(job_count=Count("jobs", filter=Q(jobs__deleted_at__isnull=True)))

    @extend_schema(operation_id="boards_list", summary="List the tenant's boards (the default board first)")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="boards_create",
        summary="Create a board",
        request=s.BoardInput,
        responses={201: s.BoardOutput},
    )
    def create(self, request):
        data = s.BoardInput(data=request.data)
        data.is_valid(raise_exception=True)
        board = board_create(tenant=self.tenant, by=request.auth.actor, name=data.validated_data["name"])
        board.job_count = 0
        return Response(s.BoardOutput(board).data, status=status.HTTP_201_CREATED)
