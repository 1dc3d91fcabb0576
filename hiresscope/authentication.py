"""The one authentication layer: every employer credential resolves to a user and ``request.tenant``;
a candidate's token resolves to their own account (a separate realm, see ``CandidateJWTAuthentication``).

Two credentials are accepted, in this order: ``Authorization: Bearer <employer JWT>`` and
``X-API-Key: hsk_live_…``. Both end in a :class:`TenantCredential` on ``request.auth``, which is
what the tenant-scoped viewsets read; nothing downstream cares which credential was used.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication

from accounts.actors import Actor
from accounts.models import ApiKey, CandidateAccount, Membership, Tenant, User
from accounts.services import api_key_authenticate
from accounts.tokens import CANDIDATE_TOKEN_KIND, EMPLOYER_TOKEN_KIND
from hiresscope.errors import ErrorCode

API_KEY_HEADER = "X-API-Key"


@dataclass(frozen=True)
class TenantCredential:
    """Who is calling, for which tenant, and with which credential."""

    tenant: Tenant
    user: User
    membership: Membership | None = None
    api_key: ApiKey | None = None

    @property
    def via_api_key(self) -> bool:
        return self.api_key is not None

    @property
    def actor(self) -> Actor:
        """This credential as the ``by=`` of a service: the key (acting for its creator) or the member."""
        return Actor.key(self.api_key) if self.api_key is not None else Actor.member(self.user)


class EmployerJWTAuthentication(JWTAuthentication):
    """An employer access token whose ``tid`` names a tenant the user is still a member of."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if token.get("kind") != EMPLOYER_TOKEN_KIND or not token.get("tid"):
            raise exceptions.AuthenticationFailed(
                _("This token is not an employer token."), code=ErrorCode.TOKEN_NOT_VALID
            )
        membership = (
            # The subscription rides along: every write checks it (hiresscope.permissions).
            Membership.objects.select_related("tenant__subscription")
            .filter(user=user, tenant_id=token["tid"])
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(
                _("This account is no longer a member of the tenant."), code=ErrorCode.NO_MEMBERSHIP
            )
        request.tenant = membership.tenant
        return user, TenantCredential(tenant=membership.tenant, user=user, membership=membership)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``X-API-Key: hsk_live_…``: a tenant's server-to-server key, acting as the user who created it."""

    def authenticate(self, request: Request):
        raw_key = request.headers.get(API_KEY_HEADER)
        if not raw_key:
            return None
        api_key = api_key_authenticate(raw_key=raw_key.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed(
                _("Invalid or revoked API key."), code=ErrorCode.INVALID_API_KEY
            )
        request.tenant = api_key.tenant
        return api_key.created_by, TenantCredential(
            tenant=api_key.tenant, user=api_key.created_by, api_key=api_key
        )

    def authenticate_header(self, request: Request) -> str:
        return API_KEY_HEADER


@dataclass(frozen=True)
class CandidateCredential:
    """A candidate acting for themselves: no tenant; their data is found through their verified email."""

    user: User
    account: CandidateAccount


class CandidateJWTAuthentication(JWTAuthentication):
    """A candidate access token. Employer tokens are refused here, as candidate tokens are on employer routes."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if token.get("kind") != CANDIDATE_TOKEN_KIND:
            raise exceptions.AuthenticationFailed(
                _("This token is not a candidate token."), code=ErrorCode.TOKEN_NOT_VALID
            )
        account = CandidateAccount.objects.filter(user=user).first()
        if account is None:
            raise exceptions.AuthenticationFailed(
                _("This candidate account no longer exists."), code=ErrorCode.NO_ACCOUNT
            )
        return user, CandidateCredential(user=user, account=account)
