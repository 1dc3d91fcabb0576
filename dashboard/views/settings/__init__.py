"""The settings pages: the team, API keys, webhooks, plan and billing, referrals, company settings and
the audit log. One module per page; each calls the services and selectors the matching API view calls,
with the permission that view declares."""

from dashboard.views.settings import api_keys, audit, billing, company, team, webhooks

urlpatterns = [
    *team.urlpatterns,
    *api_keys.urlpatterns,
    *webhooks.urlpatterns,
    *billing.urlpatterns,
    *company.urlpatterns,
    *audit.urlpatterns,
]
