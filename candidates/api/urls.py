from django.urls import path
from rest_framework.routers import SimpleRouter

from candidates.api import analytics, me, people, reviews, views

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("sources", views.SourceViewSet, basename="source")
router.register("review-requests", reviews.ReviewRequestViewSet, basename="review-request")

job_applications = views.JobApplicationViewSet.as_view({"get": "list", "post": "create"})
job_applications_bulk = views.JobApplicationViewSet.as_view({"post": "bulk"})
job_applications_export = views.JobApplicationViewSet.as_view(
    {"get": "export_csv"}, content_negotiation_class=views.DownloadNegotiation
)

urlpatterns = [
    path("jobs/<uuid:job_id>/applications", job_applications, name="job-applications"),
    path("jobs/<uuid:job_id>/applications/bulk", job_applications_bulk, name="job-applications-bulk"),
    path(
        "jobs/<uuid:job_id>/applications/export-csv", job_applications_export, name="job-applications-export"
    ),
    path("apply/<slug:slug>", views.PublicApplyView.as_view(), name="public-apply"),
    path("analytics/overview", analytics.AnalyticsOverviewView.as_view(), name="analytics-overview"),
    path("analytics/jobs/<uuid:job_id>", analytics.JobAnalyticsView.as_view(), name="analytics-job"),
    # The candidate's own realm (candidate tokens only).
    path("candidates/register", me.CandidateRegisterView.as_view(), name="candidates-register"),
    path("candidates/login", me.CandidateLoginView.as_view(), name="candidates-login"),
    path("candidates/refresh", me.CandidateRefreshView.as_view(), name="candidates-refresh"),
    path("candidates/logout", me.CandidateLogoutView.as_view(), name="candidates-logout"),
    path("candidates/verify-email", me.EmailVerifyView.as_view(), name="candidates-verify-email"),
    path(
        "candidates/verify-email/resend",
        me.EmailVerifyResendView.as_view(),
        name="candidates-verify-email-resend",
    ),
    path("candidates/password-reset", me.PasswordResetView.as_view(), name="candidates-password-reset"),
    path(
        "candidates/password-reset/confirm",
        me.PasswordResetConfirmView.as_view(),
        name="candidates-password-reset-confirm",
    ),
    path("candidates/me", me.CandidateMeView.as_view(), name="candidates-me"),
    path("candidates/me/export", me.OwnDataExportView.as_view(), name="candidates-me-export"),
    path(
        "candidates/me/applications/<uuid:app_id>/review-request",
        me.OwnReviewRequestView.as_view(),
        name="candidates-me-review-request",
    ),
    path("candidates/me/profile", me.CandidateProfileView.as_view(), name="candidates-me-profile"),
    path(
        "candidates/me/applications", me.OwnApplicationListView.as_view(), name="candidates-me-applications"
    ),
    path("candidates/me/score/<uuid:app_id>", me.OwnScoreView.as_view(), name="candidates-me-score"),
    # The employer's view of people. <uuid:pk> never matches the candidate realm's "me" routes above.
    path(
        "candidates/<uuid:pk>", people.CandidateViewSet.as_view({"get": "retrieve"}), name="candidate-detail"
    ),
    path(
        "candidates/<uuid:pk>/merge",
        people.CandidateViewSet.as_view({"post": "merge"}),
        name="candidate-merge",
    ),
    path(
        "candidate-merges/<uuid:pk>/undo",
        people.CandidateMergeViewSet.as_view({"post": "undo"}),
        name="candidate-merge-undo",
    ),
    path(
        "talent-pool",
        people.TalentPoolViewSet.as_view({"get": "list", "post": "create"}),
        name="talent-pool",
    ),
    path(
        "talent-pool/<uuid:pk>",
        people.TalentPoolViewSet.as_view({"delete": "destroy"}),
        name="talent-pool-entry",
    ),
    *router.urls,
]
