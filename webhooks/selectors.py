"""Reads for webhooks, always through the tenant's querysets."""

from django.db.models import Prefetch, QuerySet

from accounts.models import Tenant
from hiresscope.exceptions import NotFoundError
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoint_get(*, tenant: Tenant, endpoint_id) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.for_tenant(tenant).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFoundError("Webhook endpoint not found.")
    return endpoint


def endpoint_list(*, tenant: Tenant) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.for_tenant(tenant).order_by("-created_at", "pk")


def delivery_log(queryset: QuerySet[WebhookDelivery], *, endpoint_id) -> QuerySet[WebhookDelivery]:
    """An endpoint's deliveries, newest first, each with its attempts (newest first) in one more query."""
    return (
        queryset.filter(endpoint_id=endpoint_id)
        .select_related("endpoint")
        .prefetch_related(Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("-number")))
        .order_by("-created_at", "-pk")
    )


def delivery_get(*, tenant: Tenant, endpoint_id, delivery_id) -> WebhookDelivery:
    """One delivery of one of the tenant's endpoints, with its attempts; another's is not found."""
    delivery = (
        delivery_log(WebhookDelivery.objects.for_tenant(tenant), endpoint_id=endpoint_id)
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        raise NotFoundError("Delivery not found.")
    return delivery
