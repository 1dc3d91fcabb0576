from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """Job rubrics, re-scoring runs, job-description reviews and matching in both directions.

    The pure packages beside this app (``scoring.parsing``, ``scoring.engine``, ``scoring.semantic``,
    ``scoring.optimizer``) have no ORM; this app stores and serves what they compute.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"

    def ready(self) -> None:
        from candidates import pipeline
        from candidates.models import ProcessingStatus
        from scoring import tasks

        # The CV pipeline (candidates) may not import this app: the score step is plugged into it here.
        pipeline.step_register(statuses=[ProcessingStatus.SCORING], task=tasks.application_score)
