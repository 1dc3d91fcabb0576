"""The real URLconf plus two views that fail, to see how 500s reach clients."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from hiresscope.urls import urlpatterns as real_urlpatterns


class ExplodingApiView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("secret internal detail: db password is hunter2")


def exploding_django_view(request):
    raise RuntimeError("secret internal detail outside DRF")


urlpatterns = [
    path("api/v1/test-explode", ExplodingApiView.as_view()),
    path("api/v1/test-explode-django", exploding_django_view),
    *real_urlpatterns,
]

handler404 = "hiresscope.exceptions.handler404"
handler500 = "hiresscope.exceptions.handler500"
