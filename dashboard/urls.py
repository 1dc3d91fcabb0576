"""The dashboard's URLs, under /dashboard/. Each area's module lists its own (``urlpatterns``)."""

from django.urls import include, path

from dashboard.views import auth, home

app_name = "dashboard"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("signup/", auth.signup, name="signup"),
    path("password/forgot/", auth.password_forgot, name="password_forgot"),
    path("password/reset/", auth.password_reset, name="password_reset"),
    path("no-company/", auth.no_company, name="no_company"),
    path("switch-company/", auth.switch_company, name="switch_company"),
    path("", include("dashboard.views.jobs")),
    path("", include("dashboard.views.applications")),
    path("", include("dashboard.views.application")),
    path("", include("dashboard.views.pipeline_actions")),
    path("", include("dashboard.views.people")),
    path("", include("dashboard.views.insights")),
    path("", include("dashboard.views.settings")),
    path("", include("dashboard.views.assessments")),
]
