from django.urls import path
from rest_framework.routers import SimpleRouter

from assessments.api import me, views

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("assessment-invitations", views.AssessmentInvitationViewSet, basename="assessment-invitation")

urlpatterns = [
    *router.urls,
    path("candidates/me/assessments", me.OwnAssessmentsView.as_view(), name="candidates-me-assessments"),
]
