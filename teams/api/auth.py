"""The employer's session and organisation endpoints: ``/auth/*``, ``/api-keys``, ``/tenant/settings``.

They answer with the tenant's subscription (billing), so they live here, above accounts; the identity
work itself (passwords, tokens) is accounts'.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiKey
from accounts.selectors import membership_list_for_user
from accounts.services import (
    api_key_revoke,
    employer_login,
    employer_tenant_switch,
    employer_tokens_issue,
    refresh_token_revoke,
    refresh_token_rotate,
    tenant_settings_update,
)
from accounts.tokens import EMPLOYER_TOKEN_KIND, token_pair
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.throttling import AuthRateThrottle, LoginRateThrottle, client_ip
from hiresscope.viewsets import TenantScopedAPIView, TenantScopedViewSet
from teams.api import serializers as s
from teams.services import api_key_issue, tenant_signup


def session_payload(*, user, tenant) -> dict:
    """A new token pair for ``user`` in ``tenant``, with the user, the tenant and all their companies."""
    refresh = employer_tokens_issue(user=user, tenant=tenant)
    companies = membership_list_for_user(user=user)
    role = next(m.role for m in companies if m.tenant_id == tenant.id)
    return {**token_pair(refresh), "user": user, "tenant": tenant, "role": role, "companies": companies}


def user_agent(request) -> str:
    return request.headers.get("User-Agent", "")[:500]


class SignupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthRateThrottle]

    @extend_schema(
        operation_id="auth_signup",
        summary="Create an employer account and tenant (starts the free trial)",
        request=s.SignupInput,
        responses={201: s.SessionOutput, 409: error_response(409, "Email already registered")},
        tags=["auth"],
    )
    def post(self, request):
        data = s.SignupInput(data=request.data)
        data.is_valid(raise_exception=True)
        user, tenant = tenant_signup(
            ip=client_ip(request), user_agent=user_agent(request), **data.validated_data
        )
        return Response(
            s.SessionOutput(session_payload(user=user, tenant=tenant)).data, status=status.HTTP_201_CREATED
        )


class LoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthRateThrottle, LoginRateThrottle]

    @extend_schema(
        operation_id="auth_login",
        summary="Log in: access token (15 min) and refresh token (7 days)",
        request=s.LoginInput,
        responses={200: s.SessionOutput, 401: error_response(401, "Wrong email or password")},
        tags=["auth"],
    )
    def post(self, request):
        data = s.LoginInput(data=request.data)
        data.is_valid(raise_exception=True)
        user, membership = employer_login(
            ip=client_ip(request), user_agent=user_agent(request), **data.validated_data
        )
        return Response(s.SessionOutput(session_payload(user=user, tenant=membership.tenant)).data)


class RefreshView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AuthRateThrottle]

    @extend_schema(
        operation_id="auth_refresh",
        summary="Rotate the refresh token; the old one stops working",
        request=s.RefreshInput,
        responses={
            200: s.TokenPairOutput,
            401: error_response(401, "Refresh token invalid, used or revoked"),
        },
        tags=["auth"],
    )
    def post(self, request):
        data = s.RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        # Employer tokens only: a candidate's refresh token rotates at /candidates/refresh.
        tokens = refresh_token_rotate(
            refresh_token=data.validated_data["refresh_token"], kind=EMPLOYER_TOKEN_KIND
        )
        return Response(s.TokenPairOutput(tokens).data)


class LogoutView(TenantScopedAPIView):
    action_permissions = {"post": Perm.SESSION_MANAGE}  # no key holds it: keys have no session
    subscription_exempt = True  # ending a session is not a change to the account

    @extend_schema(
        operation_id="auth_logout",
        summary="Revoke a refresh token",
        request=s.LogoutInput,
        responses={204: None},
        tags=["auth"],
    )
    def post(self, request):
        data = s.LogoutInput(data=request.data)
        data.is_valid(raise_exception=True)
        refresh_token_revoke(user=request.user, refresh_token=data.validated_data["refresh_token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(TenantScopedAPIView):
    action_permissions = {"get": Perm.ACCOUNT_READ}

    @extend_schema(
        operation_id="auth_me",
        summary="The authenticated user and tenant",
        responses=s.MeOutput,
        tags=["auth"],
    )
    def get(self, request):
        credential = request.auth
        payload = {
            "user": credential.user,
            "tenant": credential.tenant,
            "role": credential.membership.role if credential.membership else None,
            "auth_method": "api_key" if credential.via_api_key else "jwt",
        }
        return Response(s.MeOutput(payload).data)


class ApiKeyViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """Server-to-server keys of the tenant. Managed by owners and admins, never with a key."""

    model = ApiKey
    serializer_class = s.ApiKeyOutput
    action_permissions = {
        "list": Perm.API_KEYS_MANAGE,
        "create": Perm.API_KEYS_MANAGE,
        "destroy": Perm.API_KEYS_MANAGE,
    }
    # A leaked key can be revoked whatever the subscription; creating one checks the plan (api_key_issue).
    subscription_exempt = True

    def scope_queryset(self, queryset):
        return queryset.filter(revoked_at__isnull=True)

    @extend_schema(operation_id="api_keys_list", summary="List active API keys", tags=["api-keys"])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="api_keys_create",
        summary="Create an API key (the full key is returned once)",
        request=s.ApiKeyCreateInput,
        responses={
            201: s.ApiKeyCreatedOutput,
            403: error_response(403, "plan_limit_exceeded; subscription_inactive"),
        },
        tags=["api-keys"],
    )
    def create(self, request):
        data = s.ApiKeyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        api_key, raw_key = api_key_issue(
            tenant=self.tenant, by=request.auth.actor, ip=client_ip(request), **data.validated_data
        )
        api_key.key = raw_key
        return Response(s.ApiKeyCreatedOutput(api_key).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="api_keys_revoke", summary="Revoke an API key", responses={204: None}, tags=["api-keys"]
    )
    def destroy(self, request, pk=None):
        api_key_revoke(api_key=self.get_object(), by=request.auth.actor, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TenantSettingsView(TenantScopedAPIView):
    """``/tenant/settings``: the organisation's settings (blind review). Owners and admins change them."""

    action_permissions = {"get": Perm.SETTINGS_READ, "patch": Perm.SETTINGS_MANAGE}

    @extend_schema(
        operation_id="tenant_settings_retrieve",
        summary="Organisation settings",
        tags=["auth"],
        responses=s.TenantSettingsOutput,
    )
    def get(self, request):
        return Response(s.TenantSettingsOutput(request.auth.tenant).data)

    @extend_schema(
        operation_id="tenant_settings_update",
        summary="Change organisation settings (owners and admins)",
        tags=["auth"],
        request=s.TenantSettingsInput,
        responses=s.TenantSettingsOutput,
    )
    def patch(self, request):
        payload = s.TenantSettingsInput(data=request.data)
        payload.is_valid(raise_exception=True)
        tenant = tenant_settings_update(
            tenant=self.tenant, by=request.auth.actor, ip=client_ip(request), **payload.validated_data
        )
        return Response(s.TenantSettingsOutput(tenant).data)


class SwitchTenantView(TenantScopedAPIView):
    """``POST /auth/switch-tenant``: a session in one of your companies becomes a session in another."""

    action_permissions = {"post": Perm.SESSION_MANAGE}  # sessions only: a key belongs to one tenant
    subscription_exempt = True  # leaving a read-only tenant must work

    @extend_schema(
        operation_id="auth_switch_tenant",
        summary="Switch company: a new token pair for another of your memberships",
        request=s.SwitchTenantInput,
        responses={200: s.SessionOutput, 404: error_response(404, "You are not a member of that tenant")},
        tags=["auth"],
    )
    def post(self, request):
        data = s.SwitchTenantInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = employer_tenant_switch(
            user=request.user,
            tenant_id=data.validated_data["tenant_id"],
            ip=client_ip(request),
            user_agent=user_agent(request),
        )
        return Response(s.SessionOutput(session_payload(user=request.user, tenant=membership.tenant)).data)
