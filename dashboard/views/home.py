"""The overview: the company's headline figures and, for a new company, what to do first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import ApiKey, Membership
from candidates.analytics import analytics_overview
from dashboard.access import DashboardView, can_map
from hiresscope.permissions import Perm
from jobs.selectors import job_list


class HomeView(DashboardView):
    permissions = {"get": Perm.ACCOUNT_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        jobs = job_list(tenant=self.tenant)
        overview = analytics_overview(tenant=self.tenant)
        first_steps = [
            {
                "done": jobs.exists(),
                "label": "Post your first job",
                "url_name": "dashboard:job_create",
                "perm": "jobs_write",
            },
            {
                "done": overview["total_cvs"] > 0,
                "label": "Receive or upload CVs",
                "url_name": "dashboard:jobs",
                "perm": "jobs_read",
            },
            {
                "done": Membership.objects.for_tenant(self.tenant).count() > 1,
                "label": "Invite your team",
                "url_name": "dashboard:team",
                "perm": "members_manage",
            },
            {
                "done": ApiKey.objects.for_tenant(self.tenant).exists(),
                "label": "Connect your ATS with an API key (optional)",
                "url_name": "dashboard:api_keys",
                "perm": "api_keys_manage",
            },
        ]
        can = can_map(self.credential)
        for step in first_steps:
            step["allowed"] = can[step.pop("perm")]
        context = {
            "overview": overview,
            "recent_jobs": jobs.order_by("-created_at")[:5],
            "first_steps": first_steps,
            "is_new": not all(step["done"] for step in first_steps[:2]),
            "nav_current": "home",
        }
        return render(request, "dashboard/home.html", context)
