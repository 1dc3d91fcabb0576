"""OpenAPI: every operation documents the error envelope for the codes it can actually answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny

from hiresscope.permissions import HasActionPermission, denied_to_some


class ErrorEnvelopeSerializer(serializers.Serializer):
    status_code = serializers.IntegerField(help_text="HTTP status code, repeated in the body.")
    message = serializers.CharField(help_text="What went wrong, for people.")
    error = serializers.CharField(help_text="HTTP reason phrase, e.g. 'Not Found'.")
    code = serializers.CharField(help_text="Machine-readable error code, for clients to branch on.")
    request_id = serializers.CharField(help_text="Quote it when reporting a problem; it is in our logs.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors per field (400 only).",
    )
    details = serializers.DictField(
        required=False, help_text="Facts to act on, e.g. existingApplicationId on a duplicate (409)."
    )


_DESCRIPTIONS = {
    400: "Validation failed",
    401: "Missing, invalid or expired credentials",
    403: (
        "Not allowed: for this credential, over a plan limit (plan_limit_exceeded, feature_not_on_plan), "
        "or the subscription is read-only (subscription_inactive)"
    ),
    404: "Not found, or outside your tenant",
    405: "Method not allowed",
    409: "Conflict",
    413: "File or body too large",
    415: "Unsupported media or file type",
    429: "Rate limit exceeded; see Retry-After",
    500: "Internal error (quote the requestId)",
}


def error_response(status_code: int, description: str | None = None) -> OpenApiResponse:
    return OpenApiResponse(ErrorEnvelopeSerializer, description=description or _DESCRIPTIONS[status_code])


def _checks_subscription(view) -> bool:
    if getattr(view, "subscription_exempt", False):
        return False
    return any(isinstance(permission, HasActionPermission) for permission in view.get_permissions())


def _declared_permission(view, method: str):
    """The permission a tenant view declares for this operation (``None`` for other views)."""
    declared = getattr(view, "action_permissions", None)
    if not declared:
        return None
    action = getattr(view, "action", None) if hasattr(view, "get_extra_actions") else method.lower()
    return declared.get(action)


class HireScopeAutoSchema(AutoSchema):
    """Adds the envelope for 400/401/403/404/429/500 where they apply, unless the view documents them."""

    def _get_request_body(self, direction="request"):
        # drf-spectacular documents bodies on POST, PUT and PATCH only. A plain view's DELETE that
        # declares a body (DELETE /candidates/me confirms with the password) must show it, or clients
        # and the schema fuzzer would send none. Generic views' DELETE bodies stay undocumented.
        if self.method != "DELETE" or isinstance(self.view, GenericAPIView):
            return super()._get_request_body(direction)
        if self.get_request_serializer() is None:
            return None
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes: set[int] = {500}
        if self.method in ("POST", "PUT", "PATCH"):
            codes.update((400, 415))  # a body that fails validation, or is not in a format the route parses
        if any(parameter.get("in") == "query" for parameter in self._get_parameters()):
            codes.add(400)  # query parameters are validated like bodies
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes.add(401)
        if "{" in self.path:
            codes.add(404)
        forbidden = []
        if self.method in ("POST", "PUT", "PATCH", "DELETE") and _checks_subscription(self.view):
            # any tenant write: a read-only subscription, or a plan limit
            forbidden.append(_DESCRIPTIONS[403])
        needed = _declared_permission(self.view, self.method)
        refusal = f"permission_denied: the caller's role or API-key scope lacks {needed}"
        if needed is not None and denied_to_some(needed):
            forbidden.append(refusal)
            documented = responses.get("403")
            # A view that documents its own 403 (a plan limit, say) still says who is refused.
            if documented is not None and "permission_denied" not in documented.get("description", ""):
                documented["description"] = f"{documented['description']}; or {refusal}"
        if getattr(self.view, "throttle_classes", None):
            codes.add(429)
        described = {403: "; or ".join(forbidden)} if forbidden else {}
        for status_code in sorted(codes | set(described)):
            if str(status_code) not in responses:
                responses[str(status_code)] = self._get_response_for_code(
                    error_response(status_code, described.get(status_code)),
                    str(status_code),
                    direction=direction,
                )
        return responses


class EmployerJWTScheme(OpenApiAuthenticationExtension):
    target_class = "hiresscope.authentication.EmployerJWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Employer access token from POST /auth/login (15 minutes).",
        }


class CandidateJWTScheme(OpenApiAuthenticationExtension):
    target_class = "hiresscope.authentication.CandidateJWTAuthentication"
    name = "candidateBearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Candidate access token from POST /candidates/login (15 minutes).",
        }


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "hiresscope.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "A tenant's API key, hsk_live_…",
        }


def allow_empty_optional_query_values(result, generator, request, public):
    """Postprocessing hook: an optional query parameter sent empty (``?status=``, as an HTML form sends
    an unused field) means the same as leaving it out, everywhere in the API; ``allowEmptyValue`` is how
    OpenAPI says so. ``tests/test_schema_fuzz.py`` holds the API to it."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result
