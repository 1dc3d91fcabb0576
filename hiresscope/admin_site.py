"""The Django admin's site: Django's own, for operators only, with its login throttled like the API's."""

from math import ceil

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.template.response import TemplateResponse

from accounts.operators import MEMBER_CANNOT_OPERATE, admin_access_allowed
from hiresscope.throttling import AuthRateThrottle, LoginRateThrottle, throttles_refusal


class OperatorAuthenticationForm(AdminAuthenticationForm):
    """Django's admin sign-in, refusing a staff account that is also a tenant member (``accounts.operators``)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)  # inactive or not staff: Django's own refusal
        if not admin_access_allowed(user):
            raise forms.ValidationError(MEMBER_CANNOT_OPERATE, code="member_account")


class HireScopeAdminSite(admin.AdminSite):
    """``admin.site`` (installed by ``hiresscope.apps.HireScopeAdminConfig``)."""

    login_form = OperatorAuthenticationForm

    def has_permission(self, request) -> bool:
        # Every admin page asks this. The dashboard signs members in with the same session cookie, so
        # Django's "active staff" test alone would let a member's session in, were the member staff.
        # A refused user gets the admin's sign-in page, which says they are not authorised.
        if not request.user.is_active or not request.user.is_staff:
            return False
        cached = getattr(request, "_admin_access_allowed", None)
        if cached is None:
            cached = request._admin_access_allowed = admin_access_allowed(request.user)
        return cached

    def login(self, request, extra_context=None):
        # The admin's password form is a way in like POST /auth/login: the same per-IP ``auth`` and
        # per-(IP, account) ``login`` budgets, shared with the API (same cache keys), so switching doors
        # gives no extra guesses.
        if request.method == "POST":
            wait = throttles_refusal(request, AuthRateThrottle(), LoginRateThrottle())
            if wait is not None:
                seconds = ceil(wait)
                response = TemplateResponse(
                    request,
                    "admin/throttled.html",
                    {
                        **self.each_context(request),
                        "title": "Too many attempts",
                        "minutes": ceil(seconds / 60),
                    },
                    status=429,
                )
                response["Retry-After"] = str(seconds)
                return response
        return super().login(request, extra_context)
