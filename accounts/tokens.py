"""JWTs that say which role and tenant they were issued for.

Employer tokens carry ``kind="employer"`` and ``tid`` (the tenant); candidate tokens carry
``kind="candidate"``. Each realm's authentication refuses the other kind, so a candidate token can
never act as an employer, and vice versa, even for one person holding both roles.
Refresh rotation copies these claims, so they survive ``POST /auth/refresh``.
"""

from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Tenant, User

EMPLOYER_TOKEN_KIND = "employer"  # noqa: S105 - a claim value, not a secret
CANDIDATE_TOKEN_KIND = "candidate"  # noqa: S105 - a claim value, not a secret


def employer_refresh_token(*, user: User, tenant: Tenant) -> RefreshToken:
    token = RefreshToken.for_user(user)
    token["kind"] = EMPLOYER_TOKEN_KIND
    token["tid"] = str(tenant.id)
    return token


def candidate_refresh_token(*, user: User) -> RefreshToken:
    """A candidate's token: no tenant, since a candidate's own data spans every employer they applied to."""
    token = RefreshToken.for_user(user)
    token["kind"] = CANDIDATE_TOKEN_KIND
    return token


def token_pair(refresh: RefreshToken) -> dict[str, str]:
    return {"access_token": str(refresh.access_token), "refresh_token": str(refresh)}
