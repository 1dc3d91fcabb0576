"""Who is looking at a dashboard page, for which company, and what they may do there.

The dashboard signs people in with Django's session (a cookie, CSRF on every form) and keeps the company
they work in under ``SESSION_TENANT``. Each request resolves that to a :class:`TenantCredential`, the
same object the API's authentication builds, so a page checks exactly the permission map the API checks
(``hiresscope.permissions``): a role the map refuses is refused here too, page by page and action by
action. Services get the member as ``by=`` (``credential.actor``).
"""

from collections.abc import Mapping
from types import MappingProxyType

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from accounts.models import Membership
from billing.services import subscription_require_writable
from hiresscope.authentication import TenantCredential
from hiresscope.exceptions import DomainError, NotFoundError
from hiresscope.permissions import ROLE_PERMISSIONS, Perm

SESSION_TENANT = "dashboard_tenant"
SAFE_METHODS = frozenset({"get", "head", "options"})


def session_membership(request: HttpRequest) -> Membership | None:
    """The signed-in person's membership of the company this session works in (their latest otherwise).

    A membership removed since sign-in answers None at once: the page then sends them to pick a company.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user).select_related(
        "tenant", "tenant__subscription", "user"
    )
    wanted = request.session.get(SESSION_TENANT)
    membership = memberships.filter(tenant_id=wanted).first() if wanted else None
    if membership is None:
        # The order sign-in picks from (accounts.selectors.membership_list_for_user): the latest used.
        membership = memberships.order_by(F("last_used_at").desc(nulls_last=True), "created_at").first()
        if membership is not None:
            request.session[SESSION_TENANT] = str(membership.tenant_id)
    return membership


def credential_for(membership: Membership) -> TenantCredential:
    return TenantCredential(tenant=membership.tenant, user=membership.user, membership=membership)


def granted(credential: TenantCredential) -> frozenset[Perm]:
    return ROLE_PERMISSIONS.get(credential.membership.role, frozenset())


def can_map(credential: TenantCredential) -> Mapping[str, bool]:
    """``can.jobs_write`` in templates: one entry per permission, so a page offers only what will work."""
    allowed = granted(credential)
    return MappingProxyType({perm.name.lower(): perm in allowed for perm in Perm})


def denied(request: HttpRequest, message: str, *, status: int = 403) -> HttpResponse:
    return render(request, "dashboard/denied.html", {"message": message}, status=status)


class DashboardView(View):
    """A dashboard page for a signed-in member of the current company.

    ``permissions`` names, for each HTTP method the view handles, the one permission it needs (``get`` also
    covers ``head``). Like the API's scoped bases the class is sealed: a handler without a declared
    permission, or a subclass overriding ``dispatch``, is a ``TypeError`` at import time. Writes of a
    company whose subscription has ended are refused with the API's message (reads always work).
    """

    permissions: Mapping[str, Perm] = {}
    subscription_exempt = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "dispatch" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must not override dispatch(): it checks the permission map")
        for method in cls.http_method_names:
            if method in ("head", "options") or not hasattr(cls, method):
                continue
            if method not in cls.permissions:
                raise TypeError(f"{cls.__name__}.{method} declares no permission in `permissions`")
            if not isinstance(cls.permissions[method], Perm):
                raise TypeError(f"{cls.__name__}.permissions[{method!r}] is not a Perm")

    def required_permission(self, method: str) -> Perm | None:
        method = "get" if method == "head" else method
        return self.permissions.get(method)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        membership = session_membership(request)
        if membership is None:
            return redirect("dashboard:no_company")
        self.credential = request.dashboard = credential_for(membership)
        self.tenant = membership.tenant
        self.actor = self.credential.actor
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method if method != "head" else "get"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        needed = self.required_permission(method)
        if needed is not None and needed not in granted(self.credential):
            return denied(request, f"Your role ({membership.get_role_display()}) does not allow {needed}.")
        if method not in SAFE_METHODS and not self.subscription_exempt:
            try:
                subscription_require_writable(tenant_id=self.tenant.id, subscription=self._subscription())
            except DomainError as exc:
                return denied(request, exc.message)
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFoundError as exc:
            # A selector's 404 (missing, deleted, another company's) left unhandled is the 404 page, the
            # same answer for all three, as in the API.
            raise Http404(exc.message) from exc

    def _subscription(self):
        try:
            return self.tenant.subscription
        except ObjectDoesNotExist:  # a tenant created before billing existed has none yet
            return None

    @property
    def is_htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"
