"""b2d-compatible ``GET /jobs/list``: the active jobs created with the caller's API key, newest first.

An existing b2d client works when pointed at ``http(s)://host/api/v1`` (bench/b2d_client.py is the
seed's own example). Compared to the rest of the API this view differs on purpose, as b2d does:

- the key comes in ``x-api-key`` or in the ``api_key`` query parameter (query strings are masked in
  our logs, hiresscope/logredact.py); no key is a 401, a wrong or revoked key a 403;
- errors are ``{"error": "..."}``, not our envelope; keys are as b2d names them (no camelCase);
- like every API-key response, it carries ``X-Credits-Used``, ``X-Credits-Used-Assess`` and
  ``X-Credits-Remaining`` (hiresscope/credit_headers.py). Listing jobs is free.

As b2d documents, it "only shows jobs created with your API key": the ACTIVE, not deleted jobs whose
``POST /jobs`` came with this key (jobs created in the dashboard or with a JWT, or with another key,
are not listed).
"""

from datetime import UTC

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.services import api_key_authenticate
from hiresscope.authentication import TenantCredential
from hiresscope.exceptions import api_exception_handler
from hiresscope.permissions import Perm
from hiresscope.viewsets import TenantScopedAPIView
from jobs.models import Job, JobStatus
from jobs.selectors import job_list

MISSING_KEY = "Missing API key"
INVALID_KEY = "Invalid API key"


class B2dApiKeyAuthentication(BaseAuthentication):
    """A tenant API key from ``x-api-key`` or ``?api_key=``; missing is a 401, unknown or revoked a 403."""

    def authenticate(self, request: Request):
        raw_key = (request.headers.get("x-api-key") or request.query_params.get("api_key") or "").strip()
        if not raw_key:
            raise exceptions.NotAuthenticated(MISSING_KEY)
        api_key = api_key_authenticate(raw_key=raw_key)
        if api_key is None:
            raise exceptions.PermissionDenied(INVALID_KEY)
        request.tenant = api_key.tenant
        return api_key.created_by, TenantCredential(
            tenant=api_key.tenant, user=api_key.created_by, api_key=api_key
        )

    def authenticate_header(self, request: Request) -> str:
        return "x-api-key"


class B2dApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.api.b2d.B2dApiKeyAuthentication"
    name = ["b2dApiKeyHeader", "b2dApiKeyQuery"]

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in self.name]  # either one

    def get_security_definition(self, auto_schema):
        described = "b2d-compatible endpoints: a tenant's API key (hsk_live_…)."
        return [
            {"type": "apiKey", "in": "header", "name": "x-api-key", "description": described},
            {"type": "apiKey", "in": "query", "name": "api_key", "description": described},
        ]


def b2d_exception_handler(exc: Exception, context: dict) -> Response:
    """Our handler (logging, rollback, status, Retry-After), with b2d's ``{"error": ...}`` body."""
    response = api_exception_handler(exc, context)
    response.data = {"error": response.data["message"]}
    return response


def b2d_job(job: Job) -> dict:
    return {
        "id": str(job.id),
        # b2d keeps the text it was given; ours is a title and a description, joined as a posting reads.
        "description": f"{job.title}\n\n{job.description}",
        "created": job.created_at.astimezone(UTC).isoformat(timespec="seconds"),
        "active": True,
    }


JOBS_SCHEMA = {
    "type": "object",
    "required": ["jobs"],
    "properties": {
        "jobs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "description", "created", "active"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "description": {
                        "type": "string",
                        "description": "The title, a blank line, the description.",
                    },
                    "created": {
                        "type": "string",
                        "format": "date-time",
                        "description": "ISO 8601, UTC offset.",
                    },
                    "active": {"type": "boolean", "enum": [True]},
                },
            },
        }
    },
}
ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
CREDIT_HEADERS = {
    "X-Credits-Used": {"schema": {"type": "integer"}, "description": "Credits this API key has used."},
    "X-Credits-Used-Assess": {"schema": {"type": "integer"}, "description": "Of which for assessments."},
    "X-Credits-Remaining": {"schema": {"type": "integer"}, "description": "Left this period; -1 unlimited."},
}


class B2dJobListView(TenantScopedAPIView):
    authentication_classes = [B2dApiKeyAuthentication]
    action_permissions = {"get": Perm.JOBS_READ}
    renderer_classes = [JSONRenderer]  # b2d's keys, not the API's camelCase

    def get_exception_handler(self):
        return b2d_exception_handler

    @extend_schema(
        operation_id="b2d_jobs_list",
        summary="b2d: the active jobs created with this API key, newest first (free)",
        description=__doc__,
        tags=["b2d"],
        responses={
            200: OpenApiResponse(JOBS_SCHEMA, description="Active jobs, newest first"),
            401: OpenApiResponse(
                ERROR_SCHEMA,
                description="No API key",
                examples=[OpenApiExample("Missing", {"error": MISSING_KEY})],
            ),
            403: OpenApiResponse(
                ERROR_SCHEMA,
                description="Unknown or revoked API key",
                examples=[OpenApiExample("Invalid", {"error": INVALID_KEY})],
            ),
            429: OpenApiResponse(ERROR_SCHEMA, description="Rate limit exceeded; see Retry-After"),
            500: OpenApiResponse(ERROR_SCHEMA, description="Internal error"),
        },
    )
    def get(self, request: Request) -> Response:
        jobs = (
            job_list(tenant=request.auth.tenant)
            .select_related(None)
            .filter(status=JobStatus.ACTIVE, created_with_key=request.auth.api_key)
            .only("id", "title", "description", "created_at")
            .order_by("-created_at", "-pk")
        )
        return Response({"jobs": [b2d_job(job) for job in jobs]})
