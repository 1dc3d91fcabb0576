from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import (
    AnswerMarking,
    AssessmentAnswer,
    AssessmentDefinition,
    AssessmentInvitation,
    AssessmentStatus,
    ProctoringSignal,
    ScoreStatus,
    SignalKind,
)
from assessments.services import MAX_EXPIRY_DAYS, MAX_EXTRA_TIME_PERCENT, MAX_INVITES_PER_REQUEST
from hiresscope.serializer_fields import InputSerializer, MultiLineCharField, SingleLineCharField

CONTENT_HELP = (
    "Categories with weights and questions (docs/assessments.md): "
    '{"categories": [{"key", "name", "weight", "questions": [{"id", "kind", "prompt", "points", ...}]}]}.'
)


class AssessmentInput(InputSerializer):
    name = SingleLineCharField(max_length=120)
    description = MultiLineCharField(max_length=2000, required=False, allow_blank=True, default="")
    time_limit_minutes = serializers.IntegerField(min_value=1, max_value=240)
    pass_threshold = serializers.IntegerField(min_value=0, max_value=100, help_text="Total % for PASS.")
    low_pass_threshold = serializers.IntegerField(
        min_value=0, max_value=100, help_text="Total % for LOW_PASS (at most passThreshold); below it FAIL."
    )
    content = serializers.JSONField(help_text=CONTENT_HELP)


class AssessmentUpdateInput(AssessmentInput):
    archived = serializers.BooleanField(
        required=False, help_text="true archives (no new invitations), false restores."
    )


class AssessmentCategoryOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.FloatField()
    questions = serializers.IntegerField(help_text="How many questions it holds.")


class AssessmentOutput(serializers.ModelSerializer):
    version = serializers.IntegerField(source="current_version.number")
    time_limit_minutes = serializers.IntegerField(source="current_version.time_limit_minutes")
    pass_threshold = serializers.IntegerField(source="current_version.pass_threshold")
    low_pass_threshold = serializers.IntegerField(source="current_version.low_pass_threshold")
    categories = serializers.SerializerMethodField()
    archived = serializers.SerializerMethodField()
    invited_count = serializers.IntegerField(read_only=True, default=0)
    completed_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = AssessmentDefinition
        fields = [
            "id",
            "name",
            "description",
            "library_key",
            "version",
            "time_limit_minutes",
            "pass_threshold",
            "low_pass_threshold",
            "categories",
            "archived",
            "invited_count",
            "completed_count",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(AssessmentCategoryOutput(many=True))
    def get_categories(self, definition) -> list[dict]:
        return [
            {"key": c["key"], "name": c["name"], "weight": c["weight"], "questions": len(c["questions"])}
            for c in definition.current_version.content["categories"]
        ]

    def get_archived(self, definition) -> bool:
        return definition.archived_at is not None


class AssessmentDetailOutput(AssessmentOutput):
    content = serializers.SerializerMethodField()

    class Meta(AssessmentOutput.Meta):
        fields = [*AssessmentOutput.Meta.fields, "content"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_content(self, definition) -> dict:
        return definition.current_version.content


class AssessmentInviteInput(InputSerializer):
    candidate_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=MAX_INVITES_PER_REQUEST
    )
    emails = serializers.ListField(
        child=serializers.EmailField(max_length=254),
        required=False,
        default=list,
        max_length=MAX_INVITES_PER_REQUEST,
        help_text="People without a candidate record get one (the name is taken from the address).",
    )
    application_ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=MAX_INVITES_PER_REQUEST,
        help_text="Invite these applications' candidates, and tie each result to its application.",
    )
    application_id = serializers.UUIDField(required=False, help_text="One application (as applicationIds).")
    expires_in_days = serializers.IntegerField(min_value=1, max_value=MAX_EXPIRY_DAYS, default=7)
    extra_time_percent = serializers.IntegerField(
        min_value=0, max_value=MAX_EXTRA_TIME_PERCENT, default=0, help_text="Accommodation: extra time, %."
    )


class AssessmentCategoryScoreOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.FloatField()
    score = serializers.FloatField(help_text="Percent.")
    pending = serializers.BooleanField(help_text="An answer in it awaits a reviewer.")


