from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidates.blind import redact_personal_fields
from candidates.models import Application, ApplicationStatus, ApplicationStatusChange, Candidate, Source
from hiresscope.serializer_fields import (
    PHONE_PATTERN,
    HttpUrlField,
    InputSerializer,
    MultiLineCharField,
    SingleLineCharField,
)
from hiresscope.timefmt import utc_iso_or_none


class ApplicationUploadInput(InputSerializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="The CV: PDF, DOCX, DOC or TXT, at most 5 MB; judged by content."
    )
    email = serializers.EmailField(max_length=254)
    full_name = SingleLineCharField(max_length=200)
    phone = serializers.RegexField(PHONE_PATTERN, required=False, allow_blank=True, default="")
    linkedin_url = HttpUrlField(max_length=300, required=False, allow_blank=True, default="")


class CandidateSummaryOutput(serializers.ModelSerializer):
    source_key = serializers.CharField(
        source="source_id", read_only=True, allow_null=True, help_text="The source the profile belongs to."
    )

    class Meta:
        model = Candidate
        fields = ["id", "full_name", "email", "source_key"]
        extra_kwargs = {
            "full_name": {"allow_null": True, "help_text": "Null under blind review."},
            "email": {
                "allow_null": True,
                "help_text": "Null under blind review; blank for a bulk CV without one.",
            },
        }


class SourceOutput(serializers.ModelSerializer):
    candidate_count = serializers.IntegerField(read_only=True, help_text="Candidates in this source.")

    class Meta:
        model = Source
        fields = ["id", "key", "name", "kind", "is_default", "candidate_count", "created_at"]


class FlagOutput(serializers.Serializer):
    code = serializers.CharField(help_text="prompt_injection, keyword_stuffing, hidden_text, ...")
    message = serializers.CharField()
    excerpt = serializers.CharField(allow_null=True, required=False)


class ApplicationListOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    candidate_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="Null until a bulk CV without contact details is parsed."
    )
    candidate = CandidateSummaryOutput(read_only=True, allow_null=True)
    flags = serializers.SerializerMethodField(help_text="Integrity and processing findings.")

    class Meta:
        model = Application
        fields = [
            "id",
            "job_id",
            "candidate_id",
            "candidate",
            "status",
            "processing_status",
            "failure_reason",
            "score",
            "flags",
            "status_changed_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(FlagOutput(many=True))
    def get_flags(self, application: Application) -> list[dict]:
        return [
            {"code": f.get("code", ""), "message": f.get("message", ""), "excerpt": f.get("excerpt")}
            if isinstance(f, dict)
            else {"code": str(f), "message": str(f), "excerpt": None}
            for f in application.flags or []
        ]

    # The columns the written-out row below reads (the list selects only these): the profile, breakdown
    # and explanation are most of a row's bytes and only the detail shows them.
    columns = (
        *("id", "tenant_id", "job_id", "candidate_id", "status", "processing_status", "failure_reason"),
        *("score", "flags", "status_changed_at", "created_at", "updated_at"),
        *(
            "candidate__id",
            "candidate__tenant_id",
            "candidate__full_name",
            "candidate__email",
            "candidate__source",
        ),
    )

    def to_representation(self, application: Application) -> dict:
        # Written out rather than DRF's field-by-field walk, which (building the fields included) cost
        # more per 20-row page than the page's query (docs/performance.md). A test checks the result
        # equals the generic representation for varied rows.
        candidate = application.candidate
        data = {
            "id": str(application.id),
            "job_id": str(application.job_id),
            # A bulk CV without contact details has no candidate until it is parsed.
            "candidate_id": str(application.candidate_id) if application.candidate_id else None,
            "candidate": None
            if candidate is None
            else {
                "id": str(candidate.id),
                "full_name": candidate.full_name,
                "email": candidate.email,
                "source_key": candidate.source_id,
            },
            "status": application.status,
            "processing_status": application.processing_status,
            "failure_reason": application.failure_reason,
            "score": application.score,
            "flags": self.get_flags(application),
            "status_changed_at": utc_iso_or_none(application.status_changed_at),
            "created_at": utc_iso_or_none(application.created_at),
            "updated_at": utc_iso_or_none(application.updated_at),
        }
        if self.context.get("blind_review"):
            redact_personal_fields(data)
        return data


class ScoreBreakdownComponent(serializers.Serializer):
    score = serializers.FloatField(help_text="0..1")
    weight = serializers.FloatField(help_text="Share of the overall score, after renormalisation.")


class ProfileLinkOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["linkedin", "github", "website", "other"])
    url = serializers.CharField()


