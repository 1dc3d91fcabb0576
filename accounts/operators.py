"""Operators (HireScope's own staff) and tenant members are different accounts: the one rule, here.

An operator (``is_staff`` or ``is_superuser``) acts for every tenant through the admin; a member acts
for one tenant through the API and the dashboard, which share the admin's session cookie. Were one
account both, a member's session (or a stolen one) would open the admin, and an operator's changes
would read in the tenant's audit trail as a colleague's. So:

- the admin lets in only operators without any membership (``hiresscope.admin_site``);
- the services that make a membership (sign-up, accepting an invitation) refuse an operator account;
- the admin's own forms refuse making a member an operator, or an operator a member.

Everyone calls the functions below, so the rule is written once.
"""

from accounts.models import Membership, User
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError


class OperatorAccount(DomainError):
    status_code = 403
    code = ErrorCode.OPERATOR_ACCOUNT


OPERATOR_CANNOT_JOIN = (
    "This is a HireScope operator account: it cannot join a company's team. Use another account."
)
MEMBER_CANNOT_OPERATE = (
    "This account is a member of a company's team: an operator needs a separate account "
    "(remove its memberships first)."
)


def user_is_operator(user: User) -> bool:
    """Staff, or a superuser (who could make themselves staff): either way, not a tenant member."""
    return bool(user.is_staff or user.is_superuser)


def user_is_member(user: User) -> bool:
    return Membership.objects.filter(user_id=user.pk).exists()


def admin_access_allowed(user: User) -> bool:
    """May this (signed-in) user use the admin: an active operator who belongs to no tenant."""
    return bool(user.is_active and user.is_staff) and not user_is_member(user)


def membership_require_not_operator(*, user: User) -> None:
    """Raise 403 ``operator_account`` before a membership is made for an operator."""
    if user_is_operator(user):
        raise OperatorAccount(OPERATOR_CANNOT_JOIN)
