"""API keys: the list (revoked ones too), a new key shown once, revocation.

Owners and admins only (``api_keys.manage``, as ``teams.api.auth.ApiKeyViewSet``). The new key's
plaintext exists in one response: the answer to the form that created it. It is never put in the
session or a redirect, and the page carries ``Cache-Control: no-store`` like every signed-in page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from accounts.selectors import api_key_get, api_key_list
from accounts.services import api_key_revoke
from dashboard.access import DashboardView
from dashboard.forms import add_domain_error
from dashboard.forms.settings import ApiKeyForm
from dashboard.views.settings._shared import attempt
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from hiresscope.throttling import client_ip
from teams.selectors import plan_usage
from teams.services import api_key_issue


class ApiKeysView(DashboardView):
    permissions = {"get": Perm.API_KEYS_MANAGE, "post": Perm.API_KEYS_MANAGE}
    # As the API: a leaked key can be revoked whatever the subscription; creating one checks the plan.
    subscription_exempt = True

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ApiKeyForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiKeyForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            api_key, raw_key = api_key_issue(
                tenant=self.tenant, by=self.actor, ip=client_ip(request), **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            return self._page(request, form, status=exc.status_code)
        return render(
            request, "dashboard/settings/api_key_created.html", {"api_key": api_key, "raw_key": raw_key}
        )

    def _page(self, request: HttpRequest, form: ApiKeyForm, *, status: int = 200) -> HttpResponse:
        context = {
            "keys": api_key_list(tenant=self.tenant, include_revoked=True),
            "form": form,
            "allowance": plan_usage(tenant=self.tenant)["api_keys"],
        }
        return render(request, "dashboard/settings/api_keys.html", context, status=status)


class ApiKeyRevokeView(DashboardView):
    permissions = {"post": Perm.API_KEYS_MANAGE}
    subscription_exempt = True

    def post(self, request: HttpRequest, key_id) -> HttpResponse:
        api_key = api_key_get(tenant=self.tenant, key_id=key_id)
        attempt(
            request,
            lambda: api_key_revoke(api_key=api_key, by=self.actor, ip=client_ip(request)),
            f"The key “{api_key.name}” ({api_key.prefix}…) is revoked: requests with it are refused from now on.",
        )
        return redirect("dashboard:api_keys")


urlpatterns = [
    path("settings/api-keys/", ApiKeysView.as_view(), name="api_keys"),
    path("settings/api-keys/<uuid:key_id>/revoke/", ApiKeyRevokeView.as_view(), name="api_key_revoke"),
]
