"""What every dashboard template may use: the company, the person's role, ``can`` and the navigation."""

from django.http import HttpRequest

from accounts.selectors import membership_list_for_user
from dashboard.access import can_map
from dashboard.nav import navigation


def dashboard(request: HttpRequest) -> dict:
    credential = getattr(request, "dashboard", None)
    if credential is None:
        return {}
    can = can_map(credential)
    return {
        "tenant": credential.tenant,
        "membership": credential.membership,
        "can": can,
        "nav_sections": navigation(request, can),
        # A callable: only the pages that show the company switcher pay for the query.
        "companies": lambda: membership_list_for_user(user=credential.user),
    }
