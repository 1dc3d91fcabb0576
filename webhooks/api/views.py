from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from hiresscope.filters import QueryFilterBackend
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.throttling import client_ip
from hiresscope.viewsets import TenantScopedViewSet
from webhooks.api import serializers as s
from webhooks.api.filters import DeliveryFilter
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.selectors import delivery_log, endpoint_get
from webhooks.services import (
    delivery_redeliver,
    endpoint_create,
    endpoint_delete,
    endpoint_secret_rotate,
    endpoint_test,
    endpoint_update,
)

UNSAFE_URL = error_response(
    400, "Validation failed, or unsafe_url: not http(s), credentials, or a non-public address"
)


@extend_schema(tags=["webhooks"])
class WebhookEndpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantScopedViewSet):
    """``/webhooks``: the tenant's endpoints. Employer sessions and API keys may manage them."""

    action_permissions = {
        "list": Perm.WEBHOOKS_READ,
        "retrieve": Perm.WEBHOOKS_READ,
        "create": Perm.WEBHOOKS_MANAGE,
        "partial_update": Perm.WEBHOOKS_MANAGE,
        "destroy": Perm.WEBHOOKS_MANAGE,
        "test": Perm.WEBHOOKS_MANAGE,
        "rotate_secret": Perm.WEBHOOKS_MANAGE,
    }

    model = WebhookEndpoint
    serializer_class = s.WebhookEndpointOutput

    @extend_schema(operation_id="webhooks_list", summary="List webhook endpoints")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(operation_id="webhooks_retrieve", summary="Get one webhook endpoint")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="webhooks_create",
        summary="Create a webhook endpoint (its secret is returned once)",
        request=s.WebhookEndpointInput,
        responses={201: s.WebhookEndpointCreatedOutput, 400: UNSAFE_URL},
    )
    def create(self, request):
        data = s.WebhookEndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = endpoint_create(
            tenant=self.tenant, by=request.auth.actor, ip=client_ip(request), **data.validated_data
        )
        endpoint.secret = secret
        return Response(s.WebhookEndpointCreatedOutput(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="webhooks_update",
        summary="Change URL, events, description or enabled (partial)",
        request=s.WebhookEndpointInput(partial=True),
        responses={200: s.WebhookEndpointOutput, 400: UNSAFE_URL},
    )
    def partial_update(self, request, pk=None):
        endpoint = self.get_object()
        data = s.WebhookEndpointInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        endpoint = endpoint_update(
            endpoint=endpoint, by=request.auth.actor, ip=client_ip(request), **data.validated_data
        )
        return Response(s.WebhookEndpointOutput(endpoint).data)

    @extend_schema(
        operation_id="webhooks_delete",
        summary="Delete an endpoint and its delivery log",
        responses={204: None},
    )
    def destroy(self, request, pk=None):
        endpoint_delete(endpoint=self.get_object(), by=request.auth.actor, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        operation_id="webhooks_test",
        summary="Send a webhook.test event now and return the attempt (5 s timeout, no retries)",
        request=None,
        responses={200: s.WebhookDeliveryOutput},
    )
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        delivery = endpoint_test(endpoint=self.get_object(), by=request.auth.actor)
        return Response(s.WebhookDeliveryOutput(delivery).data)

    @extend_schema(
        operation_id="webhooks_rotate_secret",
        summary="Rotate the secret (returned once); the old one keeps signing for 24 hours",
        request=None,
        responses={200: s.WebhookSecretOutput},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint, secret = endpoint_secret_rotate(
            endpoint=self.get_object(), by=request.auth.actor, ip=client_ip(request)
        )
        payload = {
            "id": endpoint.id,
            "secret": secret,
            "previous_secret_expires_at": endpoint.previous_secret_expires_at,
        }
        return Response(s.WebhookSecretOutput(payload).data)


@extend_schema(tags=["webhooks"], parameters=[OpenApiParameter("webhook_id", str, OpenApiParameter.PATH)])
class WebhookDeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantScopedViewSet):
    """``/webhooks/:id/deliveries``: the delivery log of one endpoint, with every attempt."""

    action_permissions = {
        "list": Perm.WEBHOOKS_READ,
        "retrieve": Perm.WEBHOOKS_READ,
        "redeliver": Perm.WEBHOOKS_MANAGE,
    }

    model = WebhookDelivery
    serializer_class = s.WebhookDeliveryOutput
    filter_backends = [QueryFilterBackend]
    filterset_class = DeliveryFilter

    def scope_queryset(self, queryset):
        return delivery_log(queryset, endpoint_id=self.kwargs["webhook_id"])

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        summary="Delivery log of an endpoint, newest first, with attempts (?status=, ?eventType=)",
    )
    def list(self, request, *args, **kwargs):
        # An unknown (or another tenant's) endpoint is a 404, not an empty log.
        endpoint_get(tenant=self.tenant, endpoint_id=kwargs["webhook_id"])
        return super().list(request, *args, **kwargs)

    @extend_schema(operation_id="webhooks_deliveries_retrieve", summary="One delivery with its attempts")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="webhooks_deliveries_redeliver",
        summary="Send a delivery again, with the same webhook-id (a new attempt sequence)",
        request=None,
        responses={202: s.WebhookDeliveryOutput, 409: error_response(409, "endpoint_disabled")},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, *args, **kwargs):
        delivery = delivery_redeliver(delivery=self.get_object(), by=request.auth.actor)
        return Response(s.WebhookDeliveryOutput(delivery).data, status=status.HTTP_202_ACCEPTED)
