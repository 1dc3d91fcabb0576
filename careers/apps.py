from django.apps import AppConfig


class CareersConfig(AppConfig):
    """The candidates' HTML site: companies' job boards, applying, and the candidate's own account."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "careers"
