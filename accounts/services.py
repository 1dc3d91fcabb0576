"""Writes for accounts: employer sign-up and sign-in, API keys, candidates' own accounts."""

import hashlib
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

from accounts.models import (
    ApiKey,
    ApiKeyScope,
    CandidateAccount,
    Membership,
    MembershipRole,
    Tenant,
    User,
)
from accounts.tokens import candidate_refresh_token, employer_refresh_token
from billing import services as billing_services
from billing.models import PlanLimit
from hiresscope.exceptions import ConflictError, DomainError

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


@transaction.atomic
def tenant_signup(
    *, email: str, password: str, full_name: str, company_name: str, referral_code: str = ""
) -> tuple[User, Tenant]:
    """Create an employer account: the tenant, its owner, its default board; the free trial starts now.

    With a referral code, the referring tenant's invitation is recorded (billing rewards it later).
    """
    from jobs.services import board_create_default

    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError("An account with this email already exists.", code="email_taken")
    candidate_user = User(email=email, full_name=full_name)
    try:
        password_validation.validate_password(password, user=candidate_user)
    except DjangoValidationError as exc:
        raise DomainError(
            "Validation failed: password: " + exc.messages[0],
            code="validation_error",
            fields={"password": list(exc.messages)},
        ) from exc

    tenant = Tenant.objects.create(name=company_name.strip(), slug=_unique_tenant_slug(company_name))
    try:
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    except IntegrityError as exc:  # a concurrent sign-up with the same email won the race
        raise ConflictError("An account with this email already exists.", code="email_taken") from exc
    Membership.objects.create(tenant=tenant, user=user, role=MembershipRole.OWNER)
    board_create_default(tenant=tenant)
    billing_services.subscription_start_trial(tenant_id=tenant.id)
    # An unknown code is refused (400) and, the whole sign-up being one transaction, nothing is created.
    billing_services.referral_record(referred_tenant_id=tenant.id, code=referral_code)
    return user, tenant


def employer_login(*, email: str, password: str, tenant_id: str | None = None) -> tuple[User, Membership]:
    """Check credentials and pick the membership the tokens will act for (the oldest, unless named)."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    # Check the password even for unknown emails so timing does not reveal which emails exist.
    password_ok = user.check_password(password) if user else User().check_password(password)
    if user is None or not password_ok or not user.is_active:
        raise AuthenticationError("Invalid email or password.", code="invalid_credentials")
    memberships = Membership.objects.filter(user=user).select_related("tenant")
    if tenant_id:
        memberships = memberships.filter(tenant_id=tenant_id)
    membership = memberships.order_by("created_at").first()
    if membership is None:
        raise AuthenticationError("This account is not a member of any employer.", code="no_membership")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user, membership


def employer_tokens_issue(*, user: User, tenant: Tenant) -> RefreshToken:
    return employer_refresh_token(user=user, tenant=tenant)


def refresh_token_rotate(*, refresh_token: str, kind: str) -> dict[str, str]:
    """A new token pair for a refresh token of realm ``kind``; the old one is blacklisted (used once).

    A token of the other realm is refused like an invalid one: each realm rotates only its own.
    """
    invalid = AuthenticationError(
        "Refresh token is invalid, expired, already used or revoked.", code="token_not_valid"
    )
    try:
        if RefreshToken(refresh_token).get("kind") != kind:
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
            "Refresh token is invalid or already revoked.", code="token_not_valid"
        ) from exc
    if str(token.get("user_id")) != str(user.id):
        raise AuthenticationError("Refresh token is invalid or already revoked.", code="token_not_valid")
    token.blacklist()


def _hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *, tenant: Tenant, by: User, name: str, scope: str = ApiKeyScope.FULL
) -> tuple[ApiKey, str]:
    """Create a key and return it with its plaintext, which is never stored and never shown again.

    ``scope`` bounds what the key may do (``hiresscope.permissions.API_KEY_SCOPE_PERMISSIONS``).

    Refused (403) past the plan's number of active keys, or while the tenant is read-only.
    """
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    billing_services.plan_allowance_check(
        tenant_id=tenant.id,
        limit=PlanLimit.API_KEYS,
        in_use=lambda: ApiKey.objects.for_tenant(tenant).filter(revoked_at__isnull=True).count(),
    )
    api_key = ApiKey.objects.create(
        tenant=tenant,
        created_by=by,
        name=name.strip(),
        scope=scope,
        prefix=raw_key[:API_KEY_DISPLAY_LENGTH],
        key_hash=_hash_api_key(raw_key),
    )
    return api_key, raw_key


def api_key_revoke(*, api_key: ApiKey, by: User) -> None:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])


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


def tenant_settings_update(
    *,
    tenant: Tenant,
    by: Membership,
    blind_review: bool | None = None,
    candidate_retention_months: int | None = None,
) -> Tenant:
    """Change the tenant's settings; owners and admins only."""
    if by.role not in (MembershipRole.OWNER, MembershipRole.ADMIN):
        raise DomainError(
            "Only an owner or an admin can change the organisation's settings.",
            code="forbidden",
            status_code=403,
        )
    if blind_review is not None:
        tenant.blind_review = blind_review
    if candidate_retention_months is not None:
        tenant.candidate_retention_months = candidate_retention_months
    tenant.save(update_fields=["blind_review", "candidate_retention_months", "updated_at"])
    return tenant


