"""``/assessments`` (definitions, invitations) and ``/assessment-invitations`` (attempts, results, marking)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments import selectors, services
from assessments.api import serializers as s
from assessments.api.filters import InvitationFilter
from assessments.models import AssessmentAnswer, AssessmentDefinition, AssessmentInvitation, AssessmentStatus
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError, NotFoundError
from hiresscope.filters import QueryFilterBackend
from hiresscope.permissions import Perm
from hiresscope.renderers import camelize
from hiresscope.schema import error_response
from hiresscope.viewsets import TenantScopedViewSet

ARCHIVED_PARAMETER = OpenApiParameter(
    "archived", str, enum=["false", "true", "all"], description="Which to list (default: not archived)."
)


ARCHIVED = {"": False, "false": False, "true": True, "all": None}


def _choice(request, name: str, choices: dict):
    """A query parameter's meaning, or 400 ``validation_error`` when it is not one of ``choices``."""
    value = request.query_params.get(name, "")
    if value not in choices:
        allowed = ", ".join(choice for choice in choices if choice)
        raise DomainError(
            f"Validation failed: {name}: one of {allowed}.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={name: [f"One of {allowed}."]},
        )
    return choices[value]


def _content(data: dict) -> dict:
    # The API's parser snake_cases every key it reads; a question's keys are stored as documented (camelCase).
    if "content" in data:
        data["content"] = camelize(data["content"])
    return data


