"""The analytics pages: the overview and one job's figures, per role, across tenants, charts that are also
tables (no inline script or style), and figures that change at once after a stage change."""

import json
import re

import pytest

from accounts.models import MembershipRole
from candidates.models import ApplicationSource, ApplicationStatus
from tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db

ROLES = [MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.RECRUITER, MembershipRole.VIEWER]
# Drawn from the first CV on; the time in stage once an application has moved on from a stage.
CHARTS = ["chart-trend", "chart-scores", "chart-funnel", "chart-sources"]


@pytest.fixture
def job(acme):
    job = JobFactory(tenant=acme.tenant, title="Backend Engineer")
    ApplicationFactory(job=job, scored=True, score=92, status=ApplicationStatus.SHORTLISTED)
    ApplicationFactory(job=job, scored=True, score=55)
    ApplicationFactory(job=job, scored=True, score=18, source=ApplicationSource.PUBLIC_LINK)
    return job


def chart_data(page: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no data block {chart_id}"
    return json.loads(match.group(1))


def assert_no_inline_code(page: str) -> None:
    # The CSP allows scripts from our own origin only: every <script> either has a src or holds JSON.
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in page and "<style" not in page and " onclick=" not in page


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_overview_tiles_and_charts(acme, job, role):
    response = acme.client(role).get("/dashboard/analytics/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Active jobs" in page and "CVs received" in page and "Shortlisted or further" in page
    for chart_id in CHARTS:
        assert f'data-chart="{chart_id}"' in page
        chart_data(page, chart_id)
    assert "No application has moved on from a stage yet." in page  # the time in stage, not drawn yet
    assert 'data-chart="chart-stage-time"' not in page
    assert "dashboard/charts.js" in page and "chart.umd.min.js" in page
    assert_no_inline_code(page)


def test_each_chart_is_a_figure_with_a_summary_and_the_same_numbers_as_a_table(acme, job):
    page = acme.client().get("/dashboard/analytics/").content.decode()

    scores = chart_data(page, "chart-scores")
    assert scores["labels"][9] == "90-100" and scores["values"][9] == 1 and sum(scores["values"]) == 3
    before, after = page.split('data-chart="chart-scores"')
    figure = before.rsplit("<figure", 1)[1] + after.split("</figure>")[0]
    assert (
        "<figcaption" in figure and 'role="img"' in figure and 'aria-label="Scores of 3 scored CVs' in figure
    )
    assert "<summary>Show as a table</summary>" in figure
    assert '<th scope="row">90-100</th><td>1</td>' in figure
    # The tables start open: without JavaScript they are the content.
    assert "data-chart-table open" in figure


def test_the_overview_funnel_sources_and_trend_match_the_data(acme, job):
    page = acme.client().get("/dashboard/analytics/").content.decode()

    funnel = chart_data(page, "chart-funnel")
    assert dict(zip(funnel["labels"], funnel["values"], strict=True))["Shortlisted"] == 1
    sources = chart_data(page, "chart-sources")
    assert dict(zip(sources["labels"], sources["values"], strict=True))["Public apply link"] == 1
    trend = chart_data(page, "chart-trend")
    assert len(trend["values"]) == 30 and trend["values"][-1] == 3


def test_the_overview_changes_right_after_a_stage_change(acme, job, django_capture_on_commit_callbacks):
    client = acme.client(MembershipRole.RECRUITER)
    before = chart_data(client.get("/dashboard/analytics/").content.decode(), "chart-funnel")
    application = job.applications.get(score=55)

    # When the recruiter shortlists an application through the dashboard's own stage action
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/dashboard/applications/{application.id}/status/",
            {"status": ApplicationStatus.SHORTLISTED, "next": "/dashboard/analytics/"},
        )
    assert response.status_code == 302 and response["Location"] == "/dashboard/analytics/"

    # Then the overview (cached for 5 minutes) shows it at once
    page = client.get("/dashboard/analytics/").content.decode()
    after = chart_data(page, "chart-funnel")
    shortlisted_before = dict(zip(before["labels"], before["values"], strict=True))["Shortlisted"]
    shortlisted_after = dict(zip(after["labels"], after["values"], strict=True))["Shortlisted"]
    assert (shortlisted_before, shortlisted_after) == (1, 2)
    # The stay in New just ended: the time in stage has something to draw now.
    stage_time = chart_data(page, "chart-stage-time")
    assert stage_time["labels"][0] == "New" and stage_time["values"][0] >= 0
    assert re.search(
        r'<span class="tile__value">2</span><span class="tile__label">Shortlisted or further', page
    )


def test_an_empty_company_gets_an_empty_state_and_no_chart_script(acme):
    page = acme.client().get("/dashboard/analytics/").content.decode()
    assert "No CVs yet" in page and "charts.js" not in page


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_a_jobs_figures_under_its_tabs(acme, job, role):
    response = acme.client(role).get(f"/dashboard/jobs/{job.id}/analytics/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Backend Engineer" in page
    for chart_id in CHARTS:
        chart_data(page, chart_id)
    assert_no_inline_code(page)


def test_a_jobs_trend_window_can_be_chosen_and_a_bad_one_falls_back(acme, job):
    client = acme.client()

    week = chart_data(
        client.get(f"/dashboard/jobs/{job.id}/analytics/", {"days": 7}).content.decode(), "chart-trend"
    )
    bad = client.get(f"/dashboard/jobs/{job.id}/analytics/", {"days": "9999"})

    assert len(week["values"]) == 7
    assert bad.status_code == 200 and len(chart_data(bad.content.decode(), "chart-trend")["values"]) == 30


def test_another_tenants_job_or_a_missing_one_is_404(acme, globex, job):
    client = globex.client()
    assert client.get(f"/dashboard/jobs/{job.id}/analytics/").status_code == 404
    assert client.get("/dashboard/jobs/00000000-0000-0000-0000-000000000000/analytics/").status_code == 404


def test_a_job_without_cvs_gets_an_empty_state(acme):
    job = JobFactory(tenant=acme.tenant)
    page = acme.client().get(f"/dashboard/jobs/{job.id}/analytics/").content.decode()
    assert "No CVs for this job yet" in page


def test_the_overview_never_counts_another_tenants_cvs(acme, globex, job):
    page = globex.client().get("/dashboard/analytics/").content.decode()
    assert "No CVs yet" in page
