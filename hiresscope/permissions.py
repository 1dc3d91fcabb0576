"""Who may do what: one table from roles and API-key scopes to named permissions.

Every tenant view declares, per action, the one permission the action needs (``action_permissions``);
the tenant-scoped base classes (``hiresscope.viewsets``) check it with :class:`HasActionPermission`,
after :class:`IsTenantMember` has established the credential. Subclasses may add permission classes
(``extra_permission_classes``) but cannot replace these two. ``tests/test_permission_map.py`` walks
every tenant route and tries it with every role and key scope against this table.
"""

from collections.abc import Mapping
from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import ApiKeyScope, MembershipRole
from billing.services import subscription_require_writable
from hiresscope.authentication import CandidateCredential, TenantCredential
from hiresscope.errors import ErrorCode


class Perm(StrEnum):
    """A named permission: ``<area>.<verb>``. Reads end in ``.read``; nothing else is a read."""

    ACCOUNT_READ = "account.read"  # who am I, which tenant, which plan
    SESSION_MANAGE = "session.manage"  # log out: a session's own business, never a key's
    JOBS_READ = "jobs.read"
    JOBS_WRITE = "jobs.write"  # jobs, boards, rubrics, rescoring, the optimizer
    APPLICATIONS_READ = "applications.read"
    APPLICATIONS_WRITE = "applications.write"  # uploads, status changes, retries
    APPLICATIONS_EXPORT = "applications.export"  # personal data leaving the system in bulk
    CANDIDATES_READ = "candidates.read"
    CANDIDATES_WRITE = "candidates.write"  # merges, the talent pool, human-review decisions
    ANALYTICS_READ = "analytics.read"
    ASSESSMENTS_READ = "assessments.read"  # definitions, invitations, results, recordings
    ASSESSMENTS_WRITE = "assessments.write"  # definitions, invitations, marking answers
    BILLING_READ = "billing.read"
    BILLING_MANAGE = "billing.manage"  # choose a plan, pay invoices
    WEBHOOKS_READ = "webhooks.read"
    WEBHOOKS_MANAGE = "webhooks.manage"
    API_KEYS_MANAGE = "api_keys.manage"
    MEMBERS_READ = "members.read"
    MEMBERS_MANAGE = "members.manage"  # invitations, roles, removals
    OWNERSHIP_TRANSFER = "ownership.transfer"
    SETTINGS_READ = "settings.read"
    SETTINGS_MANAGE = "settings.manage"
    AUDIT_READ = "audit.read"


_ALL = frozenset(Perm)
_READS = frozenset(p for p in Perm if p.endswith(".read"))
# What only the people who run the account may do: credentials, the team, settings, the audit trail.
_ADMINISTRATION = frozenset(
    {
        Perm.API_KEYS_MANAGE,
        Perm.MEMBERS_MANAGE,
        Perm.OWNERSHIP_TRANSFER,
        Perm.SETTINGS_MANAGE,
        Perm.AUDIT_READ,
        Perm.WEBHOOKS_MANAGE,
        Perm.BILLING_MANAGE,
    }
)
_HIRING_WORK = frozenset(
    {
        Perm.JOBS_WRITE,
        Perm.APPLICATIONS_WRITE,
        Perm.APPLICATIONS_EXPORT,
        Perm.CANDIDATES_WRITE,
        Perm.ASSESSMENTS_WRITE,
    }
)

ROLE_PERMISSIONS: Mapping[str, frozenset[Perm]] = {
    MembershipRole.OWNER: _ALL,
    MembershipRole.ADMIN: _ALL - {Perm.OWNERSHIP_TRANSFER},
    MembershipRole.RECRUITER: (_READS - {Perm.AUDIT_READ}) | _HIRING_WORK | {Perm.SESSION_MANAGE},
    # Reads what recruiters read, changes nothing, and exports nothing (exports carry personal data).
    MembershipRole.VIEWER: (_READS - {Perm.AUDIT_READ}) | {Perm.SESSION_MANAGE},
}

