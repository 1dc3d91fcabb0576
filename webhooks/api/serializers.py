import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hiresscope.serializer_fields import InputSerializer, MultiLineCharField, SingleLineCharField
from webhooks.models import (
    ALL_EVENTS,
    DeliveryStatus,
    EventType,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

EVENT_CHOICES = [ALL_EVENTS, *EventType.values]


class WebhookEndpointInput(InputSerializer):
    url = SingleLineCharField(
        max_length=2000,
        help_text="http(s) URL on a public address, without credentials. Checked again before every delivery.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        allow_empty=False,
        min_length=1,
        max_length=len(EVENT_CHOICES),
        help_text='Event types to receive; ["*"] receives every type, including types added later.',
    )
    description = MultiLineCharField(max_length=200, required=False, allow_blank=True, default="")
    enabled = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Enabling again clears the failure record; disabling stops the pending deliveries.",
    )


class WebhookEndpointOutput(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "events",
            "enabled",
            "disabled_at",
            "disabled_reason",
            "failing_since",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "disabled_reason": {
                "help_text": "Why it is disabled: by hand, a 410 answer, or days of failures."
            },
            "failing_since": {
                "help_text": "First failed attempt since the last success; null while healthy."
            },
            "previous_secret_expires_at": {
                "help_text": "After a rotation, the old secret also signs until this time."
            },
        }


class WebhookEndpointCreatedOutput(WebhookEndpointOutput):
    secret = serializers.CharField(
        read_only=True, help_text="whsec_… signing secret. Shown only in this response: store it now."
    )

    class Meta(WebhookEndpointOutput.Meta):
        fields = [*WebhookEndpointOutput.Meta.fields, "secret"]


class WebhookSecretOutput(serializers.Serializer):
    id = serializers.UUIDField()
    secret = serializers.CharField(help_text="The new whsec_… secret, shown only in this response.")
    previous_secret_expires_at = serializers.DateTimeField(
        help_text="Until then deliveries carry signatures with both the new and the previous secret."
    )


class WebhookAttemptOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = [
            "id",
            "number",
            "manual",
            "at",
            "succeeded",
            "status_code",
            "latency_ms",
            "error",
            "response_excerpt",
        ]


class WebhookDeliveryOutput(serializers.ModelSerializer):
    endpoint_id = serializers.UUIDField(read_only=True)
    event_id = serializers.UUIDField(read_only=True, allow_null=True)
    message_id = serializers.CharField(
        read_only=True, help_text="Sent as the webhook-id header: the same on every retry and redelivery."
    )
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    payload = serializers.SerializerMethodField(help_text="The body sent: {type, timestamp, data}.")
    attempts = WebhookAttemptOutput(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint_id",
            "event_id",
            "message_id",
            "event_type",
            "status",
            "attempt_count",
            "next_attempt_at",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "succeeded_at",
            "created_at",
            "payload",
            "attempts",
        ]
        extra_kwargs = {
            "next_attempt_at": {"help_text": "While PENDING: when the next attempt is due."},
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, delivery: WebhookDelivery) -> dict:
        return json.loads(delivery.body)
