from django.urls import path
from rest_framework.routers import SimpleRouter

from webhooks.api import views

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("webhooks", views.WebhookEndpointViewSet, basename="webhook")

deliveries = views.WebhookDeliveryViewSet.as_view({"get": "list"})
delivery = views.WebhookDeliveryViewSet.as_view({"get": "retrieve"})
redeliver = views.WebhookDeliveryViewSet.as_view({"post": "redeliver"})

urlpatterns = [
    *router.urls,
    path("webhooks/<uuid:webhook_id>/deliveries", deliveries, name="webhook-deliveries"),
    path("webhooks/<uuid:webhook_id>/deliveries/<uuid:pk>", delivery, name="webhook-delivery"),
    path("webhooks/<uuid:webhook_id>/deliveries/<uuid:pk>/redeliver", redeliver, name="webhook-redeliver"),
]
