from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class HireScopeConfig(AppConfig):
    name = "hiresscope"
    verbose_name = "HireScope"

    def ready(self) -> None:
        # Registers the OpenAPI security schemes for our authentication classes.
        from hiresscope import schema  # noqa: F401


class HireScopeAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with our site class as ``admin.site`` (a throttled login)."""

    default = False  # named in INSTALLED_APPS; "hiresscope" itself stays HireScopeConfig

    default_site = "hiresscope.admin_site.HireScopeAdminSite"
