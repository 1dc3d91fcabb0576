from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A candidate's export and erasure cover their assessments too; candidates never imports us.
        from assessments import privacy

        privacy.register()
