"""Serializers of the employer's view of people: candidate detail, merges and the talent pool."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidates.api.serializers import CandidateSummaryOutput
from candidates.blind import redact_personal_fields
from candidates.models import Application, Candidate, CandidateMerge, TalentPoolEntry
from candidates.selectors import PERSONAL_FIELDS, candidate_identity
from hiresscope.serializer_fields import InputSerializer, MultiLineCharField, SingleLineCharField


class CandidateApplicationOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    job_title = serializers.CharField(source="job.title", read_only=True)
    job_deleted = serializers.SerializerMethodField(
        help_text="The job was deleted (its application is kept)."
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "job_id",
            "job_title",
            "job_deleted",
            "status",
            "processing_status",
            "score",
            "created_at",
        ]

    def get_job_deleted(self, application: Application) -> bool:
        return application.job.deleted_at is not None


class CandidatePoolEntryOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True, allow_null=True)
    application_id = serializers.UUIDField(read_only=True, allow_null=True)

    class Meta:
        model = TalentPoolEntry
        fields = ["id", "department", "note", "score", "job_id", "application_id", "created_at"]


class CandidateMergeOutput(serializers.ModelSerializer):
    survivor_id = serializers.UUIDField(read_only=True)
    absorbed_id = serializers.UUIDField(read_only=True)
    moved_application_ids = serializers.ListField(
        child=serializers.UUIDField(), help_text="Applications moved to the survivor; undo moves them back."
    )
    moved_pool_entry_ids = serializers.ListField(
        child=serializers.UUIDField(), help_text="The absorbed record's pool entry, if it moved."
    )

    class Meta:
        model = CandidateMerge
        fields = [
            "id",
            "survivor_id",
            "absorbed_id",
            "moved_application_ids",
            "moved_pool_entry_ids",
            "created_at",
            "undone_at",
        ]


class CandidateDetailOutput(serializers.ModelSerializer):
    """One person as this tenant knows them. Reads the relations :func:`candidate_with_history` loads."""

    source_key = serializers.CharField(source="source_id", read_only=True, allow_null=True)
    merged_into_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="Set when this record was merged into another one."
    )
    applications = CandidateApplicationOutput(many=True, read_only=True)
    talent_pool = serializers.SerializerMethodField(help_text="The pool entry, or null when not in the pool.")
    merges = serializers.SerializerMethodField(help_text="Merges this record took part in, newest first.")

    class Meta:
        model = Candidate
        fields = [
            "id",
            "full_name",
            "email",
            "phone",
            "linkedin_url",
            "source_key",
            "created_at",
            "merged_into_id",
            "applications",
            "talent_pool",
            "merges",
        ]
        # Blind review hides who the person is.
        extra_kwargs = {name: {"allow_null": True} for name in PERSONAL_FIELDS}

    @extend_schema_field(CandidatePoolEntryOutput(allow_null=True))
    def get_talent_pool(self, candidate: Candidate) -> dict | None:
        entries = list(candidate.pool_entries.all())
        return CandidatePoolEntryOutput(entries[0]).data if entries else None

    @extend_schema_field(CandidateMergeOutput(many=True))
    def get_merges(self, candidate: Candidate) -> list[dict]:
        merges = [*candidate.merges_received.all(), *candidate.merges_given.all()]
        merges.sort(key=lambda merge: (merge.created_at, str(merge.id)), reverse=True)
        return CandidateMergeOutput(merges, many=True).data

    def to_representation(self, candidate: Candidate) -> dict:
        data = super().to_representation(candidate)
        # Blind review: the reviewer sees the history and the scores, not who the person is.
        data.update(candidate_identity(candidate, blind_review=bool(self.context.get("blind_review"))))
        return data


class CandidateMergeInput(InputSerializer):
    candidate_id = serializers.UUIDField(help_text="The record to absorb into the one in the URL.")


class CandidateMergeResultOutput(serializers.Serializer):
    merge = CandidateMergeOutput()
    survivor = CandidateDetailOutput(help_text="The surviving record, as GET /candidates/:id shows it.")


class CandidateMergeUndoOutput(serializers.Serializer):
    merge = CandidateMergeOutput()
    survivor = CandidateDetailOutput()
    absorbed = CandidateDetailOutput(help_text="The record split off again.")


class TalentPoolEntryOutput(serializers.ModelSerializer):
    candidate_id = serializers.UUIDField(read_only=True)
    candidate = CandidateSummaryOutput(read_only=True)
    job_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="The job the candidate was saved from."
    )
    application_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="The application whose score brought them in."
    )
    score = serializers.IntegerField(read_only=True, allow_null=True, help_text="The score when saved.")

    class Meta:
        model = TalentPoolEntry
        fields = [
            "id",
            "candidate_id",
            "candidate",
            "department",
            "note",
            "score",
            "job_id",
            "application_id",
            "created_at",
        ]

    def to_representation(self, entry: TalentPoolEntry) -> dict:
        data = super().to_representation(entry)
        if self.context.get("blind_review"):
            redact_personal_fields(data)
        return data


class TalentPoolAddInput(InputSerializer):
    candidate_id = serializers.UUIDField()
    department = SingleLineCharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="Defaults to the department of the application's job (none without an application).",
    )
    note = MultiLineCharField(max_length=500, required=False, allow_blank=True, default="")
    application_id = serializers.UUIDField(
        required=False, help_text="One of the candidate's applications: its job and score are remembered."
    )