class RedFlagReasonOutput(serializers.Serializer):
    rule = serializers.ChoiceField(choices=["left_assessment", "pasted_answers", "answers_too_fast"])
    message = serializers.CharField()
    signal_ids = serializers.ListField(child=serializers.IntegerField(), source="signalIds")


class AssessmentInvitationOutput(serializers.ModelSerializer):
    assessment_id = serializers.UUIDField(source="definition_id")
    assessment_name = serializers.CharField(source="definition.name")
    version = serializers.IntegerField(source="version.number")
    candidate_id = serializers.UUIDField()
    application_id = serializers.UUIDField(allow_null=True)
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    score_status = serializers.ChoiceField(choices=ScoreStatus.choices)
    expired = serializers.SerializerMethodField()
    category_scores = AssessmentCategoryScoreOutput(many=True)
    red_flag_reasons = RedFlagReasonOutput(many=True)

    class Meta:
        model = AssessmentInvitation
        fields = [
            "id",
            "assessment_id",
            "assessment_name",
            "version",
            "candidate_id",
            "application_id",
            "status",
            "expired",
            "expires_at",
            "extra_time_percent",
            "sent_at",
            "reminded_at",
            "started_at",
            "deadline_at",
            "finished_at",
            "completion_reason",
            "score_status",
            "total_score",
            "completion",
            "typing_wpm",
            "typing_accuracy",
            "category_scores",
            "awaiting_review",
            "red_flag",
            "red_flag_reasons",
            "created_at",
        ]

    def get_expired(self, invitation) -> bool:
        from django.utils import timezone

        return invitation.status == AssessmentStatus.INVITED and invitation.expires_at <= timezone.now()


class AssessmentInviteResultOutput(serializers.Serializer):
    created = serializers.BooleanField(help_text="false: the candidate already had this open invitation.")
    invitation = AssessmentInvitationOutput()


class AssessmentInviteOutput(serializers.Serializer):
    invited = serializers.IntegerField(help_text="New invitations (emailed, counted against the plan).")
    already_invited = serializers.IntegerField()
    results = AssessmentInviteResultOutput(many=True)


class AssessmentAnswerOutput(serializers.ModelSerializer):
    marking = serializers.ChoiceField(choices=AnswerMarking.choices)
    value = serializers.JSONField(allow_null=True)
    has_recording = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentAnswer
        fields = [
            "id",
            "question_id",
            "value",
            "has_recording",
            "recording_seconds",
            "marking",
            "points_awarded",
            "rubric_met",
            "typing_wpm",
            "typing_accuracy",
            "first_shown_at",
            "saved_at",
            "reviewed_at",
        ]

    def get_has_recording(self, answer) -> bool:
        return bool(answer.recording)


class ProctoringSignalOutput(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=SignalKind.choices)
    detail = serializers.JSONField()

    class Meta:
        model = ProctoringSignal
        fields = ["id", "kind", "question_id", "occurred_at", "detail"]


class AssessmentInvitationDetailOutput(AssessmentInvitationOutput):
    answers = AssessmentAnswerOutput(many=True)
    signals = ProctoringSignalOutput(many=True)

    class Meta(AssessmentInvitationOutput.Meta):
        fields = [*AssessmentInvitationOutput.Meta.fields, "answers", "signals"]


class AssessmentReviewInput(InputSerializer):
    rubric_met = serializers.ListField(
        child=serializers.BooleanField(),
        min_length=1,
        max_length=10,
        help_text="One per rubric point, in order.",
    )


class OwnAssessmentOutput(serializers.ModelSerializer):
    """What a candidate sees of their own attempt: results and the signals recorded about them."""

    company = serializers.CharField(source="tenant.name")
    assessment_name = serializers.CharField(source="definition.name")
    status = serializers.ChoiceField(choices=AssessmentStatus.choices)
    score_status = serializers.ChoiceField(choices=ScoreStatus.choices)
    category_scores = AssessmentCategoryScoreOutput(many=True)
    red_flag_reasons = RedFlagReasonOutput(many=True)
    signals = ProctoringSignalOutput(many=True)

    class Meta:
        model = AssessmentInvitation
        fields = [
            "id",
            "company",
            "assessment_name",
            "status",
            "expires_at",
            "started_at",
            "finished_at",
            "score_status",
            "total_score",
            "completion",
            "typing_wpm",
            "typing_accuracy",
            "category_scores",
            "red_flag",
            "red_flag_reasons",
            "signals",
        ]
