from django.db.models import Count
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.api import serializers as s
from candidates.blind import cv_require_visible
from candidates.export import SCORE_COMPONENTS, application_csv_response
from candidates.filters import APPLICATION_ORDERING, ApplicationFilter
from candidates.idempotency import idempotent
from candidates.intake import CV_CONTENT_TYPES, read_cv_upload
from candidates.models import Application, Source
from candidates.pipeline import application_retry
from candidates.selectors import (
    application_notes,
    application_with_detail,
    job_application_count,
    job_application_list,
    job_open_for_applications,
    refuse_identity_queries,
)
from candidates.services.exports import applications_export_record
from candidates.services.notes import note_add
from candidates.services.people import source_get_default
from candidates.services.status import application_status_change
from candidates.services.submission import (
    application_apply_public,
    application_submit,
    application_submit_bulk,
)
from candidates.stages import TRANSITIONS
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError
from hiresscope.filters import CamelOrderingFilter, QueryFilterBackend, names_a_filter
from hiresscope.parsers import CamelCaseMultiPartParser
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.throttling import ApplyPerClientThrottle, ApplyPerLinkThrottle, client_ip
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
    415: error_response(
        415, "Not a PDF, DOCX, DOC or TXT (judged by content), or the extension contradicts it"
    ),
}


class DownloadNegotiation(BaseContentNegotiation):
    """For endpoints that answer a file: the file whatever ``Accept`` says, errors in the JSON envelope.

    DRF's default negotiation would answer ``Accept: text/csv`` with a 406, as no renderer makes CSV.
    """

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(tags=["applications"])
class JobApplicationViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/jobs/:jobId/applications``: a job's applications, and CV upload."""

    action_permissions = {
        "list": Perm.APPLICATIONS_READ,
        "create": Perm.APPLICATIONS_WRITE,
        "bulk": Perm.APPLICATIONS_WRITE,
        "export_csv": Perm.APPLICATIONS_EXPORT,
    }

    model = Application
    serializer_class = s.ApplicationListOutput
    filter_backends = [QueryFilterBackend, CamelOrderingFilter]
    filterset_class = ApplicationFilter
    ordering_fields = APPLICATION_ORDERING
    ordering = ("-created_at", "pk")
    parser_classes = [CamelCaseMultiPartParser]

    def job(self):
        if not hasattr(self, "_job"):
            self._job = job_get(tenant=self.tenant, job_id=self.kwargs["job_id"])
        return self._job

    def scope_queryset(self, queryset):
        # list() looks the job up only to tell a 404 from an empty list (see job_application_list).
        return job_application_list(tenant=self.tenant, job_id=self.kwargs["job_id"]).only(
            *s.ApplicationListOutput.columns
        )

    @extend_schema(
        operation_id="applications_list",
        summary="List a job's applications (paginated, sortable, filterable)",
        responses={
            200: s.ApplicationListOutput(many=True),
            403: error_response(403, "search or ordering by name while blind review is on (blind_review)"),
        },
    )
    def list(self, request, *args, **kwargs):
        # The page carries its total (one round trip, not two). A name search leaves a handful of a
        # job's rows and is most of the work, so its matches are counted in the page's own rows.
        self.paginator.count_in_page_query = self._page_count(request.query_params)
        try:
            refuse_identity_queries(
                tenant=self.tenant, query_params=request.query_params, what="applications"
            )
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        except (APIException, DomainError):
            self.job()  # another tenant's job is a 404 before any parameter is judged
            raise
        if not page:
            self.job()  # no rows: an empty list, or no such job (404)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _page_count(self, query_params):
        """How the page carries its total: the job's tally when no filter is named (the list is the whole
        job), the page's own matches for a name search, else a count of the filtered rows."""
        if query_params.get("search", "").strip():
            return "window"
        if names_a_filter(query_params, self.filterset_class):
            return "subquery"
        tally = job_application_count(tenant=self.tenant, job_id=self.kwargs["job_id"])
        return "subquery" if tally is None else tally

    @extend_schema(
        operation_id="applications_export_csv",
        summary="Export a job's applications as CSV (all matching rows; the list's filters and order)",
        description=(
            "Streams every application matching the list's filters, in the list's order, not paginated. "
            "Columns: applicationId, candidateName, candidateEmail, status, processingStatus, score, one "
            "column per score component (0..1, blank when the component does not apply: "
            + ", ".join(SCORE_COMPONENTS)
            + "), matchedMustHaves and missingMustHaves ('; '-separated; a partial match is marked "
            "'(partial)'), flags (codes), createdAt, scoredAt (ISO 8601, UTC). Cells starting with "
            "= + - @ tab or carriage return are prefixed with ' so spreadsheets do not run them. Under "
            "blind review the name and email cells are empty."
        ),
        filters=True,
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="CSV (RFC 4180, UTF-8), as an attachment"
            ),
            403: error_response(403, "search or ordering by name while blind review is on (blind_review)"),
        },
    )
    def export_csv(self, request, job_id=None):
        job = self.job()
        refuse_identity_queries(tenant=self.tenant, query_params=request.query_params, what="applications")
        applications = self.filter_queryset(self.get_queryset())
        used = [*self.filterset_class.base_filters, "ordering"]
        applications_export_record(
            tenant=self.tenant,
            by=request.auth.actor,
            job=job,
            filters={name: request.query_params[name] for name in used if request.query_params.get(name)},
            ip=client_ip(request),
        )
        return application_csv_response(
            applications=applications, job=job, blind_review=self.tenant.blind_review
        )

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
        application = application_submit(tenant=self.tenant, job=job, by=request.auth.actor, cv=cv, **fields)
        return Response(s.ApplicationListOutput(application).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="applications_bulk_upload",
        summary="Upload up to 50 CVs at once; every file gets its own outcome",
        request={"multipart/form-data": s.BulkUploadInput},
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            202: s.BulkUploadOutput,
            400: error_response(
                400,
                "Invalid form, or no file accepted (code no_file_accepted; details.results has each "
                "file's outcome in the shape of the 202's results)",
            ),
        },
    )
    @idempotent(scope_of=lambda view, request, **kwargs: f"tenant:{view.tenant.id}")
    def bulk(self, request, job_id=None):
        job = self.job()
        data = s.BulkUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcomes = application_submit_bulk(
            tenant=self.tenant,
            job=job,
            by=request.auth.actor,
            uploads=data.validated_data["files"],
            contacts=data.validated_data.get("candidates", []),
        )
        accepted = sum(1 for outcome in outcomes if outcome["accepted"])
        if not accepted:
            # Nothing was queued: the request as a whole failed, and each file says why.
            raise DomainError(
                f"None of the {len(outcomes)} files was accepted; details.results gives each file's reason.",
                code=ErrorCode.NO_FILE_ACCEPTED,
                details={"results": s.BulkFileOutcomeOutput(outcomes, many=True).data},
            )
        body = {"accepted": accepted, "rejected": len(outcomes) - accepted, "results": outcomes}
        return Response(s.BulkUploadOutput(body).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["applications"])
