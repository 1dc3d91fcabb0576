"""``?ordering=`` with the API's camelCase names: ``ordering=-score,createdAt``."""

from django.db.models import F
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
        expressions = []
        for item in (part.strip() for part in raw.split(",") if part.strip()):
            descending = item.startswith("-")
            name = item.lstrip("-")
            if name not in allowed:
                raise ValidationError(
                    {self.param: [f"Cannot order by '{name}'. Choose from: {', '.join(allowed)}."]}
                )
            # A field name, or an expression (a case-insensitive name, a stage's rank): as an expression
            # it exists only in ORDER BY, so COUNT(*) and filters never pay for its joins.
            field = F(allowed[name]) if isinstance(allowed[name], str) else allowed[name]
            expressions.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
        expressions.append(F("pk").asc())  # a stable order keeps pagination from repeating rows
        return queryset.order_by(*expressions)

    def get_schema_operation_parameters(self, view):
        names = ", ".join(getattr(view, "ordering_fields", {}))
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": f"Comma-separated; prefix '-' for descending. One of: {names}.",
                "schema": {"type": "string"},
            }
        ]