@extend_schema(tags=["assessments"])
class AssessmentViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """Assessment definitions. The ready-made library is added to every tenant's list on first read."""

    action_permissions = {
        "list": Perm.ASSESSMENTS_READ,
        "retrieve": Perm.ASSESSMENTS_READ,
        "create": Perm.ASSESSMENTS_WRITE,
        "partial_update": Perm.ASSESSMENTS_WRITE,
        "destroy": Perm.ASSESSMENTS_WRITE,
        "duplicate": Perm.ASSESSMENTS_WRITE,
        "invite": Perm.ASSESSMENTS_WRITE,
        "invitations": Perm.ASSESSMENTS_READ,
    }
    model = AssessmentDefinition
    serializer_class = s.AssessmentOutput

    def scope_queryset(self, queryset):
        archived = _choice(self.request, "archived", ARCHIVED) if self.action == "list" else None
        return selectors.definition_list(tenant=self.tenant, archived=archived)

    @extend_schema(
        operation_id="assessments_list",
        summary="List assessments",
        parameters=[ARCHIVED_PARAMETER],
        responses={200: s.AssessmentOutput(many=True), 400: error_response(400)},
    )
    def list(self, request, *args, **kwargs):
        services.library_ensure(tenant=self.tenant)
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="assessments_retrieve",
        summary="One assessment with its current version's questions and answers",
        responses={200: s.AssessmentDetailOutput, 404: error_response(404)},
    )
    def retrieve(self, request, pk=None):
        return Response(s.AssessmentDetailOutput(self.get_object()).data)

    @extend_schema(
        operation_id="assessments_create",
        summary="Create an assessment (version 1)",
        request=s.AssessmentInput,
        responses={201: s.AssessmentDetailOutput, 400: error_response(400)},
    )
    def create(self, request):
        data = s.AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        definition = services.definition_create(
            tenant=self.tenant, by=request.auth.actor, **_content(data.validated_data)
        )
        definition = selectors.definition_get(tenant=self.tenant, definition_id=definition.pk)
        return Response(s.AssessmentDetailOutput(definition).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="assessments_update",
        summary="Change an assessment (a version someone was invited to is kept: the change makes a new one)",
        request=s.AssessmentUpdateInput(partial=True),
        responses={200: s.AssessmentDetailOutput, 400: error_response(400), 404: error_response(404)},
    )
    def partial_update(self, request, pk=None):
        definition = self.get_object()
        data = s.AssessmentUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = _content(dict(data.validated_data))
        archived = changes.pop("archived", None)
        if changes:
            services.definition_update(
                tenant=self.tenant, by=request.auth.actor, definition_id=definition.pk, **changes
            )
        if archived is not None:
            services.definition_archive(
                tenant=self.tenant, by=request.auth.actor, definition_id=definition.pk, archived=archived
            )
        definition = selectors.definition_get(tenant=self.tenant, definition_id=definition.pk)
        return Response(s.AssessmentDetailOutput(definition).data)

    @extend_schema(
        operation_id="assessments_archive",
        summary="Archive an assessment (no new invitations; results stay; PATCH archived=false restores)",
        responses={204: None, 404: error_response(404)},
    )
    def destroy(self, request, pk=None):
        services.definition_archive(
            tenant=self.tenant, by=request.auth.actor, definition_id=self.get_object().pk
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        operation_id="assessments_duplicate",
        summary="Copy an assessment (a library one as the start of your own)",
        request=None,
        responses={201: s.AssessmentDetailOutput, 404: error_response(404)},
    )
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        copy = services.definition_duplicate(
            tenant=self.tenant, by=request.auth.actor, definition_id=self.get_object().pk
        )
        copy = selectors.definition_get(tenant=self.tenant, definition_id=copy.pk)
        return Response(s.AssessmentDetailOutput(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="assessments_invite",
        summary="Invite candidates (ids, emails or applications); inviting again returns the open invitation",
        request=s.AssessmentInviteInput,
        responses={
            200: s.AssessmentInviteOutput,
            400: error_response(400),
            403: error_response(403, "permission_denied, plan_limit_exceeded or subscription_inactive"),
            404: error_response(404),
            409: error_response(409, "assessment_archived, or a candidate without an email"),
        },
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        definition = self.get_object()
        data = s.AssessmentInviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        application_ids = list(values["application_ids"])
        if values.get("application_id"):
            application_ids.append(values["application_id"])
        outcomes = services.invitations_create(
            tenant=self.tenant,
            by=request.auth.actor,
            definition_id=definition.pk,
            candidate_ids=values["candidate_ids"],
            emails=values["emails"],
            application_ids=application_ids,
            expires_in_days=values["expires_in_days"],
            extra_time_percent=values["extra_time_percent"],
        )
        body = {
            "invited": sum(outcome.created for outcome in outcomes),
            "already_invited": sum(not outcome.created for outcome in outcomes),
            "results": [{"created": o.created, "invitation": o.invitation} for o in outcomes],
        }
        return Response(s.AssessmentInviteOutput(body).data)

    @extend_schema(
        operation_id="assessments_invitations",
        summary="The assessment's invitations with their results, newest first",
        parameters=[OpenApiParameter("status", str, enum=AssessmentStatus.values)],
        responses={
            200: s.AssessmentInvitationOutput(many=True),
            400: error_response(400),
            404: error_response(404),
        },
    )
    @action(detail=True, methods=["get"])
    def invitations(self, request, pk=None):
        definition = self.get_object()
        status_choices = {"": None, **{value: value for value in AssessmentStatus.values}}
        queryset = selectors.invitation_list(
            tenant=self.tenant, definition_id=definition.pk, status=_choice(request, "status", status_choices)
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.AssessmentInvitationOutput(page, many=True).data)


@extend_schema(tags=["assessments"])
class AssessmentInvitationViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """One candidate's attempts: results, answers, proctoring signals; marking; resending the link."""

    action_permissions = {
        "list": Perm.ASSESSMENTS_READ,
        "retrieve": Perm.ASSESSMENTS_READ,
        "resend": Perm.ASSESSMENTS_WRITE,
        "review": Perm.ASSESSMENTS_WRITE,
        "recording": Perm.ASSESSMENTS_READ,
    }
    model = AssessmentInvitation
    serializer_class = s.AssessmentInvitationOutput
    filter_backends = [QueryFilterBackend]
    filterset_class = InvitationFilter

    def scope_queryset(self, queryset):
        return selectors.invitation_list(tenant=self.tenant)

    @extend_schema(
        operation_id="assessment_invitations_list",
        summary="Invitations and results, newest first (?assessmentId, ?candidateId, ?applicationId, ?status)",
        responses={200: s.AssessmentInvitationOutput(many=True), 400: error_response(400)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="assessment_invitations_retrieve",
        summary="One attempt: scorecard, answers, proctoring signals and the red flag's reasons",
        responses={200: s.AssessmentInvitationDetailOutput, 404: error_response(404)},
    )
    def retrieve(self, request, pk=None):
        invitation = selectors.invitation_get(tenant=self.tenant, invitation_id=self.get_object().pk)
        return Response(s.AssessmentInvitationDetailOutput(invitation).data)

    @extend_schema(
        operation_id="assessment_invitations_resend",
        summary="Email a fresh link to an invitation not started yet (the old link stops working)",
        request=None,
        responses={202: s.AssessmentInvitationOutput, 404: error_response(404), 409: error_response(409)},
    )
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        invitation = services.invitation_resend(
            tenant=self.tenant, by=request.auth.actor, invitation_id=self.get_object().pk
        )
        return Response(s.AssessmentInvitationOutput(invitation).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="assessment_invitations_review",
        summary="Mark a written or spoken answer against its rubric (one true/false per point)",
        request=s.AssessmentReviewInput,
        parameters=[OpenApiParameter("question_id", str, OpenApiParameter.PATH)],
        responses={
            200: s.AssessmentInvitationDetailOutput,
            400: error_response(400),
            404: error_response(404),
            409: error_response(409),
        },
    )
    @action(detail=True, methods=["post"], url_path="answers/<slug:question_id>/review")
    def review(self, request, pk=None, question_id=None):
        answer = self._answer(question_id)
        data = s.AssessmentReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.answer_review(
            tenant=self.tenant,
            by=request.auth.actor,
            answer_id=answer.pk,
            rubric_met=data.validated_data["rubric_met"],
        )
        invitation = selectors.invitation_get(tenant=self.tenant, invitation_id=answer.invitation_id)
        return Response(s.AssessmentInvitationDetailOutput(invitation).data)

    @extend_schema(
        operation_id="assessment_invitations_recording",
        summary="The recording of a spoken answer (audio/webm, ogg, wav or mp4)",
        parameters=[OpenApiParameter("question_id", str, OpenApiParameter.PATH)],
        responses={
            (200, "audio/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The recording."),
            404: error_response(404),
        },
    )
    @action(detail=True, methods=["get"], url_path="answers/<slug:question_id>/recording")
    def recording(self, request, pk=None, question_id=None):
        answer = self._answer(question_id)
        if not answer.recording:
            raise NotFoundError("This answer has no recording.")
        response = FileResponse(answer.recording.open("rb"), content_type=f"audio/{answer.recording_kind}")
        response["Cache-Control"] = "private, no-store"
        return response

    def _answer(self, question_id: str) -> AssessmentAnswer:
        invitation = self.get_object()
        return selectors.answer_get(tenant=self.tenant, invitation_id=invitation.pk, question_id=question_id)
