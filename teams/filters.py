"""The audit log's filters, shared by the API (``/audit-log``) and the dashboard's audit page."""

import django_filters
from django.db.models import Q

from accounts.models import AuditEntry
from hiresscope.filters import UtcIsoDateTimeFilter


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.UUIDFilter(
        method="filter_actor", help_text="A member's user id, or an API key's id: what they did."
    )
    action = django_filters.CharFilter(
        field_name="action", max_length=80, help_text="A dotted action name, e.g. member.invited."
    )
    targetType = django_filters.CharFilter(field_name="target_type", max_length=60, help_text="e.g. member")
    targetId = django_filters.CharFilter(field_name="target_id", max_length=64)
    since = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="From this time (ISO 8601), inclusive."
    )
    until = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="Before this time (ISO 8601)."
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "targetType", "targetId", "since", "until"]

    def filter_actor(self, queryset, name, value):
        return queryset.filter(Q(actor_user_id=value) | Q(api_key_id=value))
