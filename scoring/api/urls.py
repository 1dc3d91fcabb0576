from django.urls import path

from scoring.api import views
from scoring.api.talent_pool import TalentPoolSuggestViewSet

rubric = views.JobRubricViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"})
rescore_runs = views.JobRescoreViewSet.as_view({"get": "list", "post": "create"})
reviews = views.JobReviewViewSet.as_view({"get": "list"})
optimize = views.JobReviewViewSet.as_view({"post": "optimize"})

urlpatterns: list = [
    path("jobs/<uuid:job_id>/rubric", rubric, name="job-rubric"),
    path("jobs/<uuid:job_id>/rescore-runs", rescore_runs, name="job-rescore-runs"),
    path("jobs/<uuid:job_id>/reviews", reviews, name="job-reviews"),
    path("jobs/<uuid:job_id>/optimize", optimize, name="job-optimize"),
    path(
        "talent-pool/suggest/<uuid:job_id>",
        TalentPoolSuggestViewSet.as_view({"get": "suggest"}),
        name="talent-pool-suggest",
    ),
    path(
        "rescore-runs/<uuid:pk>",
        views.RescoreRunViewSet.as_view({"get": "retrieve"}),
        name="rescore-run-detail",
    ),
]
