"""Template helpers of the dashboard's own: the tabs of a job's pages."""

from django import template
from django.urls import reverse

register = template.Library()

# (url name, label, permission key in `can`): the pages of one job, in the order of the tabs.
JOB_TABS = (
    ("dashboard:job", "Applications", "applications_read"),
    ("dashboard:job_board", "Board", "applications_read"),
    ("dashboard:job_upload", "Upload CVs", "applications_write"),
    ("dashboard:job_edit", "Job and rubric", "jobs_read"),
    ("dashboard:job_analytics", "Analytics", "analytics_read"),
)


@register.inclusion_tag("dashboard/_job_tabs.html", takes_context=True)
def job_tabs(context, job, current: str):
    """The tabs of ``job``'s pages this person may open; ``current`` is the url name of the one shown."""
    can = context.get("can") or {}
    tabs = []
    for url_name, label, permission in JOB_TABS:
        if not can.get(permission):
            continue
        url = reverse(url_name, kwargs={"job_id": job.id})
        tabs.append({"url": url, "label": label, "current": url_name == current})
    return {"tabs": tabs, "job": job}
