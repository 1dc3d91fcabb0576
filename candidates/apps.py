from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    """Candidates, applications and their CV processing pipeline (``candidates.pipeline``)."""

    name = "candidates"

    def ready(self) -> None:
        from candidates import pipeline, tasks
        from candidates.models import ProcessingStatus

        # The parse step moves QUEUED (and a PARSING one whose worker was lost) applications on.
        pipeline.step_register(
            statuses=[ProcessingStatus.QUEUED, ProcessingStatus.PARSING], task=tasks.application_parse
        )
