"""Company settings: blind review and how long unsuccessful candidates' data is kept.

``settings.read`` to look, ``settings.manage`` to change (``teams.api.auth.TenantSettingsView``); the
service audits each change, old value to new.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from accounts.services import tenant_settings_update
from dashboard.access import DashboardView
from dashboard.forms import add_domain_error
from dashboard.forms.settings import CompanySettingsForm
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from hiresscope.throttling import client_ip


class CompanySettingsView(DashboardView):
    permissions = {"get": Perm.SETTINGS_READ, "post": Perm.SETTINGS_MANAGE}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, CompanySettingsForm(initial=self._current()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CompanySettingsForm(request.POST, initial=self._current())
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            tenant_settings_update(
                tenant=self.tenant, by=self.actor, ip=client_ip(request), **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc, field_map={"blindReview": "blind_review"})
            return self._page(request, form, status=exc.status_code)
        messages.success(request, "Settings saved." if form.has_changed() else "Nothing changed.")
        return redirect("dashboard:company_settings")

    def _current(self) -> dict:
        return {
            "blind_review": self.tenant.blind_review,
            "candidate_retention_months": self.tenant.candidate_retention_months,
        }

    def _page(self, request: HttpRequest, form: CompanySettingsForm, *, status: int = 200) -> HttpResponse:
        return render(request, "dashboard/settings/company.html", {"form": form}, status=status)


urlpatterns = [
    path("settings/company/", CompanySettingsView.as_view(), name="company_settings"),
]
