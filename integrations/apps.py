from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """The seeds' foreign APIs served over our own data: HrFlow's ``GET /jobs/scoring`` and b2d's
    ``GET /jobs/list``. An interface like ``api/`` of the other apps: it imports from them, never the
    other way round, and has no models of its own. Each adapter keeps its seed's credentials, key names
    and error bodies; permissions come from the same table as every tenant route."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
