from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from hiresscope.exceptions import api_not_found
from hiresscope.health import HealthView


def favicon(request):
    # Resolved per request: the hashed static name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("hiresscope/favicon.svg"))


api_v1 = [
    path("health", HealthView.as_view(), name="health"),
    path(
        "schema/", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"
    ),
    # Swagger UI from drf-spectacular-sidecar's static files; the split view serves its init script from
    # docs/?script, and our template has no inline style, so the page runs under the CSP (docs/security.md).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema",
            template_name="hiresscope/swagger_ui.html",
            permission_classes=[],
            authentication_classes=[],
        ),
        name="swagger-ui",
    ),
    path("", include("teams.api.urls")),
    # The seeds' adapters (HrFlow /jobs/scoring, b2d /jobs/list): before jobs, or they would read as job ids.
    path("", include("integrations.api.urls")),
    path("", include("scoring.api.urls")),
    path("", include("billing.api.urls")),
    path("", include("jobs.api.urls")),
    path("", include("candidates.api.urls")),
    path("", include("webhooks.api.urls")),
    path("", include("assessments.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page that names no icon (the admin's, Swagger UI's).
    path("favicon.ico", favicon),
    path("api/v1/", include(api_v1)),
    # Anything else under /api/ answers the error envelope, never an HTML 404 page.
    re_path(r"^api/", api_not_found),
    # The employer dashboard (docs/dashboard.md); /signup is the referral links' address before it existed.
    path("dashboard/", include("dashboard.urls")),
    path("signup", RedirectView.as_view(url="/dashboard/signup/", query_string=True)),
    # The page a team invitation links to: /team/join/<token>
    path("", include("teams.urls")),
    # The candidates' HTML site: /, /careers/<company>/..., /account/...
    path("", include("careers.urls")),
]

handler404 = "hiresscope.exceptions.handler404"
handler500 = "hiresscope.exceptions.handler500"
