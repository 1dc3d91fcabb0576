"""``/team/...``: members, invitations, ownership; ``/audit-log``. Thin: validate, one service, serialize."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AuditEntry, Membership
from hiresscope.authentication import EmployerJWTAuthentication
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.throttling import AuthRateThrottle, client_ip
from hiresscope.viewsets import TenantScopedAPIView, TenantScopedViewSet
from teams import selectors, services
from teams.api import serializers as s
from teams.api.auth import session_payload, user_agent
from teams.filters import AuditEntryFilter
from teams.models import Invitation

ROLE_TOO_HIGH = error_response(
    403, "role_too_high: a role above your own, or a member above you; permission_denied"
)
LAST_OWNER = error_response(409, "last_owner: a team keeps at least one owner")


@extend_schema(tags=["team"])
class TeamMemberViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/team/members``: who belongs to the organisation, with which role."""

    model = Membership
    serializer_class = s.MemberOutput
    action_permissions = {
        "list": Perm.MEMBERS_READ,
        "partial_update": Perm.MEMBERS_MANAGE,
        "destroy": Perm.MEMBERS_MANAGE,
    }

    def scope_queryset(self, queryset):
        return queryset.select_related("user").order_by("created_at", "pk")

    @extend_schema(operation_id="team_members_list", summary="List the team's members")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="team_members_update",
        summary="Change a member's role (owners and admins; not above your own role)",
        request=s.MemberUpdateInput,
        responses={200: s.MemberOutput, 403: ROLE_TOO_HIGH, 409: LAST_OWNER},
    )
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        data = s.MemberUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        if "role" in data.validated_data:
            membership = services.member_role_change(
                tenant=self.tenant,
                by=request.auth.actor,
                membership=membership,
                role=data.validated_data["role"],
                ip=client_ip(request),
            )
        return Response(s.MemberOutput(membership).data)

    @extend_schema(
        operation_id="team_members_remove",
        summary="Remove a member: their sessions end at once and the API keys they created are revoked",
        responses={204: None, 403: ROLE_TOO_HIGH, 409: LAST_OWNER},
    )
    def destroy(self, request, pk=None):
        services.member_remove(
            tenant=self.tenant, by=request.auth.actor, membership=self.get_object(), ip=client_ip(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnershipTransferView(TenantScopedAPIView):
    """``POST /team/ownership-transfer``: the owner hands the organisation to another member."""

    action_permissions = {"post": Perm.OWNERSHIP_TRANSFER}

    @extend_schema(
        operation_id="team_ownership_transfer",
        summary="Transfer ownership to another member (you become an admin)",
        request=s.OwnershipTransferInput,
        responses={200: s.MemberOutput, 404: error_response(404, "No such member in your team")},
        tags=["team"],
    )
    def post(self, request):
        data = s.OwnershipTransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = selectors.member_get(tenant=self.tenant, member_id=data.validated_data["member_id"])
        membership = services.ownership_transfer(
            tenant=self.tenant, by=request.auth.actor, membership=membership, ip=client_ip(request)
        )
        return Response(s.MemberOutput(membership).data)


@extend_schema(tags=["team"])
class InvitationViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/team/invitations``: open invitations (pending, or expired and re-sendable)."""

    model = Invitation
    serializer_class = s.InvitationOutput
    action_permissions = {
        "list": Perm.MEMBERS_READ,
        "create": Perm.MEMBERS_MANAGE,
        "destroy": Perm.MEMBERS_MANAGE,
        "resend": Perm.MEMBERS_MANAGE,
    }

    def scope_queryset(self, queryset):
        return (
            queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
            .select_related("invited_by")
            .order_by("-created_at", "pk")
        )

    @extend_schema(operation_id="team_invitations_list", summary="List open invitations")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="team_invitations_create",
        summary="Invite someone by email with a role (emails a single-use link)",
        request=s.InvitationCreateInput,
        responses={
            201: s.InvitationOutput,
            403: error_response(
                403,
                "role_too_high; plan_limit_exceeded (members + pending invitations = seats); subscription_inactive",
            ),
            409: error_response(409, "already_member; invitation_pending (details.invitationId: resend it)"),
        },
    )
    def create(self, request):
        data = s.InvitationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            tenant=self.tenant, by=request.auth.actor, ip=client_ip(request), **data.validated_data
        )
        return Response(s.InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="team_invitations_resend",
        summary="Email a new link (the previous one stops working) and restart the expiry",
        request=None,
        responses={
            200: s.InvitationOutput,
            403: error_response(403, "role_too_high; plan_limit_exceeded; subscription_inactive"),
            409: error_response(409, "invitation_accepted; invitation_revoked"),
        },
    )
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        invitation = services.invitation_resend(
            tenant=self.tenant, by=request.auth.actor, invitation=self.get_object(), ip=client_ip(request)
        )
        return Response(s.InvitationOutput(invitation).data)

    @extend_schema(
        operation_id="team_invitations_revoke",
        summary="Revoke an invitation: its link stops working and its seat is free",
        responses={204: None, 403: ROLE_TOO_HIGH},
    )
    def destroy(self, request, pk=None):
        services.invitation_revoke(
            tenant=self.tenant, by=request.auth.actor, invitation=self.get_object(), ip=client_ip(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAcceptView(APIView):
    """``POST /team/invitations/accept``: public; the token proves the invitation, the password (or an
    employer session of the invited account) proves the person."""

    permission_classes = [AllowAny]
    # Optional: an employer session of the invited account stands in for its password.
    authentication_classes = [EmployerJWTAuthentication]
    throttle_classes = [AuthRateThrottle]
    # Public: the session is optional and may belong to another tenant. The joined tenant's subscription
    # is checked by the service (billing's seat check refuses a read-only tenant).
    subscription_exempt = True

    @extend_schema(
        operation_id="team_invitations_accept",
        summary="Accept an invitation: join the team (creating your account if needed) and get a session",
        request=s.InvitationAcceptInput,
        responses={
            201: s.SessionOutput,
            400: error_response(
                400, "invitation_invalid (unknown, expired, revoked or used link); validation_error"
            ),
            401: error_response(401, "invalid_credentials: the existing account's password is wrong"),
            403: error_response(403, "plan_limit_exceeded; subscription_inactive"),
            409: error_response(409, "already_member"),
        },
        tags=["team"],
    )
    def post(self, request):
        data = s.InvitationAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        session_user = request.user if getattr(request.user, "is_authenticated", False) else None
        user, membership = services.invitation_accept(
            session_user=session_user,
            ip=client_ip(request),
            user_agent=user_agent(request),
            **data.validated_data,
        )
        payload = session_payload(user=user, tenant=membership.tenant)
        return Response(s.SessionOutput(payload).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["audit"])
class AuditLogViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/audit-log``: the organisation's audit trail, newest first (owners and admins)."""

    model = AuditEntry
    serializer_class = s.AuditEntryOutput
    filterset_class = AuditEntryFilter
    action_permissions = {"list": Perm.AUDIT_READ}

    def scope_queryset(self, queryset):
        return queryset.order_by("-created_at", "-pk")

    @extend_schema(
        operation_id="audit_log_list",
        summary="The audit trail: who did what, newest first; filter by actor, action, object and time",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
