"""The tenant-scoped base every tenant API view inherits.

Scoping is not optional: the queryset always starts from ``Model.objects.for_tenant(request.tenant)``
and subclasses may narrow it (``scope_queryset``) but may not replace ``get_queryset``/``get_object``;
the class refuses to be defined if they try. An object of another tenant is therefore
indistinguishable from a missing one: both are the same 404.
"""

from django.db.models import Model, QuerySet
from rest_framework import viewsets

from hiresscope.exceptions import NotFoundError

_SEALED = ("get_queryset", "get_object")


class TenantScopedViewSet(viewsets.GenericViewSet):
    model: type[Model]
    lookup_field = "pk"
    lookup_value_converter = "uuid"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in _SEALED:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} overrides {name}(); narrow the tenant queryset in scope_queryset() instead."
                )

    @property
    def tenant(self):
        return self.request.auth.tenant

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        # Blind review (a tenant setting) hides who the candidates are from whoever reads the answer;
        # the serializers that show a person read it from here.
        return {**context, "blind_review": self.tenant.blind_review}

    def scope_queryset(self, queryset: QuerySet) -> QuerySet:
        """Narrow the tenant's queryset for this view (related loads, URL parents, soft deletes)."""
        return queryset

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no request tenant
            return self.model.objects.none()
        return self.scope_queryset(self.model.objects.for_tenant(self.tenant))

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        obj = queryset.filter(**{self.lookup_field: self.kwargs[lookup_url_kwarg]}).first()
        if obj is None:
            raise NotFoundError(f"{self.model._meta.verbose_name.capitalize()} not found.")
        self.check_object_permissions(self.request, obj)
        return obj
