from django.contrib import admin, messages

from accounts.actors import Actor
from hiresscope.exceptions import DomainError
from webhooks.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import delivery_redeliver


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
    actions = ["redeliver"]

    @admin.action(description="Redeliver (same webhook-id, a new attempt sequence now)")
    def redeliver(self, request, queryset):
        # The API's redeliver service, delivery by delivery: a disabled endpoint refuses its own.
        sent = 0
        for delivery in queryset.select_related("endpoint"):
            try:
                delivery_redeliver(delivery=delivery, by=Actor.member(request.user))
            except DomainError as exc:
                self.message_user(request, f"{delivery.message_id}: {exc.message}", messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(request, f"Redelivering {sent} delivery(ies).", messages.SUCCESS)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["type", "tenant", "created_at", "published_at"]
    list_filter = ["type"]
    raw_id_fields = ["tenant"]
