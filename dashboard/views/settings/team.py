"""The team: members and their roles, open invitations, the invite form, seats, ownership transfer.

The permissions are the API's (``teams.api.team``): ``members.read`` to look, ``members.manage`` to
invite, change roles and remove, ``ownership.transfer`` (owners) to hand the company over. Whom one may
change is the services' rule (nobody acts above their own role, a team keeps an owner); their refusals
come back as messages.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from accounts.models import ROLE_RANK, MembershipRole
from billing.models import PlanLimit
from billing.services import subscription_for
from dashboard.access import DashboardView
from dashboard.forms import add_domain_error
from dashboard.forms.settings import InviteForm, OwnershipTransferForm, RoleForm
from dashboard.views.settings._shared import attempt
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from hiresscope.throttling import client_ip
from teams import selectors, services


class TeamView(DashboardView):
    permissions = {"get": Perm.MEMBERS_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        return render_team(self, request)


def render_team(view: DashboardView, request: HttpRequest, *, invite_form=None, status: int = 200):
    """The team page; the invite form carries its errors when an invitation was refused."""
    tenant, actor = view.tenant, view.actor
    roles = services.roles_grantable(tenant=tenant, by=actor)
    own_rank = ROLE_RANK[view.credential.membership.role]
    members = list(selectors.member_list(tenant=tenant))
    rows = [
        {
            "membership": member,
            "is_self": member.user_id == view.credential.user.id,
            # A member above you cannot be changed by you: the service would refuse, so no control is shown.
            "changeable": ROLE_RANK[member.role] <= own_rank,
            "role_form": RoleForm(initial={"role": member.role}, roles=roles, prefix=f"m{member.pk.hex[:8]}"),
        }
        for member in members
    ]
    invitations = [
        {"invitation": invitation, "status": invitation.status(), "changeable": invitation.role in roles}
        for invitation in selectors.invitation_list(tenant=tenant)
    ]
    others = [m for m in members if m.user_id != view.credential.user.id]
    context = {
        "rows": rows,
        "invitations": invitations,
        "invite_form": invite_form or InviteForm(roles=roles),
        "transfer_form": OwnershipTransferForm(members=others) if others else None,
        "seats_used": services.seats_in_use(tenant=tenant),
        "seats_limit": subscription_for(tenant_id=tenant.id).plan.limit(PlanLimit.SEATS),
    }
    return render(request, "dashboard/settings/team.html", context, status=status)


class InviteView(DashboardView):
    permissions = {"get": Perm.MEMBERS_READ, "post": Perm.MEMBERS_MANAGE}

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("dashboard:team")

    def post(self, request: HttpRequest) -> HttpResponse:
        form = InviteForm(request.POST, roles=services.roles_grantable(tenant=self.tenant, by=self.actor))
        if not form.is_valid():
            return render_team(self, request, invite_form=form, status=400)
        try:
            invitation = services.invitation_create(
                tenant=self.tenant, by=self.actor, ip=client_ip(request), **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            return render_team(self, request, invite_form=form, status=exc.status_code)
        messages.success(request, f"Invitation emailed to {invitation.email}.")
        return redirect("dashboard:team")


class MemberRoleView(DashboardView):
    permissions = {"post": Perm.MEMBERS_MANAGE}

    def post(self, request: HttpRequest, membership_id) -> HttpResponse:
        member = selectors.member_get(tenant=self.tenant, member_id=membership_id)
        form = RoleForm(
            request.POST,
            roles=list(MembershipRole.values),  # the service judges which roles this person may give
            prefix=f"m{member.pk.hex[:8]}",
        )
        if not form.is_valid():
            messages.error(request, "Choose one of the roles offered.")
            return redirect("dashboard:team")
        role = form.cleaned_data["role"]
        attempt(
            request,
            lambda: services.member_role_change(
                tenant=self.tenant, by=self.actor, membership=member, role=role, ip=client_ip(request)
            ),
            f"{member.user.email} is now {MembershipRole(role).label.lower()}.",
        )
        return redirect("dashboard:team")


class MemberRemoveView(DashboardView):
    permissions = {"post": Perm.MEMBERS_MANAGE}

    def post(self, request: HttpRequest, membership_id) -> HttpResponse:
        member = selectors.member_get(tenant=self.tenant, member_id=membership_id)
        attempt(
            request,
            lambda: services.member_remove(
                tenant=self.tenant, by=self.actor, membership=member, ip=client_ip(request)
            ),
            f"{member.user.email} was removed: their sessions ended and the API keys they created were revoked.",
        )
        if member.user_id == self.credential.user.id:
            return redirect("dashboard:no_company")
        return redirect("dashboard:team")


class InvitationResendView(DashboardView):
    permissions = {"post": Perm.MEMBERS_MANAGE}

    def post(self, request: HttpRequest, invitation_id) -> HttpResponse:
        invitation = selectors.invitation_get(tenant=self.tenant, invitation_id=invitation_id)
        attempt(
            request,
            lambda: services.invitation_resend(
                tenant=self.tenant, by=self.actor, invitation=invitation, ip=client_ip(request)
            ),
            f"A new link was emailed to {invitation.email}; the previous one no longer works.",
        )
        return redirect("dashboard:team")


class InvitationRevokeView(DashboardView):
    permissions = {"post": Perm.MEMBERS_MANAGE}

    def post(self, request: HttpRequest, invitation_id) -> HttpResponse:
        invitation = selectors.invitation_get(tenant=self.tenant, invitation_id=invitation_id)
        attempt(
            request,
            lambda: services.invitation_revoke(
                tenant=self.tenant, by=self.actor, invitation=invitation, ip=client_ip(request)
            ),
            f"The invitation of {invitation.email} was revoked; its seat is free.",
        )
        return redirect("dashboard:team")


class OwnershipTransferView(DashboardView):
    permissions = {"post": Perm.OWNERSHIP_TRANSFER}

    def post(self, request: HttpRequest) -> HttpResponse:
        members = selectors.member_list(tenant=self.tenant)
        form = OwnershipTransferForm(request.POST, members=members)
        if not form.is_valid():
            messages.error(request, "Choose the member who becomes the owner.")
            return redirect("dashboard:team")
        member = selectors.member_get(tenant=self.tenant, member_id=form.cleaned_data["member"])
        attempt(
            request,
            lambda: services.ownership_transfer(
                tenant=self.tenant, by=self.actor, membership=member, ip=client_ip(request)
            ),
            f"{member.user.email} is now the owner; you are an admin.",
        )
        return redirect("dashboard:team")


urlpatterns = [
    path("settings/team/", TeamView.as_view(), name="team"),
    path("settings/team/invite/", InviteView.as_view(), name="team_invite"),
    path("settings/team/members/<uuid:membership_id>/role/", MemberRoleView.as_view(), name="member_role"),
    path(
        "settings/team/members/<uuid:membership_id>/remove/", MemberRemoveView.as_view(), name="member_remove"
    ),
    path(
        "settings/team/invitations/<uuid:invitation_id>/resend/",
        InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    path(
        "settings/team/invitations/<uuid:invitation_id>/revoke/",
        InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("settings/team/ownership/", OwnershipTransferView.as_view(), name="ownership_transfer"),
]
