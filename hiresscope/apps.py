from django.apps import AppConfig


class HireScopeConfig(AppConfig):
    name = "hiresscope"
    verbose_name = "HireScope"

    def ready(self) -> None:
        # Registers the OpenAPI security schemes for our authentication classes.
        from hiresscope import schema  # noqa: F401
