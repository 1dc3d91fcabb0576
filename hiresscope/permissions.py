from django.core.exceptions import ObjectDoesNotExist
from rest_framework.permissions import SAFE_METHODS, BasePermission

from billing.services import subscription_require_writable
from hiresscope.authentication import CandidateCredential, TenantCredential


def subscription_allows(request, view) -> None:
    """Writes of a read-only tenant (subscription EXPIRED or CANCELED) answer 403 ``subscription_inactive``.

    Checked by both tenant permissions below, so no tenant route can forget it. Reads always work; a view
    that must work anyway (paying an invoice, logging out, revoking a key) sets ``subscription_exempt``.
    """
    if request.method in SAFE_METHODS or getattr(view, "subscription_exempt", False):
        return
    tenant = request.auth.tenant
    try:
        subscription = tenant.subscription  # loaded with the credential (hiresscope/authentication.py)
    except ObjectDoesNotExist:
        subscription = None
    subscription_require_writable(tenant_id=tenant.id, subscription=subscription)


class IsTenantMember(BasePermission):
    """Authenticated with an employer credential (JWT or API key) that resolved a tenant."""

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, TenantCredential):
            return False
        subscription_allows(request, view)
        return True


class IsEmployerJWT(BasePermission):
    """Only an employer's own session (JWT); API keys may not manage credentials."""

    message = "This endpoint needs an employer access token; API keys cannot use it."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, TenantCredential) or request.auth.via_api_key:
            return False
        subscription_allows(request, view)
        return True


class IsCandidate(BasePermission):
    """Authenticated with a candidate's own access token."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, CandidateCredential)
