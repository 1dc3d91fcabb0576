"""Writes for accounts: identities, employer sign-in and sessions, API keys, tenant settings, candidates'
own accounts. The workflows that also need other apps (sign-up, the team) live in ``teams``."""

import hashlib
import ipaddress
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.text import slugify
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import (
    ApiKey,
    ApiKeyScope,
    CandidateAccount,
    LoginDevice,
    Membership,
    Tenant,
    User,
)
from accounts.selectors import membership_list_for_user
from accounts.tokens import EMPLOYER_TOKEN_KIND, candidate_refresh_token, employer_refresh_token
from hiresscope.celery import send_after_commit
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from hiresscope.renderers import camel_key

API_KEY_PREFIX = "hsk_live_"
# The stored display prefix: our marker plus 6 random characters, enough to tell keys apart.
API_KEY_DISPLAY_LENGTH = len(API_KEY_PREFIX) + 6
# Writing last_used_at on every request would turn each read into a write; a minute's precision is plenty.
API_KEY_TOUCH_INTERVAL = timedelta(minutes=1)


class AuthenticationError(DomainError):
    status_code = 401
    code = "authentication_failed"


def _unique_tenant_slug(name: str) -> str:
    base = slugify(name)[:60] or "company"
    slug = base
    while Tenant.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def tenant_create(*, name: str) -> Tenant:
    """A bare tenant with a unique slug. Sign-up (``teams.services.tenant_signup``) gives it the rest."""
    return Tenant.objects.create(name=name.strip(), slug=_unique_tenant_slug(name))


def user_create(*, email: str, password: str, full_name: str) -> User:
    """A new person who can sign in: 409 ``email_taken`` if the address has an account, 400 on a weak password."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError("An account with this email already exists.", code=ErrorCode.EMAIL_TAKEN)
    _validated_password(password, User(email=email, full_name=full_name))
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    except IntegrityError as exc:  # a concurrent sign-up with the same email won the race
        raise ConflictError("An account with this email already exists.", code=ErrorCode.EMAIL_TAKEN) from exc


def employer_login(
    *, email: str, password: str, tenant_id=None, ip: str | None = None, user_agent: str = ""
) -> tuple[User, Membership]:
    """Check credentials and pick the membership the tokens will act for.

    ``tenant_id`` names it; without it, the one the person used last (the oldest if never). A sign-in to
    a tenant from a device the member has not used there before is written to the tenant's audit trail.
    """
    user = User.objects.filter(email__iexact=email.strip()).first()
    # Check the password even for unknown emails so timing does not reveal which emails exist.
    password_ok = user.check_password(password) if user else User().check_password(password)
    if user is None or not password_ok or not user.is_active:
        raise AuthenticationError("Invalid email or password.", code=ErrorCode.INVALID_CREDENTIALS)
    memberships = membership_list_for_user(user=user)
    if tenant_id:
        memberships = [m for m in memberships if str(m.tenant_id) == str(tenant_id)]
    if not memberships:
        raise AuthenticationError(
            "This account is not a member of any employer.", code=ErrorCode.NO_MEMBERSHIP
        )
    membership = memberships[0]
    now = timezone.now()
    user.last_login = now
    user.save(update_fields=["last_login"])
    _membership_enter(membership=membership, now=now, ip=ip, user_agent=user_agent)
    return user, membership


def employer_tenant_switch(
    *, user: User, tenant_id, ip: str | None = None, user_agent: str = ""
) -> Membership:
    """The caller's membership of another tenant, for a new session there; 404 if they are not a member."""
    membership = Membership.objects.filter(user=user, tenant_id=tenant_id).select_related("tenant").first()
    if membership is None:
        raise NotFoundError("Tenant not found.")
    _membership_enter(membership=membership, now=timezone.now(), ip=ip, user_agent=user_agent)
    return membership


def _membership_enter(*, membership: Membership, now, ip: str | None, user_agent: str) -> None:
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(last_used_at=now)
        membership.last_used_at = now
        if login_device_seen(membership=membership, ip=ip, user_agent=user_agent, now=now):
            audit_record(
                tenant=membership.tenant,
                by=Actor.member(membership.user),
                action="auth.login_new_device",
                target_type="user",
                target_id=membership.user_id,
                details={"userAgent": user_agent[:300]},
                ip=ip,
            )