class ProfileExperienceOutput(serializers.Serializer):
    title = serializers.CharField(allow_null=True)
    employer = serializers.CharField(allow_null=True)
    start = serializers.CharField(allow_null=True, help_text="YYYY-MM")
    end = serializers.CharField(allow_null=True, help_text="YYYY-MM; null when current")
    current = serializers.BooleanField()
    months = serializers.IntegerField(allow_null=True)


class ProfileEducationOutput(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=["HIGH_SCHOOL", "ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE"], allow_null=True
    )
    field = serializers.CharField(allow_null=True)
    institution = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)


class ProfileLanguageOutput(serializers.Serializer):
    language = serializers.CharField()
    level = serializers.CharField(
        allow_null=True, help_text="NATIVE, FLUENT, PROFESSIONAL, INTERMEDIATE, BASIC or A1-C2"
    )


class ParsedProfileOutput(serializers.Serializer):
    """The structured profile (``ParsedCV``) extracted from the CV; the full text is at ``/cv``.

    Stored profiles of the first schema (strings for links and languages) are shown in this shape too.
    """

    schema_version = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)
    emails = serializers.ListField(child=serializers.CharField())
    phones = serializers.ListField(child=serializers.CharField(), help_text="E.164")
    links = ProfileLinkOutput(many=True)
    location = serializers.CharField(allow_null=True)
    sections = serializers.ListField(
        child=serializers.CharField(), help_text="Section headings found in the CV."
    )
    experiences = ProfileExperienceOutput(many=True)
    years_experience = serializers.FloatField(allow_null=True, help_text="Total, overlapping periods merged.")
    education = ProfileEducationOutput(many=True)
    education_level = serializers.CharField(allow_null=True, help_text="The highest level found.")
    skills = serializers.ListField(child=serializers.CharField(), help_text="Canonical skill names.")
    languages = ProfileLanguageOutput(many=True)
    certifications = serializers.ListField(child=serializers.CharField())

    def to_representation(self, profile: dict) -> dict:
        def as_link(link):
            return link if isinstance(link, dict) else {"kind": "other", "url": link}

        def as_language(language):
            return language if isinstance(language, dict) else {"language": language, "level": None}

        return {
            "schema_version": profile.get("schemaVersion", 1),
            "name": profile.get("name"),
            "emails": profile.get("emails", []),
            "phones": profile.get("phones", []),
            "links": [as_link(link) for link in profile.get("links", [])],
            "location": profile.get("location"),
            "sections": sorted(profile.get("sections", {})),
            "experiences": profile.get("experiences", []),
            "years_experience": profile.get("yearsExperience"),
            "education": profile.get("education", []),
            "education_level": profile.get("educationLevel"),
            "skills": profile.get("skills", []),
            "languages": [as_language(language) for language in profile.get("languages", [])],
            "certifications": profile.get("certifications", []),
        }


class EvidenceSpanOutput(serializers.Serializer):
    text = serializers.CharField(help_text="The CV statement around the evidence (at most 160 characters).")
    quote = serializers.CharField(allow_null=True, help_text="The exact words of the CV that matched.")
    start = serializers.IntegerField(allow_null=True, help_text="Offset of the quote in the scored CV text.")
    end = serializers.IntegerField(allow_null=True)
    section = serializers.CharField(
        allow_null=True, help_text="CV section of the quote (experience, skills...)."
    )