# -- candidates' own accounts -------------------------------------------------------------------------
EMAIL_VERIFICATION_SALT = "hiresscope.candidate.email-verification"


def _validated_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise DomainError(
            "Validation failed: password: " + exc.messages[0],
            code="validation_error",
            fields={"password": list(exc.messages)},
        ) from exc


def _send_candidate_email(*, user_id, kind: str) -> None:
    # After commit, by id: the worker builds the link itself, so no token ever sits in the broker.
    from accounts.tasks import candidate_email_send

    transaction.on_commit(lambda: candidate_email_send.delay(str(user_id), kind))


@transaction.atomic
def candidate_register(
    *, email: str, password: str, full_name: str, phone: str = "", linkedin_url: str = ""
) -> CandidateAccount:
    """Create a candidate account and send the email-verification link."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError("An account with this email already exists.", code="email_taken")
    _validated_password(password, User(email=email, full_name=full_name))
    try:
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    except IntegrityError as exc:  # a concurrent registration with the same email won the race
        raise ConflictError("An account with this email already exists.", code="email_taken") from exc
    account = CandidateAccount.objects.create(user=user, phone=phone, linkedin_url=linkedin_url)
    _send_candidate_email(user_id=user.id, kind="verify_email")
    return account


def candidate_login(*, email: str, password: str) -> CandidateAccount:
    """Check a candidate's credentials; the same answer whether the email is unknown or the password wrong."""
    user = User.objects.filter(email__iexact=email.strip()).select_related("candidate_account").first()
    password_ok = user.check_password(password) if user else User().check_password(password)
    account = getattr(user, "candidate_account", None) if user else None
    if account is None or not password_ok or not user.is_active:
        raise AuthenticationError("Invalid email or password.", code="invalid_credentials")
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
        "This verification link is invalid or has expired; ask for a new one.", code="invalid_token"
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


def password_reset_token(*, user: User) -> tuple[str, str]:
    """(uid, token): Django's token changes with the password hash and last login, so it works once."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def password_reset_check(*, uid: str, token: str) -> User:
    """The user a reset link was made for, if the link is still good; else 400 ``invalid_token``."""
    try:
        user_id = force_str(urlsafe_base64_decode(uid))
        user = User.objects.filter(pk=user_id, candidate_account__isnull=False).first()
    except (ValueError, DjangoValidationError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(
            "This reset link is invalid or has expired; ask for a new one.", code="invalid_token"
        )
    return user


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link; every refresh token the user held stops working."""
    user = password_reset_check(uid=uid, token=token)
    _validated_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    for outstanding in OutstandingToken.objects.filter(user=user):
        BlacklistedToken.objects.get_or_create(token=outstanding)
    return user
