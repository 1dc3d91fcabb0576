"""Writes for the employer organisation: sign-up, the team (invitations, roles, removals, ownership) and
the plan-checked API keys. These workflows span apps (accounts, jobs, billing, webhooks), so they live
above them; every change is audited (``accounts.audit``) in its own transaction.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import ROLE_RANK, ApiKey, ApiKeyScope, Membership, MembershipRole, Tenant, User
from accounts.operators import membership_require_not_operator
from accounts.services import (
    AuthenticationError,
    api_key_create,
    api_key_revoke,
    employer_sessions_end,
    login_device_seen,
    tenant_create,
    user_create,
)
from billing import services as billing_services
from billing.models import PlanLimit
from hiresscope.celery import send_after_commit
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from jobs.services import board_create_default
from teams.models import Invitation, InvitationStatus
from webhooks.models import EventType
from webhooks.services import event_record


class RoleTooHigh(DomainError):
    status_code = 403
    code = "role_too_high"


class LastOwner(DomainError):
    status_code = 409
    code = "last_owner"


class InvitationInvalid(DomainError):
    status_code = 400
    code = "invitation_invalid"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- sign-up ----------------------------------------------------------------------------------------------
def tenant_provision(*, tenant: Tenant) -> None:
    """What every tenant starts with: its default board and the free trial. Safe to call twice."""
    board_create_default(tenant=tenant)
    billing_services.subscription_start_trial(tenant_id=tenant.id)


@transaction.atomic
def tenant_signup(
    *,
    email: str,
    password: str,
    full_name: str,
    company_name: str,
    referral_code: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> tuple[User, Tenant]:
    """Create an employer account: the tenant, its owner, its default board; the free trial starts now.

    With a referral code, the referring tenant's invitation is recorded (billing rewards it later). An
    unknown code is refused (400) and, the whole sign-up being one transaction, nothing is created.
    """
    user = user_create(email=email, password=password, full_name=full_name)
    membership_require_not_operator(user=user)  # a new account never is one; the rule holds all the same
    tenant = tenant_create(name=company_name)
    owner = Membership.objects.create(
        tenant=tenant, user=user, role=MembershipRole.OWNER, last_used_at=timezone.now()
    )
    # The device that signed up is known: its first login is not a "new device".
    login_device_seen(membership=owner, ip=ip, user_agent=user_agent)
    tenant_provision(tenant=tenant)
    billing_services.referral_record(referred_tenant_id=tenant.id, code=referral_code)
    audit_record(
        tenant=tenant,
        by=Actor.member(user),
        action="tenant.created",
        target_type="tenant",
        target_id=tenant.id,
        details={"name": tenant.name},
        ip=ip,
    )
    return user, tenant


# -- API keys ---------------------------------------------------------------------------------------------
@transaction.atomic
def api_key_issue(
    *, tenant: Tenant, by: Actor, name: str, scope: str = ApiKeyScope.FULL, ip: str | None = None
) -> tuple[ApiKey, str]:
    """Create an API key within the plan: 403 past its number of active keys, or while read-only."""
    billing_services.plan_allowance_check(
        tenant_id=tenant.id,
        limit=PlanLimit.API_KEYS,
        in_use=lambda: ApiKey.objects.for_tenant(tenant).filter(revoked_at__isnull=True).count(),
    )
    return api_key_create(tenant=tenant, by=by, name=name, scope=scope, ip=ip)


# -- the team: who may do what to whom --------------------------------------------------------------------
def _actor_rank(*, tenant: Tenant, by: Actor) -> int:
    """How high ``by`` stands in ``tenant``: a member by their role; the system above everyone."""
    if by.user is None:
        return ROLE_RANK[MembershipRole.OWNER]
    if by.api_key is not None:  # keys never manage the team (the permission map), and rank lowest here
        return 0
    membership = Membership.objects.filter(tenant=tenant, user=by.user).first()
    return ROLE_RANK[membership.role] if membership else 0


def roles_grantable(*, tenant: Tenant, by: Actor) -> list[str]:
    """The roles ``by`` may give (theirs and below), highest first: what a page offers them."""
    rank = _actor_rank(tenant=tenant, by=by)
    return [role for role in sorted(ROLE_RANK, key=ROLE_RANK.get, reverse=True) if ROLE_RANK[role] <= rank]


def _require_can_grant(*, tenant: Tenant, by: Actor, role: str) -> None:
    if ROLE_RANK[role] > _actor_rank(tenant=tenant, by=by):
        raise RoleTooHigh(f"You cannot grant the role {role}: it is above your own.")


def _require_outranks_or_equals(*, tenant: Tenant, by: Actor, membership: Membership) -> None:
    if ROLE_RANK[membership.role] > _actor_rank(tenant=tenant, by=by):
        raise RoleTooHigh(f"You cannot change a member whose role ({membership.role}) is above your own.")


def _lock_team(tenant: Tenant) -> None:
    """Serialise changes to the tenant's roles, so two owners demoting each other cannot leave none."""
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()