class RequirementVerdictOutput(serializers.Serializer):
    id = serializers.CharField(allow_null=True, help_text="Rubric requirement id, e.g. `skill:python`.")
    requirement = serializers.CharField()
    kind = serializers.ChoiceField(choices=["MUST_HAVE", "NICE_TO_HAVE"])
    category = serializers.CharField(help_text="skill, experience, education, language or certification.")
    weight = serializers.FloatField(allow_null=True, help_text="Relative weight within its kind.")
    knockout = serializers.BooleanField()
    verdict = serializers.ChoiceField(choices=["MET", "PARTIAL", "MISSING"])
    strength = serializers.FloatField(allow_null=True, help_text="Credit given, 0..1.")
    match = serializers.CharField(
        allow_null=True, help_text="exact, alias, listed, semantic, dates, degree, document or none."
    )
    evidence = EvidenceSpanOutput(many=True, help_text="The CV span(s) supporting the verdict.")
    note = serializers.CharField(allow_null=True)
    any_of = serializers.ListField(
        child=serializers.CharField(),
        source="anyOf",
        required=False,
        help_text="Skills or certifications any one of which meets the requirement; the verdict is the best of them.",
    )


class ComponentOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField(help_text="0..1")
    weight = serializers.FloatField()
    points = serializers.FloatField(help_text="Contribution to the 0-100 score.")


class StrengthOutput(serializers.Serializer):
    requirement_id = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    quote = serializers.CharField(allow_null=True, help_text="The CV words that show it.")


class GapOutput(serializers.Serializer):
    requirement_id = serializers.CharField(allow_null=True)
    text = serializers.CharField()


class KnockOutOutput(serializers.Serializer):
    requirement_id = serializers.CharField()
    requirement = serializers.CharField()


def _legacy_item(item: dict) -> dict:
    """Explanations stored by engine 0.2 had evidence as one string; show them in today's shape."""
    evidence = item.get("evidence")
    if isinstance(evidence, str) or evidence is None:
        evidence = [] if not evidence else [{"text": evidence, "quote": None, "start": None, "end": None}]
    return {
        "id": None,
        "weight": None,
        "knockout": False,
        "strength": None,
        "match": None,
        "note": None,
        **item,
        "evidence": [{"section": None, **e} for e in evidence],
    }


class ExplanationOutput(serializers.Serializer):
    """The engine's explanation: per requirement the verdict and the quoted CV spans, the components,
    strengths, gaps, knock-outs, integrity findings and a summary built from those facts."""

    summary = serializers.CharField()
    label = serializers.CharField(allow_null=True, help_text="Strong, Good, Partial or Weak match.")
    requirements = RequirementVerdictOutput(many=True)
    components = ComponentOutput(many=True)
    strengths = StrengthOutput(many=True)
    gaps = GapOutput(many=True)
    knock_outs = KnockOutOutput(many=True)
    integrity = FlagOutput(many=True, help_text="Parts of the CV ignored as attempts to game the score.")

    def to_representation(self, explanation: dict) -> dict:
        # The engine's dict is already in the API's shape (camelCase keys); older ones are upgraded.
        def as_text(value):
            return value if isinstance(value, dict) else {"requirementId": None, "text": value, "quote": None}

        return {
            "summary": explanation.get("summary", ""),
            "label": explanation.get("label"),
            "requirements": [_legacy_item(i) for i in explanation.get("requirements", [])],
            "components": explanation.get("components", []),
            "strengths": [as_text(v) for v in explanation.get("strengths", [])],
            "gaps": [as_text(v) for v in explanation.get("gaps", [])],
            "knockOuts": explanation.get("knockOuts", []),
            "integrity": explanation.get("integrity", []),
        }


class StatusChangeOutput(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor_label",
        help_text='Who moved it: "alice@acme.test" or "API key \'ci\' (alice@acme.test)".',
    )

    class Meta:
        model = ApplicationStatusChange
        fields = ["from_status", "to_status", "reason", "actor", "created_at"]


