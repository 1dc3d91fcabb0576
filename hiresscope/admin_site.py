"""The Django admin's site: Django's own, with its login throttled like the API's."""

from math import ceil

from django.contrib import admin
from django.template.response import TemplateResponse

from hiresscope.throttling import AuthRateThrottle, LoginRateThrottle, throttles_refusal


class HireScopeAdminSite(admin.AdminSite):
    """``admin.site`` (installed by ``hiresscope.apps.HireScopeAdminConfig``)."""

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