def _owner_count(tenant: Tenant) -> int:
    return Membership.objects.for_tenant(tenant).filter(role=MembershipRole.OWNER).count()


def _pending(tenant: Tenant, now):
    return Invitation.objects.for_tenant(tenant).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )


def seats_in_use(*, tenant: Tenant, now=None) -> int:
    """Members plus pending invitations: what the plan's ``seats`` limit counts."""
    now = now or timezone.now()
    return Membership.objects.for_tenant(tenant).count() + _pending(tenant, now).count()


def _member_check(*, tenant: Tenant, membership: Membership) -> None:
    if membership.tenant_id != tenant.id:
        raise NotFoundError("Member not found.")


# -- invitations ------------------------------------------------------------------------------------------
def _send_on_commit(invitation: Invitation) -> None:
    # The worker mints the link's token itself: no token ever sits in the broker or in a response.
    from teams.tasks import invitation_send

    invitation_id = str(invitation.id)
    send_after_commit(invitation_send, invitation_id)


@transaction.atomic
def invitation_create(
    *, tenant: Tenant, by: Actor, email: str, role: str, ip: str | None = None
) -> Invitation:
    """Invite ``email`` to the team with ``role`` and email them a single-use link.

    Refused: a role above the inviter's (403 ``role_too_high``), an address that is already a member
    (409 ``already_member``) or has a pending invitation (409 ``invitation_pending``: resend it), and a
    team whose members and pending invitations fill the plan's seats (403 ``plan_limit_exceeded``).
    """
    email = email.strip().lower()
    _require_can_grant(tenant=tenant, by=by, role=role)
    now = timezone.now()
    if Membership.objects.for_tenant(tenant).filter(user__email__iexact=email).exists():
        raise ConflictError(f"{email} is already a member of the team.", code=ErrorCode.ALREADY_MEMBER)
    previous = (
        Invitation.objects.for_tenant(tenant)
        .filter(email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    pending = ConflictError(
        f"{email} already has a pending invitation; resend it instead.",
        code=ErrorCode.INVITATION_PENDING,
        details={"invitationId": str(previous.id) if previous else None},
    )
    if previous is not None and previous.status(now) == InvitationStatus.PENDING:
        raise pending
    # Locks the subscription row until commit: concurrent invitations queue here, and each counts the
    # seats the ones before it took.
    billing_services.plan_allowance_check(
        tenant_id=tenant.id, limit=PlanLimit.SEATS, in_use=lambda: seats_in_use(tenant=tenant, now=now)
    )
    if previous is not None:  # expired: superseded by the new one
        Invitation.objects.filter(pk=previous.pk, revoked_at__isnull=True).update(
            revoked_at=now, updated_at=now
        )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                tenant=tenant,
                email=email,
                role=role,
                invited_by=by.user,
                expires_at=now + timedelta(days=settings.TEAM_INVITATION_TTL_DAYS),
            )
    except IntegrityError as exc:  # a concurrent invitation of the same address got in first
        raise ConflictError(
            f"{email} already has a pending invitation.", code=ErrorCode.INVITATION_PENDING
        ) from exc
    event_record(
        tenant_id=tenant.id,
        type=EventType.MEMBER_INVITED,
        data={"invitationId": str(invitation.id), "role": role},
    )
    audit_record(
        tenant=tenant,
        by=by,
        action="member.invited",
        target_type="invitation",
        target_id=invitation.id,
        details={"email": email, "role": role},
        ip=ip,
    )
    _send_on_commit(invitation)
    return invitation


def _open_invitation(*, tenant: Tenant, invitation: Invitation) -> Invitation:
    if invitation.tenant_id != tenant.id:
        raise NotFoundError("Invitation not found.")
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise ConflictError("This invitation was already accepted.", code=ErrorCode.INVITATION_ACCEPTED)
    return locked


@transaction.atomic
def invitation_resend(
    *, tenant: Tenant, by: Actor, invitation: Invitation, ip: str | None = None
) -> Invitation:
    """Email a new link (the old one stops working) valid for another ``TEAM_INVITATION_TTL_DAYS``.

    An expired invitation takes its seat back, so the plan's limit is checked again.
    """
    now = timezone.now()
    billing_services.plan_allowance_check(
        tenant_id=tenant.id,
        limit=PlanLimit.SEATS,
        in_use=lambda: seats_in_use(tenant=tenant, now=now),
        adding=0 if invitation.status(now) == InvitationStatus.PENDING else 1,
    )
    invitation = _open_invitation(tenant=tenant, invitation=invitation)
    if invitation.revoked_at is not None:
        raise ConflictError(
            "This invitation was revoked; invite the person again.", code=ErrorCode.INVITATION_REVOKED
        )
    _require_can_grant(tenant=tenant, by=by, role=invitation.role)
    invitation.expires_at = now + timedelta(days=settings.TEAM_INVITATION_TTL_DAYS)
    invitation.save(update_fields=["expires_at", "updated_at"])
    audit_record(
        tenant=tenant,
        by=by,
        action="member.invitation_resent",
        target_type="invitation",
        target_id=invitation.id,
        details={"email": invitation.email, "role": invitation.role},
        ip=ip,
    )
    _send_on_commit(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, tenant: Tenant, by: Actor, invitation: Invitation, ip: str | None = None) -> None:
    """Withdraw an invitation: its link stops working and its seat is free. Revoking twice is harmless."""
    invitation = _open_invitation(tenant=tenant, invitation=invitation)
    if invitation.revoked_at is not None:
        return
    _require_can_grant(tenant=tenant, by=by, role=invitation.role)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        tenant=tenant,
        by=by,
        action="member.invitation_revoked",
        target_type="invitation",
        target_id=invitation.id,
        details={"email": invitation.email, "role": invitation.role},
        ip=ip,
    )


