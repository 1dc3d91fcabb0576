from django.db.models import Count
from django.http import FileResponse
from django.utils import timezone
from djangorestframework_camel_case.parser import CamelCaseMultiPartParser
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.api import serializers as s
from candidates.idempotency import idempotent
from candidates.intake import read_cv_upload
from candidates.models import Application, ApplicationSource, Source
from candidates.selectors import job_open_for_applications
from candidates.services import (
    application_retry,
    application_submit,
    application_submit_bulk,
    source_get_default,
)
from hiresscope.exceptions import DomainError
from hiresscope.filters import CamelOrderingFilter
from hiresscope.schema import error_response
from hiresscope.throttling import ApplyPerClientThrottle, ApplyPerLinkThrottle
from hiresscope.viewsets import TenantScopedViewSet
from jobs.selectors import job_get

IDEMPOTENCY_HEADER = OpenApiParameter(
    name="Idempotency-Key",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Send the same key when retrying: the first answer is returned instead of a second application.",
)
CV_FILE_ERRORS = {
    413: error_response(413, "CV over 5 MB"),
    415: error_response(415, "Not a PDF, DOCX or TXT (judged by content), or the extension contradicts it"),
}
APPLICATION_ORDERING = {"score": "score", "createdAt": "created_at", "updatedAt": "updated_at"}


@extend_schema(tags=["applications"])
class JobApplicationViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/jobs/:jobId/applications``: a job's applications, and CV upload."""

    model = Application
    serializer_class = s.ApplicationListOutput
    filter_backends = [CamelOrderingFilter]
    ordering_fields = APPLICATION_ORDERING
    ordering = ("-created_at", "pk")
    parser_classes = [CamelCaseMultiPartParser]

    def job(self):
        return job_get(tenant=self.tenant, job_id=self.kwargs["job_id"])

    def get_serializer_context(self):
        # Blind review (a tenant setting) hides who the candidate is from whoever reads the list.
        return {**super().get_serializer_context(), "blind_review": self.tenant.blind_review}

    def scope_queryset(self, queryset):
        return queryset.filter(job=self.job()).select_related("candidate")

    @extend_schema(
        operation_id="applications_list", summary="List a job's applications (paginated, sortable)"
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="applications_upload",
        summary="Upload one CV to a job (multipart/form-data)",
        request={"multipart/form-data": s.ApplicationUploadInput},
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            202: s.ApplicationListOutput,
            409: error_response(409, "This candidate already applied (details.existingApplicationId)"),
            **CV_FILE_ERRORS,
        },
    )
    @idempotent(scope_of=lambda view, request, **kwargs: f"tenant:{view.tenant.id}")
    def create(self, request, job_id=None):
        job = self.job()  # first: another tenant's job is a 404 whatever the body holds
        data = s.ApplicationUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cv = read_cv_upload(fields.pop("file"))
        application = application_submit(tenant=self.tenant, job=job, by=request.user, cv=cv, **fields)
        return Response(s.ApplicationListOutput(application).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="applications_bulk_upload",
        summary="Upload up to 50 CVs at once; every file gets its own outcome",
        request={"multipart/form-data": s.BulkUploadInput},
        parameters=[IDEMPOTENCY_HEADER],
        responses={202: s.BulkUploadOutput},
    )
    @idempotent(scope_of=lambda view, request, **kwargs: f"tenant:{view.tenant.id}")
    def bulk(self, request, job_id=None):
        job = self.job()
        data = s.BulkUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcomes = application_submit_bulk(
            tenant=self.tenant,
            job=job,
            by=request.user,
            uploads=data.validated_data["files"],
            contacts=data.validated_data.get("candidates", []),
        )
        accepted = sum(1 for outcome in outcomes if outcome["accepted"])
        body = {"accepted": accepted, "rejected": len(outcomes) - accepted, "results": outcomes}
        return Response(s.BulkUploadOutput(body).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["applications"])
