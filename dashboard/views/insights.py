"""The analytics pages: the company's overview and one job's figures, as tiles and charts.

The figures are the API's (``candidates.analytics.analytics_overview`` / ``analytics_job``: the same
cached answers ``/api/v1/analytics/...`` serves), under the same permission (``ANALYTICS_READ``). Each
chart is a spec built here from those figures: the numbers go to the page twice, as a real table (the
content when JavaScript is off) and as a ``json_script`` block that ``charts.js`` draws with Chart.js.
"""

from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from candidates.analytics import DEFAULT_TREND_DAYS, SHORTLISTED_OR_LATER, analytics_job, analytics_overview
from candidates.models import ApplicationSource, ApplicationStatus
from dashboard.access import DashboardView
from hiresscope.permissions import Perm
from jobs.selectors import job_get

# The pipeline in its order; REJECTED is shown after it, apart (it is a way out, not a step).
PIPELINE = (
    ApplicationStatus.NEW,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFER,
    ApplicationStatus.HIRED,
)
NO_VALUE = "\u2013"  # an en dash: shown in a table cell that has no number
TREND_WINDOWS = ((7, "Last 7 days"), (30, "Last 30 days"), (90, "Last 90 days"), (365, "Last 12 months"))


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _listing(pairs) -> str:
    return ", ".join(f"{label} {value}" for label, value in pairs)


def trend_chart(figures: dict) -> dict:
    days = figures["daily_trend"]
    total = sum(day["count"] for day in days)
    peak = max(days, key=lambda day: day["count"]) if days else None
    summary = f"Applications received per day from {_day(figures['date_from'])} to {_day(figures['date_to'])}: {total} in all"
    if peak and peak["count"]:
        summary += f", most on {_day(peak['date'])} ({peak['count']})"
    return {
        "id": "chart-trend",
        "title": "Applications per day",
        "note": "UTC days, today included.",
        "summary": summary + ".",
        "data": {
            "type": "line",
            "label": "Applications",
            "labels": [_day(day["date"]) for day in days],
            "values": [day["count"] for day in days],
        },
        "columns": ["Day", "Applications"],
        "rows": [(f"{day['date']:%a} {day['date'].day} {day['date']:%b %Y}", day["count"]) for day in days],
    }


def score_chart(figures: dict) -> dict:
    buckets = figures["score_distribution"]
    largest = max(buckets, key=lambda bucket: bucket["count"])
    summary = f"Scores of {figures['scored_count']} scored CVs in ten-point buckets"
    if largest["count"]:
        summary += f"; the largest bucket is {largest['bucket']} ({largest['count']})"
    return {
        "id": "chart-scores",
        "title": "Score distribution",
        "note": "Scored CVs per ten-point bucket; 90-100 includes perfect scores.",
        "summary": summary + ".",
        "data": {
            "type": "bar",
            "label": "CVs",
            "labels": [bucket["bucket"] for bucket in buckets],
            "values": [bucket["count"] for bucket in buckets],
        },
        "columns": ["Score", "CVs"],
        "rows": [(bucket["bucket"], bucket["count"]) for bucket in buckets],
    }


def funnel_chart(figures: dict) -> dict:
    counts = figures["status_breakdown"]
    stages = [*PIPELINE, ApplicationStatus.REJECTED]
    # "Reached": in the stage now or in a later one (rejections are left out: where they left is unknown).
    reached = {stage: sum(counts[later] for later in PIPELINE[PIPELINE.index(stage) :]) for stage in PIPELINE}
    return {
        "id": "chart-funnel",
        "title": "Stage funnel",
        "note": "Where applications are now; “reached” counts those in the stage or past it.",
        "summary": "Applications by stage now: "
        + _listing((ApplicationStatus(stage).label, counts[stage]) for stage in stages)
        + ".",
        "data": {
            "type": "bar",
            "horizontal": True,
            "label": "Applications now in the stage",
            "labels": [ApplicationStatus(stage).label for stage in stages],
            "values": [counts[stage] for stage in stages],
        },
        "columns": ["Stage", "Now in the stage", "Reached the stage or later"],
        "rows": [
            (ApplicationStatus(stage).label, counts[stage], reached.get(stage, NO_VALUE)) for stage in stages
        ],
    }