def device_fingerprint(*, ip: str | None, user_agent: str) -> str:
    """Hash of the user agent and the address's network (/24 IPv4, /64 IPv6): stable across a DHCP renewal."""
    network = ""
    if ip:
        try:
            address = ipaddress.ip_address(ip)
            prefix = 24 if address.version == 4 else 64
            network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
        except ValueError:
            network = ""
    return hashlib.sha256(f"{user_agent}\n{network}".encode()).hexdigest()


def login_device_seen(*, membership: Membership, ip: str | None, user_agent: str, now=None) -> bool:
    """Remember the device this member signs in from; True the first time it is seen for the tenant."""
    now = now or timezone.now()
    fingerprint = device_fingerprint(ip=ip, user_agent=user_agent)
    try:
        with transaction.atomic():
            _, created = LoginDevice.objects.get_or_create(
                tenant_id=membership.tenant_id,
                user_id=membership.user_id,
                fingerprint=fingerprint,
                defaults={"first_seen_at": now, "last_seen_at": now},
            )
    except IntegrityError:  # the same device signing in twice at once: the other request saw it first
        return False
    if not created:
        LoginDevice.objects.filter(
            tenant_id=membership.tenant_id, user_id=membership.user_id, fingerprint=fingerprint
        ).update(last_seen_at=now)
    return created


def employer_tokens_issue(*, user: User, tenant: Tenant) -> RefreshToken:
    return employer_refresh_token(user=user, tenant=tenant)


def refresh_token_rotate(*, refresh_token: str, kind: str) -> dict[str, str]:
    """A new token pair for a refresh token of realm ``kind``; the old one is blacklisted (used once).

    A token of the other realm is refused like an invalid one: each realm rotates only its own.
    """
    invalid = AuthenticationError(
        "Refresh token is invalid, expired, already used or revoked.", code=ErrorCode.TOKEN_NOT_VALID
    )
    try:
        claims = RefreshToken(refresh_token)
        if claims.get("kind") != kind:
            raise invalid
        # A member removed from the tenant keeps no way back in, even with a token issued before.
        if (
            kind == EMPLOYER_TOKEN_KIND
            and not Membership.objects.filter(
                user_id=claims.get("user_id"), tenant_id=claims.get("tid")
            ).exists()
        ):
            claims.blacklist()
            raise invalid
        rotated = TokenRefreshSerializer(data={"refresh": refresh_token})
        rotated.is_valid(raise_exception=True)
    except (TokenError, User.DoesNotExist) as exc:
        raise invalid from exc
    return {
        "access_token": rotated.validated_data["access"],
        "refresh_token": rotated.validated_data["refresh"],
    }


def refresh_token_revoke(*, user: User, refresh_token: str) -> None:
    """Log out: blacklist the refresh token so it can never be used (or rotated) again."""
    try:
        token = RefreshToken(refresh_token)
    except TokenError as exc:
        raise AuthenticationError(
            "Refresh token is invalid or already revoked.", code=ErrorCode.TOKEN_NOT_VALID
        ) from exc
    if str(token.get("user_id")) != str(user.id):
        raise AuthenticationError(
            "Refresh token is invalid or already revoked.", code=ErrorCode.TOKEN_NOT_VALID
        )
    token.blacklist()