class ApplicationViewSet(mixins.RetrieveModelMixin, TenantScopedViewSet):
    """``/applications/:id``: one application with its score and explanation."""

    model = Application
    serializer_class = s.ApplicationDetailOutput

    def scope_queryset(self, queryset):
        return queryset.select_related("candidate", "job")

    def get_serializer_context(self):
        # Blind review (a tenant setting) hides who the candidate is from whoever reads the list.
        return {**super().get_serializer_context(), "blind_review": self.tenant.blind_review}

    @extend_schema(operation_id="applications_retrieve", summary="Application detail with the AI explanation")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="applications_retry",
        summary="Re-run parsing and scoring of a failed application",
        request=None,
        responses={
            202: s.ApplicationDetailOutput,
            409: error_response(409, "The application has not failed"),
        },
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        application = application_retry(application=self.get_object(), by=request.user)
        body = s.ApplicationDetailOutput(application, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="applications_cv_download",
        summary="Download the original CV",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The CV file"
            ),
            403: error_response(403, "Blind review is on: the original CV shows who the candidate is"),
        },
    )
    @action(detail=True, methods=["get"])
    def cv(self, request, pk=None):
        application = self.get_object()
        if self.tenant.blind_review:
            raise DomainError(
                "Blind review is on for this organisation: the original CV is hidden; "
                "the parsed profile and the explanation are available.",
                code="blind_review",
                status_code=403,
            )
        return FileResponse(
            application.cv_file.open("rb"),
            as_attachment=True,
            filename=application.cv_filename,
            content_type={
                "pdf": "application/pdf",
                "txt": "text/plain",
                "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            }.get(application.cv_kind, "application/octet-stream"),
        )


class PublicApplyView(APIView):
    """``POST /apply/:slug``: a candidate applies through a job's public link, without an account."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [CamelCaseMultiPartParser]
    throttle_classes = [ApplyPerClientThrottle, ApplyPerLinkThrottle]

    @extend_schema(
        operation_id="public_apply",
        summary="Apply to a job through its public link (CV + consent)",
        request={"multipart/form-data": s.PublicApplyInput},
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: s.PublicApplyOutput,
            409: error_response(409, "Already applied with this email (details.existingApplicationId)"),
            **CV_FILE_ERRORS,
        },
        tags=["public"],
    )
    @idempotent(scope_of=lambda view, request, slug: f"apply:{slug}:{view.throttle_ident(request)}")
    def post(self, request, slug: str):
        job = job_open_for_applications(slug=slug)
        data = s.PublicApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("consent")
        cv = read_cv_upload(fields.pop("file"))
        application = application_submit(
            tenant=job.tenant,
            job=job,
            by=None,
            cv=cv,
            source=ApplicationSource.PUBLIC_LINK,
            consent_at=timezone.now(),
            **fields,
        )
        body = {
            "application_id": application.id,
            "job_title": job.title,
            "company": job.tenant.name,
            "received_at": application.created_at,
            "message": "Thank you: your application was received and will be reviewed.",
        }
        return Response(s.PublicApplyOutput(body).data, status=status.HTTP_201_CREATED)

    def throttle_ident(self, request) -> str:
        return ApplyPerClientThrottle().get_ident(request)


@extend_schema(tags=["sources"])
class SourceViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/sources``: where candidate profiles come from; their ``key`` is what ``source_key`` takes."""

    model = Source
    serializer_class = s.SourceOutput
    filter_backends = [CamelOrderingFilter]
    ordering_fields = {"createdAt": "created_at", "name": "name"}
    ordering = ("created_at", "pk")

    def scope_queryset(self, queryset):
        return queryset.annotate(candidate_count=Count("candidates"))

    @extend_schema(operation_id="sources_list", summary="List the tenant's sources of candidate profiles")
    def list(self, request, *args, **kwargs):
        # The default source is created lazily; make sure a client listing sources always sees it.
        source_get_default(tenant=self.tenant)
        return super().list(request, *args, **kwargs)
