import django_filters

from webhooks.models import DeliveryStatus, WebhookDelivery


class DeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    eventType = django_filters.CharFilter(field_name="event_type", help_text="e.g. application.scored")

    class Meta:
        model = WebhookDelivery
        fields = ["status", "eventType"]
