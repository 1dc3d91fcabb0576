"""List filter backends: ``?ordering=`` with the API's camelCase names (``ordering=-score,createdAt``),
and django-filter that costs nothing when no filter is asked for."""

import re
from datetime import UTC

from django import forms
from django.db.models import F
from django.utils import timezone
from django_filters.fields import IsoDateTimeField
from django_filters.filters import IsoDateTimeFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend


class CamelOrderingFilter(BaseFilterBackend):
    """Orders by the view's ``ordering_fields`` ({"apiName": "model_field" or an expression}); nulls last.

    Unknown names are a 400, not silently ignored: a client sorting by a typo should find out.
    """

    param = "ordering"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        allowed: dict[str, str] = getattr(view, "ordering_fields", {})
        if not raw:
            return queryset.order_by(*getattr(view, "ordering", ()))
        if not re.fullmatch(self._pattern(allowed), raw):
            unknown = next(
                (item.lstrip("-") for item in raw.split(",") if item.lstrip("-") not in allowed), raw
            )
            raise ValidationError(
                {self.param: [f"Cannot order by '{unknown}'. Choose from: {', '.join(allowed)}."]}
            )
        return order_by_names(queryset, raw.split(","), allowed)

    @staticmethod
    def _pattern(fields) -> str:
        """What ``ordering`` accepts, exactly: the code checks it and the OpenAPI schema publishes it."""
        one = "-?(?:" + "|".join(re.escape(name) for name in fields) + ")"
        return f"{one}(?:,{one})*"

    def get_schema_operation_parameters(self, view):
        fields = list(getattr(view, "ordering_fields", {}))
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": f"Comma-separated; prefix '-' for descending. One of: {', '.join(fields)}.",
                "schema": {"type": "string", "pattern": f"^(?:{self._pattern(fields)})?$"},
            }
        ]


def order_by_names(queryset, names: list[str], allowed: dict):
    """Order by API sort names (``["-score", "createdAt"]``, each a key of ``allowed``), nulls last, then
    by primary key. Shared by the API's ``?ordering=`` and the dashboard's sort links."""
    expressions = []
    for item in names:
        descending = item.startswith("-")
        name = item.lstrip("-")
        # A field name, or an expression (a case-insensitive name, a stage's rank): as an expression
        # it exists only in ORDER BY, so COUNT(*) and filters never pay for its joins.
        field = F(allowed[name]) if isinstance(allowed[name], str) else allowed[name]
        expressions.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
    expressions.append(F("pk").asc())  # a stable order keeps pagination from repeating rows
    return queryset.order_by(*expressions)


class QueryFilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the query string names none of the view's filters.

    A FilterSet given no parameter filters nothing, but building and validating its form still costs
    about a millisecond per request; most list calls (a dashboard's first page) send no filter at all.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        if not names_a_filter(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def names_a_filter(query_params, filterset_class) -> bool:
    """Whether the query string names one of the FilterSet's filters (a parameter that starts with a
    filter's name counts, so suffixed range parameters do)."""
    names = filterset_class.base_filters
    return any(param.startswith(name) for param in query_params for name in names)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, handed to the database in UTC.

    Python reads offsets up to ±23:59 and PostgreSQL stores only up to ±15:59, so a moment is turned
    into UTC before it reaches a query; one that has no UTC equivalent (year 1 minus an offset) is a 400.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        try:
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                "Enter a moment between the years 1 and 9999 in UTC.", code="invalid"
            ) from None


class UtcIsoDateTimeFilter(IsoDateTimeFilter):
    """``?since=`` / ``?until=`` style filters: ISO 8601, compared in UTC (see :class:`UtcIsoDateTimeField`)."""

    field_class = UtcIsoDateTimeField
