"""Assessments: tests a tenant sends candidates, taken in the browser and scored per category.

A :class:`AssessmentDefinition` is what the employer edits; its questions live in immutable
:class:`AssessmentVersion` snapshots, so a candidate always takes (and is scored against) the version
they were invited to, whatever is edited afterwards. An :class:`AssessmentInvitation` is one candidate's
attempt: the single-use link, the timer, the answers (:class:`AssessmentAnswer`), the proctoring
signals (:class:`ProctoringSignal`) and the result, shaped like HiringBranch's ``ScoreResponseDto``.
"""

import uuid

from django.db import models
from django.db.models import Q

from accounts.models import TenantOwnedModel


class QuestionKind(models.TextChoices):
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE", "Multiple choice"
    NUMERIC = "NUMERIC", "Numeric"
    SHORT_TEXT = "SHORT_TEXT", "Short text (rubric)"
    TYPING = "TYPING", "Typing passage"
    SPOKEN = "SPOKEN", "Spoken answer"


class AssessmentDefinition(TenantOwnedModel):
    """A tenant's assessment, as the employer names and edits it. Its questions are in its versions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    library_key = models.SlugField(
        max_length=40, blank=True, help_text="Set on definitions seeded from the ready-made library."
    )
    current_version = models.ForeignKey(
        "AssessmentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text="Archived definitions take no new invitations; results stay."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "created_at"]
        constraints = [
            # Seeding the library twice (two requests at once) cannot make two copies.
            models.UniqueConstraint(
                fields=["tenant", "library_key"], condition=~Q(library_key=""), name="assessment_library_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentVersion(TenantOwnedModel):
    """One immutable snapshot of a definition's rules and questions (``content``: docs/assessments.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(AssessmentDefinition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    time_limit_minutes = models.PositiveSmallIntegerField()
    pass_threshold = models.PositiveSmallIntegerField(help_text="Total score (0-100) at or above which PASS.")
    low_pass_threshold = models.PositiveSmallIntegerField(
        help_text="Total score at or above which LOW_PASS (below the pass threshold); under it FAIL."
    )
    content = models.JSONField(help_text="Categories with weights and questions (docs/assessments.md).")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="assessment_version_number_unique"),
            models.CheckConstraint(
                condition=Q(low_pass_threshold__lte=models.F("pass_threshold")) & Q(pass_threshold__lte=100),
                name="assessment_version_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} v{self.number}"


class AssessmentStatus(models.TextChoices):
    """HiringBranch's ``AssessmentStatus``: where the candidate's attempt stands."""

    INVITED = "INVITED", "Invited"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETED = "COMPLETED", "Completed"


class ScoreStatus(models.TextChoices):
    """HiringBranch's ``ScoreStatus``: PENDING until finished and fully marked, then from the thresholds."""

    PENDING = "PENDING", "Pending"
    LOW_PASS = "LOW_PASS", "Low pass"
    PASS = "PASS", "Pass"
    FAIL = "FAIL", "Fail"


class CompletionReason(models.TextChoices):
    SUBMITTED = "SUBMITTED", "Submitted by the candidate"
    TIME_UP = "TIME_UP", "Time ran out"


class AssessmentInvitation(TenantOwnedModel):
    """One candidate's attempt at one version of an assessment, from the emailed link to the result.

    Only a SHA-256 digest of the link's token is stored; the token is minted when the email is sent,
    so it never travels through the broker. The link works for this one attempt: until it is completed
    or the invitation expires (an attempt already started runs to its own deadline). One open invitation
    per candidate and definition, so inviting again returns it (a completed one can be followed by a new
    invitation).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(AssessmentDefinition, on_delete=models.CASCADE, related_name="invitations")
    version = models.ForeignKey(AssessmentVersion, on_delete=models.PROTECT, related_name="invitations")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="assessment_invitations"
    )
    application = models.ForeignKey(
        "candidates.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_invitations",
    )
    status = models.CharField(
        max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.INVITED, db_index=True
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    extra_time_percent = models.PositiveSmallIntegerField(
        default=0, help_text="Accommodation: this much more time than the assessment's limit (e.g. 25, 50)."
    )
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(help_text="The link can be started until then.")
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(
        null=True, blank=True, help_text="Server time when answers stop counting."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    completion_reason = models.CharField(max_length=10, choices=CompletionReason.choices, blank=True)

    # The result (assessments/marking.py), recomputed whenever an answer is marked.
    score_status = models.CharField(max_length=10, choices=ScoreStatus.choices, default=ScoreStatus.PENDING)
    total_score = models.FloatField(null=True, blank=True)
    completion = models.FloatField(default=0, help_text="Answered questions, percent.")
    typing_wpm = models.FloatField(
        null=True, blank=True, help_text="Net words per minute (typing questions)."
    )
    typing_accuracy = models.FloatField(null=True, blank=True, help_text="Percent of characters right.")
    category_scores = models.JSONField(default=list, blank=True)
    awaiting_review = models.PositiveSmallIntegerField(default=0)
    red_flag = models.BooleanField(default=False)
    red_flag_reasons = models.JSONField(default=list, blank=True)
    completed_event_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "candidate"],
                condition=~Q(status="COMPLETED"),
                name="assessment_invitation_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "candidate"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} → {self.candidate_id} ({self.status})"


def recording_upload_path(answer: "AssessmentAnswer", filename: str) -> str:
    return (
        f"assessments/{answer.tenant_id}/{answer.invitation_id}/{answer.question_id}.{answer.recording_kind}"
    )


class AnswerMarking(models.TextChoices):
    UNANSWERED = "UNANSWERED", "Not answered"
    AUTO = "AUTO", "Marked automatically"
    AWAITING_REVIEW = "AWAITING_REVIEW", "Awaiting a reviewer"
    REVIEWED = "REVIEWED", "Marked by a reviewer"


class AssessmentAnswer(TenantOwnedModel):
    """The candidate's latest answer to one question (autosaved), and its marking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invitation = models.ForeignKey(AssessmentInvitation, on_delete=models.CASCADE, related_name="answers")
    question_id = models.SlugField(max_length=40)
    value = models.JSONField(null=True, blank=True, help_text="As the question kind takes it.")
    recording = models.FileField(upload_to=recording_upload_path, max_length=200, blank=True)
    recording_kind = models.CharField(max_length=8, blank=True)
    recording_seconds = models.FloatField(null=True, blank=True)
    typing_wpm = models.FloatField(null=True, blank=True)
    typing_accuracy = models.FloatField(null=True, blank=True)
    marking = models.CharField(max_length=16, choices=AnswerMarking.choices, default=AnswerMarking.UNANSWERED)
    points_awarded = models.FloatField(null=True, blank=True)
    rubric_met = models.JSONField(default=list, blank=True, help_text="Per rubric point: met or not.")
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    first_shown_at = models.DateTimeField(
        null=True, blank=True, help_text="When the question was first shown."
    )
    saved_count = models.PositiveIntegerField(default=0)
    first_saved_at = models.DateTimeField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invitation", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "question_id"], name="assessment_answer_one_per_question"
            )
        ]


class SignalKind(models.TextChoices):
    """What the taking page observed. Each is a fact with a time, never a verdict on its own."""

    TAB_HIDDEN = "TAB_HIDDEN", "Left the tab"
    WINDOW_BLUR = "WINDOW_BLUR", "Left the window"
    PASTE = "PASTE", "Pasted into an answer"
    FAST_ANSWER = "FAST_ANSWER", "Answered faster than reading allows"
    RESUMED = "RESUMED", "Reloaded or resumed the assessment"


class ProctoringSignal(TenantOwnedModel):
    """One proctoring observation, stamped with server time (the browser's clock is kept as a detail)."""

    id = models.BigAutoField(primary_key=True)
    invitation = models.ForeignKey(AssessmentInvitation, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=12, choices=SignalKind.choices)
    question_id = models.CharField(max_length=40, blank=True)
    occurred_at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["invitation", "occurred_at", "id"]
