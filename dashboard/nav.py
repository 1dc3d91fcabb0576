"""The dashboard's navigation: each entry names its page and the permission it needs, so nobody is shown
a link to a page that would refuse them; and where a form sends its user back to (``next``)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from hiresscope.permissions import Perm


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    permission: Perm


NAVIGATION: tuple[tuple[str, tuple[NavEntry, ...]], ...] = (
    (
        "Hiring",
        (
            NavEntry("dashboard:home", "Overview", Perm.ACCOUNT_READ),
            NavEntry("dashboard:jobs", "Jobs", Perm.JOBS_READ),
            NavEntry("dashboard:candidates", "Candidates", Perm.CANDIDATES_READ),
            NavEntry("dashboard:talent_pool", "Talent pool", Perm.CANDIDATES_READ),
            NavEntry("dashboard:assessments", "Assessments", Perm.ASSESSMENTS_READ),
            NavEntry("dashboard:analytics", "Analytics", Perm.ANALYTICS_READ),
        ),
    ),
    (
        "Settings",
        (
            NavEntry("dashboard:team", "Team", Perm.MEMBERS_READ),
            NavEntry("dashboard:api_keys", "API keys", Perm.API_KEYS_MANAGE),
            NavEntry("dashboard:webhooks", "Webhooks", Perm.WEBHOOKS_READ),
            NavEntry("dashboard:billing", "Plan and billing", Perm.BILLING_READ),
            NavEntry("dashboard:referrals", "Referrals", Perm.BILLING_READ),
            NavEntry("dashboard:company_settings", "Company settings", Perm.SETTINGS_READ),
            NavEntry("dashboard:audit_log", "Audit log", Perm.AUDIT_READ),
        ),
    ),
)


def navigation(request: HttpRequest, can: Mapping[str, bool]) -> list[dict]:
    """The sections and links this person may follow, the current one marked."""
    sections = []
    for title, entries in NAVIGATION:
        links = []
        for entry in entries:
            if not can.get(entry.permission.name.lower()):
                continue
            url = reverse(entry.url_name)
            home = entry.url_name == "dashboard:home"
            current = request.path == url if home else request.path.startswith(url)
            links.append({"url": url, "label": entry.label, "current": current})
        if links:
            sections.append({"title": title, "links": links})
    return sections


def next_page(request: HttpRequest, default: str = "") -> str:
    """Where a form returns to: its ``next`` (POST, else GET) when that is a dashboard page of this site,
    else ``default``. Never another site, nor another part of this one (no open redirect)."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/dashboard/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default
