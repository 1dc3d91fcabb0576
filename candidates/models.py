"""Candidates and their applications: the CV as received, its parsed profile and its score."""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from accounts.models import Tenant, TenantOwnedModel, TenantQuerySet


class SourceKind(models.TextChoices):
    """Where a source's profiles come from."""

    APPLICATIONS = "APPLICATIONS", "Applications (upload, bulk upload, public link)"
    TALENT_POOL = "TALENT_POOL", "Talent pool"
    IMPORT = "IMPORT", "Import"


def new_source_key() -> str:
    return f"src_{secrets.token_hex(12)}"


class Source(TenantOwnedModel):
    """A named group of candidate profiles (HrFlow's "source"): where the profiles come from.

    Every tenant has one default APPLICATIONS source, created on first use; candidates who arrive
    through an application land in it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    key = models.CharField(
        max_length=40,
        unique=True,
        default=new_source_key,
        editable=False,
        help_text="Public identifier used by HrFlow clients; never changes.",
    )
    kind = models.CharField(max_length=12, choices=SourceKind.choices, default=SourceKind.APPLICATIONS)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # Makes the lazy creation of the default source race-safe: a second insert fails, and loses.
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(is_default=True), name="source_one_default_per_tenant"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(TenantOwnedModel):
    """A person who applied to one of the tenant's jobs. One row per tenant and email."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, help_text="Blank only for bulk-uploaded CVs that show no email.")
    phone = models.CharField(max_length=40, blank=True)
    linkedin_url = models.URLField(max_length=300, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_profiles",
        help_text="The candidate's own account, once they register.",
    )
    # Keyed by the source's public key, so serializing a candidate's sourceKey costs no join.
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        to_field="key",
        db_column="source_key",
        null=True,
        blank=True,
        related_name="candidates",
        help_text="Where the profile came from; set when the candidate is created.",
    )
    # Set when this record was merged into another one; the row is kept so the merge can be undone.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="absorbed",
        help_text="The candidate this record was merged into; hidden from lists while set.",
    )
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Personal data erased (the candidate's request or the retention policy); statistics kept.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "tenant", Lower("email"), condition=~Q(email=""), name="candidate_unique_email_per_tenant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"


class ApplicationStatus(models.TextChoices):
    """Where the application stands in the employer's pipeline."""

    NEW = "NEW", "New"
    SHORTLISTED = "SHORTLISTED", "Shortlisted"
    INTERVIEW = "INTERVIEW", "Interview"
    OFFER = "OFFER", "Offer"
    HIRED = "HIRED", "Hired"
    REJECTED = "REJECTED", "Rejected"


class ProcessingStatus(models.TextChoices):
    """Where the CV stands in our machinery: queued → parsing → scoring → scored, or failed (retryable)."""

    QUEUED = "QUEUED", "Queued"
    PARSING = "PARSING", "Parsing"
    SCORING = "SCORING", "Scoring"
    SCORED = "SCORED", "Scored"
    FAILED = "FAILED", "Failed"


# Failure codes that mean the fault was ours, not the file's: a bug in parsing or scoring, or a document
# reader missing on the worker. Once fixed, such applications are re-run in bulk (``manage.py reprocess
# --failed-internal``); any other code (a scan, an encrypted file, no credits left) needs the user.
PARSER_ERROR = "parser_error"
SCORING_ERROR = "scoring_error"
# Processing stopped (a lost enqueue, a killed worker) and the stall sweep's restarts did not finish it.
PROCESSING_STALLED = "processing_stalled"
INTERNAL_FAILURE_CODES = frozenset({PARSER_ERROR, SCORING_ERROR, PROCESSING_STALLED, "doc_reader_missing"})


class ApplicationSource(models.TextChoices):
    """How the CV reached us."""

    UPLOAD = "UPLOAD", "Uploaded by the employer"
    BULK = "BULK", "Bulk upload by the employer"
    PUBLIC_LINK = "PUBLIC_LINK", "Submitted by the candidate through the public link"


def cv_upload_path(application: "Application", filename: str) -> str:
    # The stored name never uses the uploader's filename: it is kept separately, for display only.
    return f"cvs/{application.tenant_id}/{application.id}.{application.cv_kind}"


class Application(TenantOwnedModel):
    """One CV submitted to one job, with everything derived from it.

    The parsed profile is stored so a changed job or a new engine version re-scores without
    re-parsing; the score keeps the engine version that produced it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="applications")
    # Null only between a bulk upload without contact details and the parse that reads them from the CV.
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="applications", null=True, blank=True
    )
    source = models.CharField(
        max_length=12, choices=ApplicationSource.choices, default=ApplicationSource.UPLOAD
    )
    consent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the candidate consented to processing (public link)."
    )
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.NEW)
    processing_status = models.CharField(
        max_length=8, choices=ProcessingStatus.choices, default=ProcessingStatus.QUEUED, db_index=True
    )
    failure_code = models.CharField(max_length=40, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    processing_attempts = models.PositiveSmallIntegerField(default=0)
    processing_sweeps = models.PositiveSmallIntegerField(
        default=0, help_text="Times the stall sweep re-queued it since it was submitted or last retried."
    )
    processing_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current step began."
    )
    parsed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    cv_file = models.FileField(upload_to=cv_upload_path, max_length=200)
    cv_filename = models.CharField(max_length=255, help_text="The name the file was uploaded with.")
    cv_kind = models.CharField(max_length=8, help_text="File type judged from the content: pdf, docx, txt.")
    cv_size = models.PositiveIntegerField()
    cv_sha256 = models.CharField(max_length=64)

    parsed_profile = models.JSONField(null=True, blank=True)
    parser_version = models.CharField(max_length=20, blank=True)
    # What the last parse could not read (a field left empty, the CV still scored): the profile's own
    # warnings, copied here so the application's detail shows them without reading the profile.
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text='Fields the parse left empty: [{"code": "phones_failed", "message": "..."}].',
    )

    score = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    score_breakdown = models.JSONField(null=True, blank=True)
    explanation = models.JSONField(null=True, blank=True)
    # The explanation is ~10 KB (quoted evidence) and stored out of line; exports and lists of thousands
    # of rows read this small summary instead. Written with the score (candidates.explanations).
    must_haves = models.JSONField(
        null=True, blank=True, help_text='Must-haves by verdict: {"matched": [...], "missing": [...]}.'
    )
    # ?search= reads this, not the candidate, so a search costs what the job's matches cost (migration
    # 0011: kept by triggers on PostgreSQL; empty on SQLite, which searches through the candidate).
    search_text = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="UPPER(candidate name + newline + email), kept by database triggers (PostgreSQL).",
    )
    engine_version = models.CharField(max_length=20, blank=True)
    rubric_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Job rubric version scored against."
    )
    score_input_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of engine version, rubric, CV text and encoder behind the score.",
    )
    scored_at = models.DateTimeField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    status_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a person last moved the application between stages."
    )

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        # Every read of applications names the tenant (and mostly the job); bench/pipeline.py and
        # docs/performance.md show the plans these two indexes give at 1M rows.
        indexes = [
            # A job's list, newest first (deep pages too) and the daily trend. The trailing columns
            # (after id they do not change the order) make counts, stage/score filters and analytics
            # index-only scans; key columns rather than INCLUDE, which SQLite lacks.
            models.Index(
                fields=[
                    *("tenant", "job", "-created_at", "id"),
                    *("status", "processing_status", "score", "candidate"),
                ],
                name="application_job_created",
            ),
            # A job's list by score, best first: NULLS LAST as the API sorts, so no sort step.
            models.Index(
                models.F("tenant"),
                models.F("job"),
                models.F("score").desc(nulls_last=True),
                models.F("id"),
                name="application_job_score_rank",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "candidate"], name="application_one_per_candidate_and_job"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="application_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job}"


class JobApplicationTally(models.Model):
    """How many applications a job has, kept by database triggers (PostgreSQL, migration 0012).

    A job's unfiltered list shows its total on every page; counting a big job's index entries grows with
    the job (50,000 entries, 6-10 ms at 1M rows, docs/performance.md) while the sum of its tally is a
    handful of rows. Statement-level triggers on applications add each insert, delete or move of job,
    so no write path can forget it. Each transaction adds to one of eight rows of the job (picked by
    its transaction id), so concurrent applications to one job rarely queue on one row; the count is
    the sum. SQLite keeps no tally: the demo's lists count their rows.

    No foreign keys: the triggers write here while Django deletes a tenant's or a job's rows in its own
    order, and a constraint would refuse the decrement of a row already collected. A job's hard delete
    removes its tally (trigger on jobs).
    """

    # Reads name the job (the unique index below); no index of their own.
    tenant = models.ForeignKey(
        Tenant, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    shard = models.PositiveSmallIntegerField()
    applications = models.IntegerField(help_text="Applications added minus removed through this shard.")

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "shard"], name="job_application_tally_shard"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}[{self.shard}]: {self.applications}"


class ApplicationStatusChange(TenantOwnedModel):
    """One move of an application between pipeline stages: from where, to where, why, by whom, when.

    Rows are only ever added. The actor is kept as a label too, so the history still reads after the
    user or the API key is removed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_api_key = models.ForeignKey(
        "accounts.ApiKey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when an API key made the change on behalf of its owner.",
    )
    actor_label = models.CharField(max_length=200, help_text="Who made the change, as shown in the history.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["application", "created_at"], name="status_change_app_created")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


NOTE_MAX_LENGTH = 5000


class ApplicationNote(TenantOwnedModel):
    """A team member's note on an application; members it @mentions were emailed a link to it.

    Notes are only ever added. The author is kept as a label too, so a note still says who wrote it after
    the user is removed. ``mentions`` holds the users the note named (at the time, members of the tenant).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_label = models.CharField(max_length=200, help_text="Who wrote the note, as shown beside it.")
    body = models.TextField(max_length=NOTE_MAX_LENGTH)
    mentions = models.ManyToManyField("accounts.User", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="note_app_created")]

    def __str__(self) -> str:
        return f"Note on {self.application_id} by {self.author_label}"


class TalentPoolEntry(TenantOwnedModel):
    """A candidate the employer keeps for future jobs. One entry per candidate; the department tags it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="pool_entries")
    department = models.CharField(max_length=120, blank=True)
    job = models.ForeignKey(
        "jobs.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The job the candidate was saved from, if any.",
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The application whose score and CV brought them in.",
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Score when saved.")
    note = models.CharField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "talent pool entries"
        indexes = [models.Index(fields=["tenant", "department"], name="talent_pool_tenant_department")]
        constraints = [
            models.UniqueConstraint(fields=["candidate"], name="talent_pool_one_entry_per_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ({self.department or 'no department'})"


class CandidateMerge(TenantOwnedModel):
    """Two records of one person made one: ``absorbed``'s applications and pool entry moved to ``survivor``.

    What moved is recorded by id, so undoing the merge moves exactly those rows back.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges_received")
    absorbed = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges_given")
    moved_application_ids = models.JSONField(default=list, blank=True)
    moved_pool_entry_ids = models.JSONField(default=list, blank=True)
    merged_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["absorbed"], condition=Q(undone_at__isnull=True), name="candidate_merge_one_live"
            ),
            models.CheckConstraint(
                condition=~Q(survivor=models.F("absorbed")), name="candidate_merge_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"


class ReviewRequestStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    RESOLVED = "RESOLVED", "Resolved"


class ScoreReviewRequest(TenantOwnedModel):
    """A candidate asking a person at the employer to review the automated score of their application."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="review_requests")
    message = models.TextField(max_length=2000, blank=True, help_text="What the candidate wants reviewed.")
    status = models.CharField(
        max_length=8, choices=ReviewRequestStatus.choices, default=ReviewRequestStatus.OPEN, db_index=True
    )
    resolution = models.TextField(max_length=2000, blank=True, help_text="What the reviewer concluded.")
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open request per application: asking twice adds nothing a reviewer must do twice.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="OPEN"),
                name="review_request_one_open_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.application_id} ({self.status})"


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key``, replayed when the request is retried.

    ``scope`` names who sent it (a tenant, or a public link and client), so keys never collide across
    callers; ``fingerprint`` catches a key reused for a different request.
    """

    id = models.BigAutoField(primary_key=True)
    scope = models.CharField(max_length=120)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Null while in flight."
    )
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="idempotency_unique_scope_key")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
