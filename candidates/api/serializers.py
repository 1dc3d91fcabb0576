from rest_framework import serializers

from candidates.models import Application, Candidate


class ApplicationUploadInput(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="The CV: PDF, DOCX or TXT, at most 5 MB; judged by content."
    )
    email = serializers.EmailField(max_length=254)
    full_name = serializers.CharField(max_length=200)
    phone = serializers.RegexField(r"^\+?[0-9 ().-]{6,30}$", required=False, allow_blank=True, default="")
    linkedin_url = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")


class CandidateSummaryOutput(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "full_name", "email"]


class ApplicationListOutput(serializers.ModelSerializer):
    job_id = serializers.UUIDField(read_only=True)
    candidate_id = serializers.UUIDField(read_only=True)
    candidate = CandidateSummaryOutput(read_only=True)
    flags = serializers.ListField(child=serializers.CharField(), read_only=True)

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
            "created_at",
            "updated_at",
        ]


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


class RequirementVerdictOutput(serializers.Serializer):
    requirement = serializers.CharField()
    kind = serializers.ChoiceField(choices=["MUST_HAVE", "NICE_TO_HAVE"])
    verdict = serializers.ChoiceField(choices=["MET", "PARTIAL", "MISSING"])
    evidence = serializers.CharField(allow_null=True, help_text="The CV text that supports the verdict.")


class ExplanationOutput(serializers.Serializer):
    summary = serializers.CharField()
    requirements = RequirementVerdictOutput(many=True)
    strengths = serializers.ListField(child=serializers.CharField())
    gaps = serializers.ListField(child=serializers.CharField())


class ApplicationDetailOutput(ApplicationListOutput):
    score_breakdown = serializers.DictField(
        child=ScoreBreakdownComponent(), allow_null=True, read_only=True, help_text="Components of the score."
    )
    explanation = ExplanationOutput(allow_null=True, read_only=True)
    parsed_profile = ParsedProfileOutput(allow_null=True, read_only=True)

    class Meta(ApplicationListOutput.Meta):
        fields = [
            *ApplicationListOutput.Meta.fields,
            "failure_code",
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
        ]


class BulkContactInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.RegexField(r"^\+?[0-9 ().-]{6,30}$", required=False, allow_blank=True, default="")
    linkedin_url = serializers.URLField(max_length=300, required=False, allow_blank=True, default="")


class BulkContactsField(serializers.JSONField):
    """A JSON list sent as one multipart field, validated item by item."""

    def to_internal_value(self, data):
        items = super().to_internal_value(data)
        if not isinstance(items, list):
            raise serializers.ValidationError("Must be a JSON list with one object per file.")
        contacts = BulkContactInput(data=items, many=True)
        contacts.is_valid(raise_exception=True)
        return contacts.validated_data


class BulkUploadInput(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        min_length=1,
        max_length=50,
        help_text="1 to 50 CVs (PDF, DOCX, TXT).",
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
