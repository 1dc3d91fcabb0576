"""The application's URLs plus ``/api/v1/bench/minimal``: the floor bench/api.py compares the list with.

The minimal view goes through the same middleware, authentication (API key), permission and renderer
as every tenant endpoint, and does nothing else: no query beyond authentication, a tiny JSON body.
"""

from django.urls import path
from rest_framework.response import Response

from hiresscope.permissions import Perm
from hiresscope.urls import urlpatterns as application_urlpatterns
from hiresscope.viewsets import TenantScopedAPIView


class MinimalView(TenantScopedAPIView):
    action_permissions = {"get": Perm.ACCOUNT_READ}

    def get(self, request):
        return Response({"ok": True, "tenant_id": request.auth.tenant.id})


# First: the application's patterns end with a catch-all for unknown /api/ paths.
urlpatterns = [path("api/v1/bench/minimal", MinimalView.as_view()), *application_urlpatterns]
