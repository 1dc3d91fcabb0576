"""Scoring data: job rubrics (versioned), CV analyses, re-scoring runs and job-description reviews."""

import uuid

from django.db import models
from django.utils import timezone

from accounts.models import TenantOwnedModel


class RubricSource(models.TextChoices):
    """Who wrote a rubric version."""

    EXTRACTED = "EXTRACTED", "Extracted from the job by the engine"
    EMPLOYER = "EMPLOYER", "Set by the employer"


class JobRubric(TenantOwnedModel):
    """One version of a job's scoring rubric. The highest version is the job's current rubric.

    A new version is written only when the content changes (``content_hash`` covers the requirements,
    their weights and knock-outs, and the title and description the similarity components read), and
    each new version starts a :class:`RescoreRun` over the job's applications.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="rubrics")
    version = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=RubricSource.choices)
    rubric = models.JSONField(help_text="Requirements as the API shows them (schemaVersion, requirements[]).")
    title = models.CharField(max_length=200)
    description = models.TextField()
    content_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=16)
    embedding = models.BinaryField(
        null=True, blank=True, help_text="Sentence vectors of the rubric, on first use."
    )
    encoder = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "-version"]
        constraints = [models.UniqueConstraint(fields=["job", "version"], name="rubric_job_version_unique")]

    def __str__(self) -> str:
        return f"{self.job_id} v{self.version}"


class CvAnalysis(models.Model):
    """What scoring needs from one application's CV, computed once after parsing.

    Kept off the application row so lists of applications never load these blobs: the engine's
    job-independent features (JSON) and the sentence-embedding vectors (int8 rows, ~20 KB).
    """

    application = models.OneToOneField(
        "candidates.Application", on_delete=models.CASCADE, primary_key=True, related_name="analysis"
    )
    features = models.JSONField()
    embedding = models.BinaryField(null=True, blank=True)
    encoder = models.CharField(max_length=64, blank=True, help_text="Encoder of the vectors; blank = none.")
    engine_version = models.CharField(max_length=40, help_text="engine.ANALYSIS_VERSION that made it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"analysis of {self.application_id}"


class RescoreReason(models.TextChoices):
    RUBRIC_CHANGED = "RUBRIC_CHANGED", "The rubric changed"
    ENGINE_CHANGED = "ENGINE_CHANGED", "The engine or encoder version changed"
    MANUAL = "MANUAL", "Requested"


class RescoreStatus(models.TextChoices):
    QUEUED = "QUEUED", "Queued"
    RUNNING = "RUNNING", "Running"
    DONE = "DONE", "Done"
    SUPERSEDED = "SUPERSEDED", "Superseded by a newer run"
    FAILED = "FAILED", "Failed"


class RescoreRun(TenantOwnedModel):
    """Re-scoring a job's applications from their stored profiles, in batches, with visible progress.

    ``cursor`` is the last application id done, so a redelivered batch task resumes where the last one
    stopped; applications whose stored input hash already matches are skipped, so a run is idempotent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="rescore_runs")
    rubric = models.ForeignKey(JobRubric, on_delete=models.CASCADE, related_name="runs")
    reason = models.CharField(max_length=16, choices=RescoreReason.choices)
    status = models.CharField(
        max_length=10, choices=RescoreStatus.choices, default=RescoreStatus.QUEUED, db_index=True
    )
    engine_version = models.CharField(max_length=16)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    cursor = models.UUIDField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(
        default=timezone.now,
        help_text="The last sign of life: creation, a batch done, a resume. The resume sweep watches it.",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"rescore {self.job_id} ({self.status} {self.processed}/{self.total})"


class ReviewTrigger(models.TextChoices):
    CREATED = "CREATED", "Job created"
    DESCRIPTION_CHANGED = "DESCRIPTION_CHANGED", "Description changed"
    MANUAL = "MANUAL", "Requested"


class JobReview(TenantOwnedModel):
    """One run of the job-description optimizer over a job (history kept, newest first)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="reviews")
    trigger = models.CharField(max_length=20, choices=ReviewTrigger.choices)
    optimizer_version = models.CharField(max_length=16)
    input_hash = models.CharField(max_length=64)
    report = models.JSONField()
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["job", "-created_at"], name="review_job_created")]

    def __str__(self) -> str:
        return f"review of {self.job_id} at {self.created_at:%Y-%m-%d %H:%M}"
