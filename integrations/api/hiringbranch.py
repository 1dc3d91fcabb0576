"""HiringBranch-compatible ``GET /v1/score``: assessment results as the seed's ``ScoreResponseDto`` array.

HiringBranch's server is ``https://api.hiringbranch.com/connect`` and the path ``/v1/score``; ours is
``/api/v1/score``, so a client's base URL becomes ``http(s)://host/api`` (docs/assessments.md). As the seed:

- the tenant's API key in ``X-API-Key``; the optional ``instance`` header names the instance (our
  tenant's slug; its id works too): a name that is not the key's tenant is refused (403), never
  answered with another tenant's data;
- ``candidateIds`` and ``assessmentIds`` are comma-separated ids (ours are UUIDs; an assessment id is an
  assessment definition's id); a malformed id is a 400; at least one of the two must be given;
- the body is a JSON array, one item per candidate and assessment (their latest attempt), with exactly
  the seed's properties: percentages as strings of whole numbers, ``typingSpeed`` in words per minute
  ("0" without a typing test), ``started``/``finished`` in .NET's round-trip format with .NET's minimum
  date for a moment that has not happened. Errors use the API's envelope (the seed documents none).
"""

import uuid

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.models import AssessmentInvitation
from assessments.selectors import scores
from hiresscope.authentication import ApiKeyAuthentication
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.timefmt import net_iso
from hiresscope.viewsets import TenantScopedAPIView

MAX_IDS = 100


def _percent(value: float | None) -> str:
    # Whole percent, halves rounded up (Python's round() would send 72.5 to 72).
    return str(int((value or 0) + 0.5))


def score_response(invitation: AssessmentInvitation) -> dict:
    """One ``ScoreResponseDto``: the seed's twelve properties and nothing else."""
    return {
        "candidateId": str(invitation.candidate_id),
        "assessmentId": str(invitation.definition_id),
        "assessmentName": invitation.definition.name,
        "assessmentStatus": invitation.status,
        "scoreStatus": invitation.score_status,
        "completion": _percent(invitation.completion),
        "totalScore": _percent(invitation.total_score),
        "typingSpeed": _percent(invitation.typing_wpm),
        "categoryScores": [
            {"name": category["name"], "score": _percent(category["score"])}
            for category in invitation.category_scores
        ],
        "redFlag": invitation.red_flag,
        "started": net_iso(invitation.started_at),
        "finished": net_iso(invitation.finished_at),
    }


def _ids(request: Request, name: str) -> list[uuid.UUID]:
    raw = request.query_params.get(name, "")
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if len(parts) > MAX_IDS:
        raise DomainError(
            f"Validation failed: {name}: at most {MAX_IDS} ids.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={name: [f"At most {MAX_IDS} ids."]},
        )
    ids = []
    for part in parts:
        try:
            ids.append(uuid.UUID(part))
        except ValueError:
            raise DomainError(
                f"Validation failed: {name}: {part[:60]!r} is not an id.",
                code=ErrorCode.VALIDATION_ERROR,
                fields={name: [f"{part[:60]!r} is not an id."]},
            ) from None
    return ids


SCORE_ITEM_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "assessmentId",
        "assessmentName",
        "assessmentStatus",
        "candidateId",
        "categoryScores",
        "completion",
        "finished",
        "redFlag",
        "scoreStatus",
        "started",
        "totalScore",
        "typingSpeed",
    ],
    "properties": {
        "candidateId": {"type": "string", "minLength": 1, "description": "Candidate id"},
        "assessmentId": {"type": "string", "minLength": 1, "description": "Assessment id"},
        "assessmentName": {"type": "string", "minLength": 1, "description": "Assessment name"},
        "assessmentStatus": {"type": "string", "enum": ["INVITED", "IN_PROGRESS", "COMPLETED"]},
        "scoreStatus": {"type": "string", "enum": ["PENDING", "LOW_PASS", "PASS", "FAIL"]},
        "completion": {"type": "string", "minLength": 1, "description": "Completion in percentage"},
        "totalScore": {"type": "string", "minLength": 1, "description": "Total score in percentage"},
        "typingSpeed": {"type": "string", "minLength": 1, "description": "Typing speed in words per minute"},
        "categoryScores": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "score"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "score": {"type": "string", "minLength": 1, "description": "Score in percentage"},
                },
            },
        },
        "redFlag": {"type": "boolean", "description": "The proctoring report contains a red flag"},
        "started": {"type": "string", "minLength": 1, "example": "2025-01-17T20:39:25.5810000+00:00"},
        "finished": {"type": "string", "minLength": 1, "example": "2025-01-17T20:39:25.5810000+00:00"},
    },
}


class HiringBranchScoreView(TenantScopedAPIView):
    authentication_classes = [ApiKeyAuthentication]
    action_permissions = {"get": Perm.ASSESSMENTS_READ}
    renderer_classes = [JSONRenderer]  # the seed's keys as they are

    @extend_schema(
        operation_id="hiringbranch_score",
        summary="HiringBranch: scores of candidates' assessments (ScoreResponseDto[])",
        description=__doc__,
        tags=["hiringbranch"],
        parameters=[
            OpenApiParameter("instance", str, OpenApiParameter.HEADER, description="Name of the instance"),
            OpenApiParameter("candidateIds", str, description="Candidate ids separated by comma"),
            OpenApiParameter("assessmentIds", str, description="Assessment ids separated by comma"),
        ],
        responses={
            200: OpenApiResponse(
                {"type": "array", "items": SCORE_ITEM_SCHEMA},
                description="List of scores and candidates",
                examples=[
                    OpenApiExample(
                        "A completed assessment",
                        [
                            {
                                "candidateId": "0b5c4e4e-3a51-4c1f-9d59-9d3d1f0c2a11",
                                "assessmentId": "8e1f7c2a-6d0b-4a53-b0e4-2f6a9c1d3e55",
                                "assessmentName": "Contact centre screening",
                                "assessmentStatus": "COMPLETED",
                                "scoreStatus": "PASS",
                                "completion": "100",
                                "totalScore": "78",
                                "typingSpeed": "52",
                                "categoryScores": [{"name": "Typing", "score": "100"}],
                                "redFlag": False,
                                "started": "2026-12-07T09:00:00.0000000+00:00",
                                "finished": "2026-12-07T09:24:31.1200000+00:00",
                            }
                        ],
                    )
                ],
            ),
            400: error_response(400, "Validation failed (a malformed id, or neither list given)"),
            401: error_response(401),
            403: error_response(403, "The instance is not this key's, or the key's scope does not allow it"),
        },
    )
    def get(self, request: Request) -> Response:
        instance = (request.headers.get("instance") or "").strip()
        tenant = self.tenant
        if instance and instance.lower() not in {tenant.slug.lower(), str(tenant.pk)}:
            raise PermissionDenied(
                "This API key does not belong to that instance.", code=ErrorCode.PERMISSION_DENIED
            )
        candidate_ids = _ids(request, "candidateIds")
        assessment_ids = _ids(request, "assessmentIds")
        if not candidate_ids and not assessment_ids:
            raise DomainError(
                "Validation failed: give candidateIds, assessmentIds or both.",
                code=ErrorCode.VALIDATION_ERROR,
                fields={"candidateIds": ["Give candidateIds, assessmentIds or both."]},
            )
        rows = scores(tenant=tenant, candidate_ids=candidate_ids, assessment_ids=assessment_ids)
        return Response([score_response(invitation) for invitation in rows])
