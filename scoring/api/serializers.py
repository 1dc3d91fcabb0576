"""Input and output shapes of the scoring API (rubrics, re-scoring runs, job reviews)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hiresscope.serializer_fields import InputSerializer, SingleLineCharField
from scoring.models import JobReview, JobRubric, RescoreRun
from scoring.selectors import rescore_run_latest


class RubricRequirementSerializer(InputSerializer):
    """One requirement of a rubric, as shown and as edited."""

    id = serializers.CharField(read_only=True, help_text="Stable id, e.g. `skill:python`, `experience`.")
    kind = serializers.ChoiceField(choices=["MUST_HAVE", "NICE_TO_HAVE"])
    category = serializers.ChoiceField(
        choices=["SKILL", "EXPERIENCE", "EDUCATION", "LANGUAGE", "CERTIFICATION"]
    )
    name = SingleLineCharField(required=False, allow_blank=True, max_length=200)
    weight = serializers.FloatField(required=False, default=1.0, min_value=0.01, max_value=100)
    knockout = serializers.BooleanField(
        required=False, default=False, help_text="A missing knock-out caps the score at 35."
    )
    years = serializers.FloatField(required=False, min_value=0.5, max_value=50, help_text="EXPERIENCE only.")
    level = serializers.ChoiceField(
        choices=["HIGH_SCHOOL", "ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE"],
        required=False,
        help_text="EDUCATION only.",
    )
    any_of = serializers.ListField(
        child=SingleLineCharField(max_length=200),
        source="anyOf",
        required=False,
        min_length=2,
        max_length=20,
        help_text="SKILL or CERTIFICATION: two or more, any one of which meets the requirement (its name is made from them).",
    )
    source = serializers.CharField(read_only=True, help_text="job, description or employer.")


class RubricInput(InputSerializer):
    requirements = RubricRequirementSerializer(many=True, max_length=100)


class RescoreRunOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    rubric_version = serializers.IntegerField(source="rubric.version", read_only=True)
    progress = serializers.SerializerMethodField(help_text="Share of the run's applications processed, 0..1.")

    class Meta:
        model = RescoreRun
        fields = [
            "id",
            "job_id",
            "rubric_version",
            "reason",
            "status",
            "engine_version",
            "total",
            "processed",
            "changed",
            "failed",
            "progress",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_progress(self, run: RescoreRun) -> float:
        return 1.0 if run.total == 0 else round(min(run.processed / run.total, 1.0), 4)


class RubricOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    requirements = serializers.SerializerMethodField()
    skills_derived = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField(help_text="Shown, never scored.")
    latest_rescore = serializers.SerializerMethodField()

    class Meta:
        model = JobRubric
        fields = [
            "job_id",
            "version",
            "source",
            "engine_version",
            "content_hash",
            "skills_derived",
            "location",
            "requirements",
            "latest_rescore",
            "created_at",
        ]

    @extend_schema_field(RubricRequirementSerializer(many=True))
    def get_requirements(self, rubric: JobRubric) -> list[dict]:
        return RubricRequirementSerializer(rubric.rubric.get("requirements", []), many=True).data

    def get_skills_derived(self, rubric: JobRubric) -> bool:
        return bool(rubric.rubric.get("skillsDerived"))

    def get_location(self, rubric: JobRubric) -> str | None:
        return rubric.rubric.get("location")

    @extend_schema_field(RescoreRunOutput(allow_null=True))
    def get_latest_rescore(self, rubric: JobRubric) -> dict | None:
        run = rescore_run_latest(job=rubric.job)
        return RescoreRunOutput(run).data if run else None


class FindingEvidenceOutput(serializers.Serializer):
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class FindingOutput(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    severity = serializers.ChoiceField(choices=["INFO", "WARNING", "ERROR"])
    message = serializers.CharField()
    evidence = FindingEvidenceOutput(allow_null=True)
    suggestion = serializers.CharField(allow_null=True)


class JobReviewOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    score = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()
    report = serializers.JSONField(
        help_text="Full optimizer report: sections, genderCoding, readability, rubricPreview, suggestedRewrite."
    )

    class Meta:
        model = JobReview
        fields = ["id", "job_id", "trigger", "optimizer_version", "score", "findings", "report", "created_at"]

    def get_score(self, review: JobReview) -> int | None:
        return review.report.get("score")

    @extend_schema_field(FindingOutput(many=True))
    def get_findings(self, review: JobReview) -> list[dict]:
        return FindingOutput(review.report.get("findings", []), many=True).data
