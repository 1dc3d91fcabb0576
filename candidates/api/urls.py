from django.urls import path
from rest_framework.routers import SimpleRouter

from candidates.api import views

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("sources", views.SourceViewSet, basename="source")

job_applications = views.JobApplicationViewSet.as_view({"get": "list", "post": "create"})
job_applications_bulk = views.JobApplicationViewSet.as_view({"post": "bulk"})

urlpatterns = [
    path("jobs/<uuid:job_id>/applications", job_applications, name="job-applications"),
    path("jobs/<uuid:job_id>/applications/bulk", job_applications_bulk, name="job-applications-bulk"),
    path("apply/<slug:slug>", views.PublicApplyView.as_view(), name="public-apply"),
    *router.urls,
]
