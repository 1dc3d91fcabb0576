"""Plan and billing: the subscription, usage against the plan's limits, the credit meter, invoices and
choosing a plan; and the referral link with its results.

Reads need ``billing.read``; choosing a plan (which issues an invoice) ``billing.manage``, as
``billing.api.views``. Like the API, invoices work while the company is read-only: paying is the way out.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from billing.models import Invoice
from billing.selectors import invoice_list, invoice_payment_instructions, plan_list, referral_stats
from billing.services import invoice_create, referral_code_get_or_create, referral_link
from dashboard.access import DashboardView
from dashboard.forms import add_domain_error
from dashboard.forms.settings import PlanChoiceForm
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from teams.selectors import plan_usage


class BillingView(DashboardView):
    permissions = {"get": Perm.BILLING_READ, "post": Perm.BILLING_MANAGE}
    subscription_exempt = True

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, PlanChoiceForm(plans=plan_list()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlanChoiceForm(request.POST, plans=plan_list())
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            invoice = invoice_create(tenant_id=self.tenant.id, by=self.actor, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc, field_map={"planCode": "plan_code"})
            return self._page(request, form, status=exc.status_code)
        messages.success(
            request, f"Invoice {invoice.number} issued: {invoice.plan.name} starts as soon as it is paid."
        )
        return redirect("dashboard:billing")

    def _page(self, request: HttpRequest, form: PlanChoiceForm, *, status: int = 200) -> HttpResponse:
        usage = plan_usage(tenant=self.tenant)
        invoices = [
            {"invoice": invoice, "instructions": invoice_payment_instructions(invoice)}
            for invoice in invoice_list(Invoice.objects.for_tenant(self.tenant))
        ]
        meters = [
            ("Active jobs", "active_jobs"),
            ("CV uploads this period", "cv_uploads"),
            ("Seats (members and pending invitations)", "seats"),
            ("Active API keys", "api_keys"),
            ("Webhook endpoints", "webhooks"),
        ]
        context = {
            "usage": usage,
            "subscription": usage["subscription"],
            "meters": [{"label": label, "id": f"meter-{key}", "meter": usage[key]} for label, key in meters],
            "invoices": invoices,
            "plans": plan_list(),
            "form": form,
        }
        return render(request, "dashboard/settings/billing.html", context, status=status)


class ReferralsView(DashboardView):
    # Reading the link makes it on first visit, as POST /referrals/generate does (also billing.read):
    # the code is made once and the same afterwards, so the page is safe to reload.
    permissions = {"get": Perm.BILLING_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        code = referral_code_get_or_create(tenant_id=self.tenant.id)
        context = {
            "code": code.code,
            "link": referral_link(code.code),
            "stats": referral_stats(tenant_id=self.tenant.id),
        }
        return render(request, "dashboard/settings/referrals.html", context)


urlpatterns = [
    path("settings/billing/", BillingView.as_view(), name="billing"),
    path("settings/referrals/", ReferralsView.as_view(), name="referrals"),
]
