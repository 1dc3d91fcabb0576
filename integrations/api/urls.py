"""The seeds' adapters (HrFlow, b2d, HiringBranch). Included before the jobs router: ``jobs/scoring`` and ``jobs/list`` must not be
read as job ids."""

from django.urls import path

from integrations.api.b2d import B2dJobListView
from integrations.api.hiringbranch import HiringBranchScoreView
from integrations.api.hrflow import HrFlowJobScoringView

urlpatterns = [
    # HrFlow's path, with no trailing slash: its SDK requests exactly "<api_url>jobs/scoring".
    path("jobs/scoring", HrFlowJobScoringView.as_view(), name="hrflow-jobs-scoring"),
    # b2d's job list (bench/b2d_client.py is the seed's own client).
    path("jobs/list", B2dJobListView.as_view(), name="b2d-jobs-list"),
    # HiringBranch's assessment scores: its client's base URL becomes http(s)://host/api.
    path("score", HiringBranchScoreView.as_view(), name="hiringbranch-score"),
]