def employer_sessions_end(*, user_id, tenant_id) -> int:
    """Blacklist every unexpired refresh token ``user_id`` holds for ``tenant_id``; returns how many.

    Access tokens need no such step: every request checks the membership (hiresscope.authentication).
    """
    ended = 0
    outstanding = OutstandingToken.objects.filter(
        user_id=user_id, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    for token in outstanding:
        try:
            claims = RefreshToken(token.token, verify=False)
        except TokenError:
            continue
        if claims.get("kind") == EMPLOYER_TOKEN_KIND and str(claims.get("tid")) == str(tenant_id):
            BlacklistedToken.objects.get_or_create(token=token)
            ended += 1
    return ended


def _hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *, tenant: Tenant, by: Actor, name: str, scope: str = ApiKeyScope.FULL, ip: str | None = None
) -> tuple[ApiKey, str]:
    """Create a key and return it with its plaintext, which is never stored and never shown again.

    The plan's allowance of keys is checked by the caller that needs it (``teams.services.api_key_issue``);
    the key acts as the member who created it. ``scope`` bounds what the key may do
    (``hiresscope.permissions.API_KEY_SCOPE_PERMISSIONS``).
    """
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        tenant=tenant,
        created_by=by.user,
        name=name.strip(),
        prefix=raw_key[:API_KEY_DISPLAY_LENGTH],
        key_hash=_hash_api_key(raw_key),
        scope=scope,
    )
    audit_record(
        tenant=tenant,
        by=by,
        action="api_key.created",
        target_type="api_key",
        target_id=api_key.id,
        details={"name": api_key.name, "prefix": api_key.prefix, "scope": api_key.scope},
        ip=ip,
    )
    return api_key, raw_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: Actor, ip: str | None = None, reason: str = "") -> None:
    """Revoke a key at once (idempotent); the revocation is audited."""
    if api_key.revoked_at is not None:
        return
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    details = {"name": api_key.name, "prefix": api_key.prefix}
    if reason:
        details["reason"] = reason
    audit_record(
        tenant=api_key.tenant,
        by=by,
        action="api_key.revoked",
        target_type="api_key",
        target_id=api_key.id,
        details=details,
        ip=ip,
    )


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """The active key matching ``raw_key``, with its tenant and creator; records when it was last used."""
    if not raw_key.startswith(API_KEY_PREFIX):
        return None
    api_key = (
        ApiKey.objects.select_related("tenant__subscription", "created_by")
        .filter(key_hash=_hash_api_key(raw_key), revoked_at__isnull=True)
        .first()
    )
    if api_key is None or not api_key.created_by.is_active:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > API_KEY_TOUCH_INTERVAL:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


@transaction.atomic
def tenant_settings_update(
    *,
    tenant: Tenant,
    by: Actor,
    blind_review: bool | None = None,
    candidate_retention_months: int | None = None,
    ip: str | None = None,
) -> Tenant:
    """Change the tenant's settings (who may is the view's permission, ``settings.manage``); audited old → new."""
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    requested = {"blind_review": blind_review, "candidate_retention_months": candidate_retention_months}
    changes = {}
    for field, value in requested.items():
        if value is not None and getattr(tenant, field) != value:
            changes[field] = {"from": getattr(tenant, field), "to": value}
            setattr(tenant, field, value)
    if changes:
        tenant.save(update_fields=[*changes, "updated_at"])
        audit_record(
            tenant=tenant,
            by=by,
            action="settings.updated",
            target_type="tenant",
            target_id=tenant.id,
            details={camel_key(field): change for field, change in changes.items()},
            ip=ip,
        )
    return tenant


# -- candidates' own accounts -------------------------------------------------------------------------
EMAIL_VERIFICATION_SALT = "hiresscope.candidate.email-verification"


def _validated_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise DomainError(
            "Validation failed: password: " + exc.messages[0],
            code=ErrorCode.VALIDATION_ERROR,
            fields={"password": list(exc.messages)},
        ) from exc


def _send_candidate_email(*, user_id, kind: str) -> None:
    # After commit, by id: the worker builds the link itself, so no token ever sits in the broker.
    from accounts.tasks import candidate_email_send

    send_after_commit(candidate_email_send, str(user_id), kind)


