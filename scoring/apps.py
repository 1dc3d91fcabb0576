from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """Job rubrics, re-scoring runs, job-description reviews and matching in both directions.

    The pure packages beside this app (``scoring.parsing``, ``scoring.engine``, ``scoring.semantic``,
    ``scoring.optimizer``) have no ORM; this app stores and serves what they compute.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"

    def ready(self) -> None:
        # Other apps queue scoring tasks by name (they may not import this app); register them now.
        from scoring import tasks  # noqa: F401
