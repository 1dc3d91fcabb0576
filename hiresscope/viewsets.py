"""The tenant-scoped bases every tenant API view inherits.

Scoping is not optional: the queryset always starts from ``Model.objects.for_tenant(request.tenant)``
and subclasses may narrow it (``scope_queryset``) but may not replace ``get_queryset``/``get_object``;
the class refuses to be defined if they try. An object of another tenant is therefore
indistinguishable from a missing one: both are the same 404.

Permissions are not optional either: each view declares the permission every action needs in
``action_permissions`` (``hiresscope.permissions.Perm``), and the base checks it. A subclass may add
checks (``extra_permission_classes``) but may not replace ``permission_classes`` or
``get_permissions``, and a class with an action it declares no permission for is refused at
definition.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from rest_framework import viewsets
from rest_framework.views import APIView

from hiresscope.exceptions import NotFoundError
from hiresscope.permissions import HasActionPermission, IsTenantMember, Perm

_SEALED_QUERY = ("get_queryset", "get_object")
_SEALED_PERMISSIONS = ("permission_classes", "get_permissions")
_MODEL_ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
_HTTP_HANDLERS = ("get", "post", "put", "patch", "delete")


class _DeclaredPermissions:
    """Shared by both bases: the sealed permission classes and the per-action declaration."""

    permission_classes = [IsTenantMember, HasActionPermission]
    extra_permission_classes: tuple = ()
    action_permissions: dict[str, Perm] = {}
    # An intermediate base that declares no actions of its own sets this in its body.
    abstract_view = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in _SEALED_PERMISSIONS:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} sets {name}; declare action_permissions and add checks in "
                    "extra_permission_classes instead."
                )
        if cls.__dict__.get("abstract_view", False):
            return
        missing = [action for action in cls.declared_actions() if action not in cls.action_permissions]
        if missing:
            raise TypeError(f"{cls.__name__} declares no permission for: {', '.join(sorted(missing))}.")
        unknown = [action for action in cls.action_permissions if not callable(getattr(cls, action, None))]
        if unknown:
            raise TypeError(
                f"{cls.__name__} declares permissions for actions it lacks: {', '.join(unknown)}."
            )

    @classmethod
    def declared_actions(cls) -> list[str]:
        raise NotImplementedError

    def get_permissions(self):
        return [permission() for permission in (*self.permission_classes, *self.extra_permission_classes)]

    def current_action(self) -> str | None:
        raise NotImplementedError

    def required_permission(self) -> Perm | None:
        """The permission this request's action needs; ``None`` for OPTIONS and for unrouted methods."""
        action = self.current_action()
        if action is None:
            return None
        if action not in self.action_permissions:
            # Unreachable through as_view()'s check; should it happen, refuse rather than let it through.
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission for {action}.")
        return self.action_permissions[action]


class TenantScopedViewSet(_DeclaredPermissions, viewsets.GenericViewSet):
    model: type[Model]
    lookup_field = "pk"
    lookup_value_converter = "uuid"

    def __init_subclass__(cls, **kwargs):
        for name in _SEALED_QUERY:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} overrides {name}(); narrow the tenant queryset in scope_queryset() instead."
                )
        super().__init_subclass__(**kwargs)

    @classmethod
    def declared_actions(cls) -> list[str]:
        """The actions known at class definition: the model actions and the ``@action`` methods.

        A plain method routed by ``as_view({"get": "suggest"})`` is only known when routed: ``as_view``
        refuses a mapping to an action without a declared permission.
        """
        standard = [name for name in _MODEL_ACTIONS if callable(getattr(cls, name, None))]
        return standard + [action.__name__ for action in cls.get_extra_actions()]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        undeclared = sorted(set((actions or {}).values()) - set(cls.action_permissions))
        if undeclared and not cls.__dict__.get("abstract_view", False):
            raise TypeError(
                f"{cls.__name__} is routed to actions without a permission: {', '.join(undeclared)}."
            )
        return super().as_view(actions, **initkwargs)

    def current_action(self) -> str | None:
        if self.request.method == "OPTIONS":
            return None
        # An unrouted method has no action: DRF answers 405 after the permission check lets it through.
        return self.action

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


class TenantScopedAPIView(_DeclaredPermissions, APIView):
    """A tenant route that is not a model collection (settings, usage, analytics, the seeds' adapters).

    ``action_permissions`` is keyed by handler name (``"get"``, ``"post"``, ...); ``self.tenant`` is the
    credential's tenant, the only tenant such a view may read.
    """

    @classmethod
    def declared_actions(cls) -> list[str]:
        return [name for name in _HTTP_HANDLERS if callable(getattr(cls, name, None))]

    def current_action(self) -> str | None:
        method = self.request.method.lower()
        if method == "options":
            return None
        handler = "get" if method == "head" else method
        # A method without a handler has no action: DRF answers 405 after the permission check.
        return handler if handler in self.declared_actions() else None

    @property
    def tenant(self):
        return self.request.auth.tenant
