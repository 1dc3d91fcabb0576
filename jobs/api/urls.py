from django.urls import path
from rest_framework.routers import SimpleRouter

from jobs.api import views

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("jobs", views.JobViewSet, basename="job")
router.register("boards", views.BoardViewSet, basename="board")

urlpatterns = [
    path("jobs/public", views.PublicJobListView.as_view(), name="jobs-public"),
    *router.urls,
]