def stage_time_chart(figures: dict) -> dict:
    stages = figures["time_in_stage"]
    ended = [stage for stage in stages if stage["average_days"] is not None]
    summary = (
        "Average days in each stage before moving on: "
        + _listing((ApplicationStatus(s["status"]).label, s["average_days"]) for s in ended)
        if ended
        else "No application has moved on from a stage yet"
    )
    return {
        "id": "chart-stage-time",
        "title": "Time in stage",
        "empty": not ended,
        "note": "Average days an application stayed in a stage before it was moved on, from the stage history.",
        "summary": summary + ".",
        "data": {
            "type": "bar",
            "horizontal": True,
            "label": "Average days",
            "labels": [ApplicationStatus(stage["status"]).label for stage in stages],
            "values": [stage["average_days"] or 0 for stage in stages],
        },
        "columns": ["Stage", "Average days", "Stays that ended"],
        "rows": [
            (
                ApplicationStatus(stage["status"]).label,
                NO_VALUE if stage["average_days"] is None else stage["average_days"],
                stage["stays"],
            )
            for stage in stages
        ],
    }


def source_chart(figures: dict) -> dict:
    counts = figures["source_breakdown"]
    labels = {
        ApplicationSource.UPLOAD: "Uploaded one by one",
        ApplicationSource.BULK: "Bulk upload",
        ApplicationSource.PUBLIC_LINK: "Public apply link",
    }
    return {
        "id": "chart-sources",
        "title": "Where CVs come from",
        "note": "How each CV reached you.",
        "summary": "CVs by source: " + _listing((labels[source], counts[source]) for source in labels) + ".",
        "data": {
            "type": "doughnut",
            "label": "CVs",
            "labels": list(labels.values()),
            "values": [counts[source] for source in labels],
        },
        "columns": ["Source", "CVs"],
        "rows": [(labels[source], counts[source]) for source in labels],
    }


def charts_for(figures: dict) -> list[dict]:
    return [
        trend_chart(figures),
        score_chart(figures),
        funnel_chart(figures),
        stage_time_chart(figures),
        source_chart(figures),
    ]


class AnalyticsView(DashboardView):
    permissions = {"get": Perm.ANALYTICS_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        overview = analytics_overview(tenant=self.tenant)
        context = {"overview": overview, "charts": charts_for(overview)}
        return render(request, "dashboard/insights/analytics.html", context)


class TrendWindowForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Period", choices=TREND_WINDOWS, coerce=int, initial=DEFAULT_TREND_DAYS, required=False
    )


class JobAnalyticsView(DashboardView):
    permissions = {"get": Perm.ANALYTICS_READ}

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = job_get(tenant=self.tenant, job_id=job_id)  # first: another tenant's job is a 404
        form = TrendWindowForm(request.GET or None)
        days = (form.is_valid() and form.cleaned_data["days"]) or DEFAULT_TREND_DAYS
        figures = analytics_job(tenant=self.tenant, job=job, days=days)
        counts = figures["status_breakdown"]
        context = {
            "job": job,
            "form": form,
            "figures": figures,
            "shortlisted_or_later": sum(counts[stage] for stage in SHORTLISTED_OR_LATER),
            "charts": charts_for(figures),
        }
        return render(request, "dashboard/insights/job_analytics.html", context)


urlpatterns = [
    path("analytics/", AnalyticsView.as_view(), name="analytics"),
    path("jobs/<uuid:job_id>/analytics/", JobAnalyticsView.as_view(), name="job_analytics"),
]
