from rest_framework import serializers

from candidates.api.people_serializers import TalentPoolEntryOutput
from candidates.models import ApplicationStatus
from hiresscope.serializer_fields import (
    BoundedIntegerField,
    InputSerializer,
    MultiLineCharField,
    SingleLineCharField,
)
from jobs.models import Board, EducationLevel, EmploymentType, Job, JobStatus

MAX_LIST_ITEMS = 50


class StringListField(serializers.ListField):
    """A list of short labels (skills, languages): trimmed, de-duplicated case-insensitively, order kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", SingleLineCharField(max_length=100))
        kwargs.setdefault("max_length", MAX_LIST_ITEMS)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        seen: set[str] = set()
        unique = []
        for value in values:
            if value.lower() not in seen:
                seen.add(value.lower())
                unique.append(value)
        return unique


class JobInput(InputSerializer):
    title = SingleLineCharField(max_length=200)
    description = MultiLineCharField(max_length=50_000)
    department = SingleLineCharField(max_length=120, required=False, allow_blank=True)
    location = SingleLineCharField(max_length=200, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False, allow_null=True
    )
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    required_skills = StringListField()
    nice_to_have_skills = StringListField()
    min_years_experience = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=60, required=False, allow_null=True
    )
    education_level = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, allow_blank=True
    )
    languages = StringListField()
    salary_min = BoundedIntegerField(min_value=0, required=False, allow_null=True)
    salary_max = BoundedIntegerField(min_value=0, required=False, allow_null=True)
    salary_currency = serializers.RegexField(
        r"\A[A-Z]{3}\Z", required=False, allow_blank=True, help_text="ISO 4217, e.g. EUR"
    )
    status = serializers.ChoiceField(choices=JobStatus.choices, required=False)
    is_public = serializers.BooleanField(required=False)


class JobOutput(serializers.ModelSerializer):
    board_key = serializers.CharField(source="board.key", read_only=True)
    required_skills = serializers.ListField(child=serializers.CharField())
    nice_to_have_skills = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "description",
            "department",
            "location",
            "latitude",
            "longitude",
            "employment_type",
            "required_skills",
            "nice_to_have_skills",
            "min_years_experience",
            "education_level",
            "languages",
            "salary_min",
            "salary_max",
            "salary_currency",
            "status",
            "is_public",
            "slug",
            "board_key",
            "created_at",
            "updated_at",
        ]


class PublicJobOutput(serializers.ModelSerializer):
    company = serializers.CharField(source="tenant.name", read_only=True)
    company_slug = serializers.CharField(source="tenant.slug", read_only=True)
    apply_path = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "company",
            "company_slug",
            "description",
            "department",
            "location",
            "employment_type",
            "required_skills",
            "nice_to_have_skills",
            "salary_min",
            "salary_max",
            "salary_currency",
            "slug",
            "apply_path",
            "created_at",
        ]

    def get_apply_path(self, job: Job) -> str:
        return f"/api/v1/apply/{job.slug}"


class TalentPoolCandidateOutput(serializers.Serializer):
    candidate_id = serializers.UUIDField()
    application_id = serializers.UUIDField()
    full_name = serializers.CharField(allow_null=True, help_text="Null under blind review.")
    email = serializers.CharField(allow_null=True, allow_blank=True, help_text="Null under blind review.")
    score = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, help_text="Pipeline stage.")
    already_in_pool = serializers.BooleanField(
        help_text="Already in the talent pool (saved from another job): confirming keeps that entry."
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context.get("blind_review"):
            data["full_name"] = data["email"] = None
        return data


class JobDeletedOutput(serializers.Serializer):
    id = serializers.UUIDField()
    deleted_at = serializers.DateTimeField()
    talent_pool_min_score = serializers.IntegerField(
        help_text="The threshold applied (setting TALENT_POOL_MIN_SCORE): eligible candidates score at least this."
    )
    talent_pool_eligible = TalentPoolCandidateOutput(
        many=True,
        help_text=(
            "Candidates worth keeping: scored, not rejected, at least talentPoolMinScore, best first. "
            "Pick from them in POST /jobs/:id/confirm-delete."
        ),
    )


class JobDeleteConfirmInput(InputSerializer):
    candidate_ids = serializers.ListField(
        child=serializers.UUIDField(),
        allow_empty=True,
        help_text=(
            "Candidates from talentPoolEligible to save to the talent pool; [] saves nobody. Required, so "
            "that a misspelt key cannot confirm the (irreversible) deletion without saving anyone."
        ),
    )


class JobDeleteConfirmOutput(serializers.Serializer):
    id = serializers.UUIDField()
    deleted_at = serializers.DateTimeField()
    deletion_confirmed_at = serializers.DateTimeField()
    saved = TalentPoolEntryOutput(many=True, help_text="Pool entries created now.")
    already_in_pool = TalentPoolEntryOutput(many=True, help_text="Chosen candidates with an earlier entry.")


class PublicJobsQuery(InputSerializer):
    company = SingleLineCharField(
        required=False, allow_blank=True, max_length=200, help_text="Tenant slug or company name; empty: all."
    )


class BoardInput(InputSerializer):
    name = SingleLineCharField(max_length=120, help_text="What the board groups, e.g. 'Engineering 2026'.")


class BoardOutput(serializers.ModelSerializer):
    job_count = serializers.IntegerField(
        read_only=True, help_text="Jobs on the board, deleted ones excepted."
    )

    class Meta:
        model = Board
        fields = ["id", "name", "key", "is_default", "job_count", "created_at"]
