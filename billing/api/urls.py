from django.urls import path

from billing.api import views

urlpatterns = [
    path("billing/plans", views.PlanListView.as_view(), name="billing-plans"),
    path("billing/usage", views.UsageView.as_view(), name="billing-usage"),
    path(
        "billing/invoices",
        views.InvoiceViewSet.as_view({"get": "list", "post": "create"}),
        name="billing-invoices",
    ),
    path("referrals/generate", views.ReferralGenerateView.as_view(), name="referrals-generate"),
    path("referrals/stats", views.ReferralStatsView.as_view(), name="referrals-stats"),
]