def invitation_mint_token(*, invitation_id) -> tuple[Invitation, str] | None:
    """A new link token for a pending invitation (stored as its hash); None if it is no longer pending.

    Called by the email task just before it sends: the token exists only in that email.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("tenant", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.status() != InvitationStatus.PENDING:
            return None
        invitation.token_hash = _token_hash(token)
        invitation.sent_at = timezone.now()
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "sent_at", "send_count", "updated_at"])
    return invitation, token


def invitation_for_token(*, token: str, lock: bool = False) -> Invitation:
    """The pending invitation a link's token belongs to; 400 ``invitation_invalid`` if none is."""
    invitations = Invitation.objects.select_related("tenant")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=_token_hash(token or "")).first() if token else None
    if invitation is None or invitation.status() != InvitationStatus.PENDING:
        raise InvitationInvalid(
            "This invitation link is invalid, has expired or was already used; ask for a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    session_user: User | None = None,
    full_name: str = "",
    password: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> tuple[User, Membership]:
    """Join the team an invitation names, with its role; the link then stops working.

    Someone without an account gives a name and a password and gets one. Someone whose account has the
    invited address proves it: their password, or an employer session (``session_user``) of that account.
    """
    invitation = invitation_for_token(token=token)
    tenant = invitation.tenant
    billing_services.plan_allowance_check(  # the subscription lock first, as every seat change takes it
        tenant_id=tenant.id,
        limit=PlanLimit.SEATS,
        # This invitation holds its seat already: it only changes from invitation to member.
        in_use=lambda: seats_in_use(tenant=tenant) - 1,
    )
    invitation = invitation_for_token(token=token, lock=True)
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None:
        proven = session_user is not None and session_user.pk == user.pk
        if not proven and not (password and user.check_password(password)):
            raise AuthenticationError(
                "An account with this email exists: enter its password to join.",
                code=ErrorCode.INVALID_CREDENTIALS,
            )
        if not user.is_active:
            raise AuthenticationError("This account is disabled.", code=ErrorCode.INVALID_CREDENTIALS)
        # Only after the proof: nobody learns from a link which addresses are HireScope's staff.
        membership_require_not_operator(user=user)
    else:
        missing = {
            name: ["This field is required for a new account."]
            for name, value in (("fullName", full_name.strip()), ("password", password))
            if not value
        }
        if missing:
            raise DomainError(
                "Validation failed: " + ", ".join(missing) + " required for a new account",
                code=ErrorCode.VALIDATION_ERROR,
                fields=missing,
            )
        user = user_create(email=invitation.email, password=password, full_name=full_name)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                tenant=tenant, user=user, role=invitation.role, last_used_at=timezone.now()
            )
    except IntegrityError as exc:
        raise ConflictError("You are already a member of this team.", code=ErrorCode.ALREADY_MEMBER) from exc
    login_device_seen(membership=membership, ip=ip, user_agent=user_agent)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    event_record(
        tenant_id=tenant.id,
        type=EventType.MEMBER_JOINED,
        data={
            "memberId": str(membership.id),
            "userId": str(user.id),
            "role": membership.role,
            "invitationId": str(invitation.id),
        },
    )
    audit_record(
        tenant=tenant,
        by=Actor.member(user),
        action="member.joined",
        target_type="member",
        target_id=membership.id,
        details={"email": user.email, "role": membership.role, "invitationId": str(invitation.id)},
        ip=ip,
    )
    return user, membership