@transaction.atomic
def candidate_register(
    *, email: str, password: str, full_name: str, phone: str = "", linkedin_url: str = ""
) -> CandidateAccount:
    """Create a candidate account and send the email-verification link."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError("An account with this email already exists.", code=ErrorCode.EMAIL_TAKEN)
    _validated_password(password, User(email=email, full_name=full_name))
    try:
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    except IntegrityError as exc:  # a concurrent registration with the same email won the race
        raise ConflictError("An account with this email already exists.", code=ErrorCode.EMAIL_TAKEN) from exc
    account = CandidateAccount.objects.create(user=user, phone=phone, linkedin_url=linkedin_url)
    _send_candidate_email(user_id=user.id, kind="verify_email")
    return account


def candidate_login(*, email: str, password: str) -> CandidateAccount:
    """Check a candidate's credentials; the same answer whether the email is unknown or the password wrong."""
    user = User.objects.filter(email__iexact=email.strip()).select_related("candidate_account").first()
    password_ok = user.check_password(password) if user else User().check_password(password)
    account = getattr(user, "candidate_account", None) if user else None
    if account is None or not password_ok or not user.is_active:
        raise AuthenticationError("Invalid email or password.", code=ErrorCode.INVALID_CREDENTIALS)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return account


def candidate_tokens_issue(*, account: CandidateAccount) -> RefreshToken:
    return candidate_refresh_token(user=account.user)


def email_verification_token(*, user: User) -> str:
    """A signed, expiring token naming the user and the address it was sent to."""
    return signing.dumps({"u": str(user.id), "e": user.email.lower()}, salt=EMAIL_VERIFICATION_SALT)


def candidate_email_verify(*, token: str) -> CandidateAccount:
    """Mark the address verified. A token for an address the user has since changed does not verify it."""
    invalid = DomainError(
        "This verification link is invalid or has expired; ask for a new one.", code=ErrorCode.INVALID_TOKEN
    )
    try:
        claims = signing.loads(
            token, salt=EMAIL_VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise invalid from exc
    account = (
        CandidateAccount.objects.select_related("user")
        .filter(user_id=claims.get("u"), user__email__iexact=claims.get("e", ""))
        .first()
    )
    if account is None:
        raise invalid
    if account.email_verified_at is None:
        account.email_verified_at = timezone.now()
        account.save(update_fields=["email_verified_at", "updated_at"])
    return account


def candidate_email_verification_resend(*, account: CandidateAccount) -> None:
    if account.email_verified_at is None:
        _send_candidate_email(user_id=account.user_id, kind="verify_email")


def password_reset_request(*, email: str) -> None:
    """Send a reset link if a candidate account has this email; silently do nothing otherwise.

    The caller answers the same way in both cases, so the endpoint reveals nothing about who has an account.
    """
    account = CandidateAccount.objects.filter(user__email__iexact=email.strip(), user__is_active=True).first()
    if account is not None:
        _send_candidate_email(user_id=account.user_id, kind="password_reset")


def employer_password_reset_request(*, email: str) -> None:
    """The employer side of the same: a link to the dashboard's reset page if a team member has this email."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True, memberships__isnull=False).first()
    if user is not None:
        _send_candidate_email(user_id=user.id, kind="employer_password_reset")


def password_reset_token(*, user: User) -> tuple[str, str]:
    """(uid, token): Django's token changes with the password hash and last login, so it works once."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def password_reset_check(*, uid: str, token: str, realm: str = "candidate") -> User:
    """The user a reset link was made for, if the link is still good; else 400 ``invalid_token``.

    ``realm``: "candidate" (a candidate account's link, from the careers site or the candidate API) or
    "employer" (a team member's, from the dashboard); a link only works where it was sent for.
    """
    belongs = {"candidate": {"candidate_account__isnull": False}, "employer": {"memberships__isnull": False}}[
        realm
    ]
    try:
        user_id = force_str(urlsafe_base64_decode(uid))
        user = User.objects.filter(pk=user_id, **belongs).distinct().first()
    except (ValueError, DjangoValidationError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(
            "This reset link is invalid or has expired; ask for a new one.", code=ErrorCode.INVALID_TOKEN
        )
    return user


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str, realm: str = "candidate") -> User:
    """Set a new password from a reset link; every refresh token the user held stops working."""
    user = password_reset_check(uid=uid, token=token, realm=realm)
    _validated_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    for outstanding in OutstandingToken.objects.filter(user=user):
        BlacklistedToken.objects.get_or_create(token=outstanding)
    return user