class ApplicationStatusInput(InputSerializer):
    status = serializers.ChoiceField(
        choices=ApplicationStatus.choices, help_text="The stage to move to (required)."
    )
    reason = MultiLineCharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Why; kept in the history."
    )


class ParseWarningOutput(serializers.Serializer):
    code = serializers.CharField(help_text="phones_failed, dates_failed, education_failed, ...")
    message = serializers.CharField()


class ApplicationDetailOutput(ApplicationListOutput):
    warnings = ParseWarningOutput(
        many=True,
        read_only=True,
        help_text="Fields of the CV that could not be read and were left empty; the CV was still scored.",
    )
    status_history = StatusChangeOutput(
        source="status_changes", many=True, read_only=True, help_text="Every stage move, oldest first."
    )
    score_breakdown = serializers.DictField(
        child=ScoreBreakdownComponent(), allow_null=True, read_only=True, help_text="Components of the score."
    )
    explanation = ExplanationOutput(allow_null=True, read_only=True)
    parsed_profile = ParsedProfileOutput(allow_null=True, read_only=True)

    class Meta(ApplicationListOutput.Meta):
        fields = [
            *ApplicationListOutput.Meta.fields,
            "failure_code",
            "warnings",
            "source",
            "parsed_at",
            "failed_at",
            "score_breakdown",
            "explanation",
            "parsed_profile",
            "engine_version",
            "parser_version",
            "scored_at",
            "cv_filename",
            "cv_kind",
            "cv_size",
            "status_history",
        ]
        extra_kwargs = {"cv_filename": {"allow_null": True, "help_text": "Null under blind review."}}

    def to_representation(self, application: Application) -> dict:
        # One row with many nested fields: DRF's generic walk, not the list's written-out row.
        data = serializers.ModelSerializer.to_representation(self, application)
        if self.context.get("blind_review"):
            redact_personal_fields(data)
        return data


class BulkContactInput(InputSerializer):
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    full_name = SingleLineCharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.RegexField(PHONE_PATTERN, required=False, allow_blank=True, default="")
    linkedin_url = HttpUrlField(max_length=300, required=False, allow_blank=True, default="")


class BulkContactsField(serializers.JSONField):
    """A JSON list sent as one multipart field, validated item by item."""

    def to_internal_value(self, data):
        items = super().to_internal_value(data)
        if not isinstance(items, list):
            raise serializers.ValidationError("Must be a JSON list with one object per file.")
        contacts = BulkContactInput(data=items, many=True)
        contacts.is_valid(raise_exception=True)
        return contacts.validated_data


class BulkUploadInput(InputSerializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        min_length=1,
        max_length=50,
        help_text="1 to 50 CVs (PDF, DOCX, DOC, TXT).",
    )
    candidates = BulkContactsField(
        required=False,
        binary=True,
        help_text=(
            'Optional JSON list aligned with files: [{"email", "fullName", "phone", "linkedinUrl"}]. '
            "A file without an email gets its candidate from the parsed CV."
        ),
    )


class BulkFileOutcomeOutput(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the file in the request.")
    filename = serializers.CharField()
    accepted = serializers.BooleanField()
    status_code = serializers.IntegerField(help_text="202 when queued; otherwise the error's status.")
    code = serializers.CharField()
    message = serializers.CharField()
    application_id = serializers.UUIDField(
        allow_null=True, help_text="The new application, or for a duplicate the existing one."
    )


class BulkUploadOutput(serializers.Serializer):
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    results = BulkFileOutcomeOutput(many=True)


class PublicApplyInput(ApplicationUploadInput):
    consent = serializers.BooleanField(help_text="The candidate agrees to the processing of their CV.")

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("Consent to processing is required to apply.")
        return value


class PublicApplyOutput(serializers.Serializer):
    application_id = serializers.UUIDField()
    job_title = serializers.CharField()
    company = serializers.CharField()
    received_at = serializers.DateTimeField()
    message = serializers.CharField()