# -- members ----------------------------------------------------------------------------------------------
@transaction.atomic
def member_role_change(
    *, tenant: Tenant, by: Actor, membership: Membership, role: str, ip: str | None = None
) -> Membership:
    """Give a member another role. Nobody grants a role above their own or changes someone above them;
    the last owner cannot be demoted (409 ``last_owner``: transfer ownership first)."""
    _member_check(tenant=tenant, membership=membership)
    _lock_team(tenant)
    membership = Membership.objects.select_related("user").get(pk=membership.pk)
    _require_outranks_or_equals(tenant=tenant, by=by, membership=membership)
    _require_can_grant(tenant=tenant, by=by, role=role)
    previous = membership.role
    if previous == role:
        return membership
    if previous == MembershipRole.OWNER and _owner_count(tenant) <= 1:
        raise LastOwner("A team keeps at least one owner: transfer ownership before changing this role.")
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        tenant=tenant,
        by=by,
        action="member.role_changed",
        target_type="member",
        target_id=membership.id,
        details={"email": membership.user.email, "from": previous, "to": role},
        ip=ip,
    )
    return membership


@transaction.atomic
def member_remove(*, tenant: Tenant, by: Actor, membership: Membership, ip: str | None = None) -> None:
    """Remove a member: their sessions in this tenant end at once (access tokens are refused from the next
    request, refresh tokens are blacklisted) and the API keys they created here are revoked, since a key
    acts as its creator. Not someone above you, nor the last owner (409 ``last_owner``)."""
    _member_check(tenant=tenant, membership=membership)
    _lock_team(tenant)
    membership = Membership.objects.select_related("user").filter(pk=membership.pk).first()
    if membership is None:
        raise NotFoundError("Member not found.")
    _require_outranks_or_equals(tenant=tenant, by=by, membership=membership)
    if membership.role == MembershipRole.OWNER and _owner_count(tenant) <= 1:
        raise LastOwner("A team keeps at least one owner: transfer ownership before removing this one.")
    user = membership.user
    keys = list(ApiKey.objects.for_tenant(tenant).filter(created_by=user, revoked_at__isnull=True))
    for api_key in keys:
        api_key_revoke(api_key=api_key, by=by, ip=ip, reason="creator removed from the team")
    member_id, role = membership.id, membership.role
    membership.delete()
    sessions = employer_sessions_end(user_id=user.id, tenant_id=tenant.id)
    event_record(
        tenant_id=tenant.id,
        type=EventType.MEMBER_REMOVED,
        data={"memberId": str(member_id), "userId": str(user.id), "role": role},
    )
    audit_record(
        tenant=tenant,
        by=by,
        action="member.removed",
        target_type="member",
        target_id=member_id,
        details={"email": user.email, "role": role, "sessionsEnded": sessions, "apiKeysRevoked": len(keys)},
        ip=ip,
    )


@transaction.atomic
def ownership_transfer(
    *, tenant: Tenant, by: Actor, membership: Membership, ip: str | None = None
) -> Membership:
    """The current owner hands the tenant over: ``membership`` becomes an owner, the caller an admin."""
    _member_check(tenant=tenant, membership=membership)
    _lock_team(tenant)
    current = Membership.objects.filter(tenant=tenant, user=by.user).first() if by.user else None
    if current is None or by.api_key is not None or current.role != MembershipRole.OWNER:
        raise DomainError(
            "Only an owner can transfer ownership.", code=ErrorCode.PERMISSION_DENIED, status_code=403
        )
    target = Membership.objects.select_related("user").get(pk=membership.pk)
    if target.pk == current.pk:
        raise DomainError(
            "Validation failed: memberId: choose another member to hand ownership to.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"memberId": ["You are already the owner; choose another member."]},
        )
    previous = target.role
    target.role = MembershipRole.OWNER
    target.save(update_fields=["role", "updated_at"])
    current.role = MembershipRole.ADMIN
    current.save(update_fields=["role", "updated_at"])
    audit_record(
        tenant=tenant,
        by=by,
        action="ownership.transferred",
        target_type="member",
        target_id=target.id,
        details={"to": target.user.email, "toPreviousRole": previous, "fromMemberId": str(current.id)},
        ip=ip,
    )
    return target
