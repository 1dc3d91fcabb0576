"""Writes for accounts: sign-up, sign-in, sign-out, API keys."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import ApiKey, Membership, MembershipRole, SubscriptionStatus, Tenant, User
from accounts.tokens import employer_refresh_token
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
    """Create an employer account: the tenant, its owner, its default board; the free trial starts now."""
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

    tenant = Tenant.objects.create(
        name=company_name.strip(),
        slug=_unique_tenant_slug(company_name),
        subscription_status=SubscriptionStatus.TRIALING,
        trial_ends_at=timezone.now() + timedelta(days=settings.TRIAL_DAYS),
        referred_by_code=referral_code.strip(),
    )
    try:
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
    except IntegrityError as exc:  # a concurrent sign-up with the same email won the race
        raise ConflictError("An account with this email already exists.", code="email_taken") from exc
    Membership.objects.create(tenant=tenant, user=user, role=MembershipRole.OWNER)
    board_create_default(tenant=tenant)
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


def api_key_create(*, tenant: Tenant, by: User, name: str) -> tuple[ApiKey, str]:
    """Create a key and return it with its plaintext, which is never stored and never shown again."""
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        tenant=tenant,
        created_by=by,
        name=name.strip(),
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
        ApiKey.objects.select_related("tenant", "created_by")
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


def tenant_settings_update(*, tenant: Tenant, by: Membership, blind_review: bool | None = None) -> Tenant:
    """Change the tenant's settings; owners and admins only."""
    if by.role not in (MembershipRole.OWNER, MembershipRole.ADMIN):
        raise DomainError(
            "Only an owner or an admin can change the organisation's settings.",
            code="forbidden",
            status_code=403,
        )
    if blind_review is not None:
        tenant.blind_review = blind_review
        tenant.save(update_fields=["blind_review", "updated_at"])
    return tenant