# A key is a program, not a person: it never manages credentials, the team, settings, payments or sessions.
API_KEY_SCOPE_PERMISSIONS: Mapping[str, frozenset[Perm]] = {
    ApiKeyScope.READ: _READS - {Perm.AUDIT_READ, Perm.MEMBERS_READ},
    ApiKeyScope.FULL: (_READS - {Perm.AUDIT_READ, Perm.MEMBERS_READ}) | _HIRING_WORK | {Perm.WEBHOOKS_MANAGE},
}


def permission_table_markdown() -> str:
    """The table above as markdown: one row per permission, one column per role and key scope.

    ``docs/architecture.md`` holds its output (``manage.py permissions_table --write``); a test fails
    when the two differ.
    """
    columns = [(role.label, ROLE_PERMISSIONS[role]) for role in MembershipRole]
    columns += [(f"key {scope.value}", API_KEY_SCOPE_PERMISSIONS[scope]) for scope in ApiKeyScope]
    lines = [
        "| permission | " + " | ".join(name for name, _ in columns) + " |",
        "| --- |" + " :---: |" * len(columns),
    ]
    for permission in Perm:
        cells = ("✓" if permission in granted else "" for _, granted in columns)
        lines.append(f"| `{permission}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def denied_to_some(permission: Perm) -> bool:
    """Whether some role or key scope lacks ``permission`` (its routes can answer 403 ``permission_denied``)."""
    grants = (*ROLE_PERMISSIONS.values(), *API_KEY_SCOPE_PERMISSIONS.values())
    return any(permission not in granted for granted in grants)


def credential_permissions(credential: TenantCredential) -> frozenset[Perm]:
    """What this credential may do: its key's scope, or its member's role."""
    if credential.api_key is not None:
        return API_KEY_SCOPE_PERMISSIONS.get(credential.api_key.scope, frozenset())
    if credential.membership is None:
        return frozenset()
    return ROLE_PERMISSIONS.get(credential.membership.role, frozenset())


def subscription_allows(request, view) -> None:
    """Writes of a read-only tenant (subscription EXPIRED or CANCELED) answer 403 ``subscription_inactive``.

    Checked with every declared permission, so no tenant route can forget it. Reads always work; a view
    that must work anyway (paying an invoice, logging out, revoking a key) sets ``subscription_exempt``.
    """
    if request.method in SAFE_METHODS or getattr(view, "subscription_exempt", False):
        return
    tenant = request.auth.tenant
    try:
        subscription = tenant.subscription  # loaded with the credential (hiresscope/authentication.py)
    except ObjectDoesNotExist:
        subscription = None
    subscription_require_writable(tenant_id=tenant.id, subscription=subscription)


class DenyByDefault(BasePermission):
    """DRF's default permission: a view that is neither tenant-scoped (``hiresscope.viewsets``) nor says
    who may call it (``AllowAny``, ``IsCandidate``) answers no one, so a forgotten base fails closed."""

    message = "This route declares no permissions."

    def has_permission(self, request, view) -> bool:
        return False


class IsTenantMember(BasePermission):
    """Authenticated with an employer credential (JWT or API key) that resolved a tenant."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, TenantCredential)


class HasActionPermission(BasePermission):
    """The credential holds the permission the view declares for this action; writes need a live plan."""

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, TenantCredential):
            return False
        needed = view.required_permission()
        if needed is None:  # OPTIONS/HEAD: described by the metadata class, no data is touched
            return True
        if needed not in credential_permissions(request.auth):
            raise PermissionDenied(_refusal(request.auth, needed), code=ErrorCode.PERMISSION_DENIED)
        subscription_allows(request, view)
        return True


def _refusal(credential: TenantCredential, needed: Perm) -> str:
    if credential.api_key is not None:
        return f"This API key's scope ({credential.api_key.scope}) does not allow {needed}."
    role = credential.membership.role if credential.membership else "none"
    return f"Your role ({role}) does not allow {needed}."


class IsCandidate(BasePermission):
    """Authenticated with a candidate's own access token."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, CandidateCredential)
