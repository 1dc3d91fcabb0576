"""The audit log: who did what, when and from where, newest first, filtered by person, action and dates.

``audit.read`` (owners and admins), as ``teams.api.team.AuditLogViewSet``; the filtering is the API's
own filter set, fed from a form that speaks in dates rather than ISO timestamps.
"""

from datetime import UTC, datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from accounts.selectors import audit_entry_list
from dashboard.access import DashboardView
from dashboard.forms.settings import AuditFilterForm
from hiresscope.permissions import Perm
from hiresscope.timefmt import utc_iso
from teams.filters import AuditEntryFilter
from teams.selectors import member_list

ENTRIES_PER_PAGE = 50


def _utc_iso(day, *, plus_days: int = 0) -> str:
    """The start of ``day`` (plus some days) in UTC, as the API's ``since``/``until`` take it."""
    return utc_iso(datetime.combine(day, time.min, tzinfo=UTC) + timedelta(days=plus_days))


class AuditLogView(DashboardView):
    permissions = {"get": Perm.AUDIT_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        form = AuditFilterForm(request.GET or None, members=member_list(tenant=self.tenant))
        filters = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = {"actor": data["actor"], "action": data["action"]}
            if data["since"]:
                filters["since"] = _utc_iso(data["since"])
            if data["until"]:  # the whole day named, so "until" reads as inclusive
                filters["until"] = _utc_iso(data["until"], plus_days=1)
        entries = AuditEntryFilter(
            data={key: value for key, value in filters.items() if value},
            queryset=audit_entry_list(tenant=self.tenant),
        ).qs
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
        params = {key: value for key, value in request.GET.items() if key in form.fields}
        context = {"form": form, "page": page, "params": params}
        template = (
            "dashboard/settings/_audit_rows.html" if self.is_htmx else "dashboard/settings/audit_log.html"
        )
        return render(request, template, context)


urlpatterns = [
    path("settings/audit-log/", AuditLogView.as_view(), name="audit_log"),
]
