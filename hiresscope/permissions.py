from rest_framework.permissions import BasePermission

from hiresscope.authentication import TenantCredential


class IsTenantMember(BasePermission):
    """Authenticated with an employer credential (JWT or API key) that resolved a tenant."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, TenantCredential)


class IsEmployerJWT(BasePermission):
    """Only an employer's own session (JWT); API keys may not manage credentials."""

    message = "This endpoint needs an employer access token; API keys cannot use it."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, TenantCredential) and not request.auth.via_api_key