class ApplicationViewSet(mixins.RetrieveModelMixin, TenantScopedViewSet):
    """``/applications/:id``: one application with its score and explanation."""

    action_permissions = {
        "retrieve": Perm.APPLICATIONS_READ,
        "change_status": Perm.APPLICATIONS_WRITE,
        "retry": Perm.APPLICATIONS_WRITE,
        "cv": Perm.APPLICATIONS_READ,
        "notes": Perm.APPLICATIONS_READ,
        "note_create": Perm.APPLICATIONS_WRITE,
    }

    model = Application
    serializer_class = s.ApplicationDetailOutput

    def scope_queryset(self, queryset):
        return application_with_detail(queryset)

    @extend_schema(operation_id="applications_retrieve", summary="Application detail with the AI explanation")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="applications_status_update",
        summary="Move an application to another pipeline stage (a person decides; scores only advise)",
        description=(
            "Allowed moves: "
            + "; ".join(f"{stage} → {', '.join(targets)}" for stage, targets in TRANSITIONS.items())
            + ". Every move is recorded in statusHistory with the optional reason, who made it and when. "
            "Asking for the current stage changes and records nothing."
        ),
        request=s.ApplicationStatusInput,
        responses={
            200: s.ApplicationDetailOutput,
            409: error_response(
                409, "The move is not allowed from the current stage (invalid_transition; details.allowed)"
            ),
        },
    )
    @action(detail=True, methods=["patch"], url_path="status")
    def change_status(self, request, pk=None):
        application = self.get_object()  # first: another tenant's application is a 404 whatever the body
        data = s.ApplicationStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        application_status_change(
            tenant=self.tenant,
            application_id=application.pk,
            by=request.auth.actor,
            to_status=data.validated_data["status"],
            reason=data.validated_data["reason"],
        )
        body = s.ApplicationDetailOutput(self.get_object(), context=self.get_serializer_context()).data
        return Response(body)

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
        application = application_retry(application=self.get_object(), by=request.auth.actor)
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
        cv_require_visible(tenant=self.tenant)
        return FileResponse(
            application.cv_file.open("rb"),
            as_attachment=True,
            filename=application.cv_filename,
            content_type=CV_CONTENT_TYPES.get(application.cv_kind, "application/octet-stream"),
        )

    @extend_schema(
        operation_id="applications_notes_list",
        summary="The team's notes on an application, oldest first",
        responses={200: s.NoteOutput(many=True)},
    )
    @action(detail=True, methods=["get"])
    def notes(self, request, pk=None):
        notes = application_notes(tenant=self.tenant, application_id=pk)
        return Response(s.NoteOutput(notes, many=True).data)

    @extend_schema(
        operation_id="applications_notes_create",
        summary="Add a team note; members it @mentions are emailed a link",
        description=(
            "Only the team sees notes. A mention is `@` and a member's email, or the part of it before the "
            "`@` when exactly one member has it; other words after `@` stay plain text. The author is never "
            "emailed, and the email carries no candidate data, only a link. Notes are deleted with the "
            "candidate's personal data on erasure."
        ),
        request=s.NoteCreateInput,
        responses={201: s.NoteOutput},
    )
    @notes.mapping.post
    def note_create(self, request, pk=None):
        application = self.get_object()  # first: another tenant's application is a 404 whatever the body
        data = s.NoteCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        note = note_add(
            tenant=self.tenant, application_id=application.pk, by=request.auth.actor, **data.validated_data
        )
        return Response(s.NoteOutput(note).data, status=status.HTTP_201_CREATED)


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
            409: error_response(
                409,
                "Already applied (code duplicate_application); the answer names neither the existing "
                "application nor whose details matched",
            ),
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
        application = application_apply_public(job=job, cv=cv, **fields)
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

    action_permissions = {
        "list": Perm.CANDIDATES_READ,
    }

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
