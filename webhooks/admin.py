from django.contrib import admin

from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "tenant", "enabled", "failing_since", "disabled_reason", "created_at"]
    list_filter = ["enabled"]
    search_fields = ["url", "tenant__name"]
    # The encrypted secrets stay out of the form: operators never need to see or edit them.
    exclude = ["secret_encrypted", "previous_secret_encrypted"]
    raw_id_fields = ["tenant", "created_by"]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "manual",
        "at",
        "succeeded",
        "status_code",
        "latency_ms",
        "error",
        "response_excerpt",
    ]
    exclude = ["tenant"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["message_id", "event_type", "endpoint", "status", "attempt_count", "next_attempt_at"]
    list_filter = ["status", "event_type"]
    search_fields = ["message_id"]
    raw_id_fields = ["tenant", "endpoint", "event"]
    inlines = [WebhookAttemptInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["type", "tenant", "created_at", "published_at"]
    list_filter = ["type"]
    raw_id_fields = ["tenant"]
