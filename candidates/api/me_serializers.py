"""Serializers of the candidate's own API (``/candidates/register``, ``/candidates/me/...``)."""

from rest_framework import serializers

from accounts.models import CandidateAccount
from hiresscope.serializer_fields import (
    PHONE_PATTERN,
    HttpUrlField,
    InputSerializer,
    LinkedInUrlField,
    MultiLineCharField,
    SingleLineCharField,
)


class CandidateRegisterInput(InputSerializer):
    email = serializers.EmailField(max_length=254)
    password = MultiLineCharField(max_length=128, write_only=True, trim_whitespace=False)
    full_name = SingleLineCharField(max_length=200)
    phone = serializers.RegexField(PHONE_PATTERN, required=False, allow_blank=True, default="")
    linkedin_url = HttpUrlField(max_length=300, required=False, allow_blank=True, default="")


class CandidateLoginInput(InputSerializer):
    email = serializers.EmailField(max_length=254)
    password = MultiLineCharField(max_length=128, write_only=True, trim_whitespace=False)


class CandidateRefreshInput(InputSerializer):
    refresh_token = SingleLineCharField()


class CandidateAccountOutput(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    email_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = CandidateAccount
        fields = ["id", "email", "full_name", "phone", "linkedin_url", "email_verified", "created_at"]


class CandidateSessionOutput(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    candidate = CandidateAccountOutput()


class CandidateTokenPairOutput(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()


class EmailVerifyInput(InputSerializer):
    token = SingleLineCharField(max_length=500)


class EmailVerifiedOutput(serializers.Serializer):
    email_verified = serializers.BooleanField()
    applications_linked = serializers.IntegerField(
        help_text="Applications sent from this address before, now shown in the account."
    )


class MessageOutput(serializers.Serializer):
    message = serializers.CharField()


class PasswordResetInput(InputSerializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetCheckInput(InputSerializer):
    uid = SingleLineCharField(max_length=100)
    token = SingleLineCharField(max_length=200)


class PasswordResetConfirmInput(PasswordResetCheckInput):
    new_password = MultiLineCharField(max_length=128, write_only=True, trim_whitespace=False)


class CandidateProfileInput(InputSerializer):
    full_name = SingleLineCharField(max_length=200, required=False)
    phone = serializers.RegexField(PHONE_PATTERN, required=False, allow_blank=True)
    linkedin_url = LinkedInUrlField(max_length=300, required=False, allow_blank=True)


class OwnApplicationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    job_id = serializers.UUIDField()
    job_title = serializers.CharField(source="job.title")
    company = serializers.CharField(source="job.tenant.name")
    status = serializers.CharField(help_text="NEW, SHORTLISTED, INTERVIEW, OFFER, HIRED or REJECTED")
    processing_status = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    label = serializers.SerializerMethodField()
    applied_at = serializers.DateTimeField(source="created_at")
    updated_at = serializers.DateTimeField()

    def get_label(self, application) -> str | None:
        return (application.explanation or {}).get("label")


class CandidateEvidenceOutput(serializers.Serializer):
    text = serializers.CharField()
    quote = serializers.CharField(allow_null=True)


class CandidateRequirementOutput(serializers.Serializer):
    requirement = serializers.CharField()
    kind = serializers.ChoiceField(choices=["MUST_HAVE", "NICE_TO_HAVE"], allow_null=True)
    category = serializers.CharField(allow_null=True)
    verdict = serializers.ChoiceField(choices=["MET", "PARTIAL", "MISSING"], allow_null=True)
    evidence = CandidateEvidenceOutput(many=True, help_text="Words of your CV that show it (at most two).")
    note = serializers.CharField(allow_null=True)


class CandidateComponentOutput(serializers.Serializer):
    label = serializers.CharField()
    points = serializers.FloatField(allow_null=True)
    max_points = serializers.FloatField(allow_null=True)


class CandidateStrengthOutput(serializers.Serializer):
    text = serializers.CharField()
    quote = serializers.CharField(allow_null=True)


class CandidateExplanationOutput(serializers.Serializer):
    """The explanation of a score, as its candidate sees it (no internal fields)."""

    summary = serializers.CharField()
    label = serializers.CharField(allow_null=True)
    requirements = CandidateRequirementOutput(many=True)
    components = CandidateComponentOutput(many=True, help_text="How the points add up.")
    strengths = CandidateStrengthOutput(many=True)
    gaps = serializers.ListField(child=serializers.CharField())
    knock_outs = serializers.ListField(
        child=serializers.CharField(), help_text="Must-haves whose absence capped the score."
    )
    not_counted = serializers.ListField(
        child=serializers.CharField(), help_text="Parts of the CV the score ignored, and why."
    )
    how_to_improve = serializers.ListField(child=serializers.CharField())


class OwnScoreOutput(serializers.Serializer):
    application_id = serializers.UUIDField()
    job_title = serializers.CharField()
    company = serializers.CharField()
    status = serializers.CharField()
    processing_status = serializers.CharField()
    score = serializers.IntegerField(allow_null=True, help_text="0-100; null until the CV is scored.")
    scored_at = serializers.DateTimeField(allow_null=True)
    explanation = CandidateExplanationOutput(allow_null=True)
    advice_only = serializers.CharField(
        help_text="The score is advice to the employer; people make the decisions."
    )


class AccountDeleteInput(InputSerializer):
    password = MultiLineCharField(
        max_length=128, write_only=True, trim_whitespace=False, help_text="Your password, to confirm."
    )


class AccountErasedOutput(serializers.Serializer):
    erased_records = serializers.IntegerField(help_text="Employer records of you that were anonymised.")
    employers_notified = serializers.IntegerField(help_text="Employers told (a candidate.erased event).")


class ReviewRequestInput(InputSerializer):
    message = MultiLineCharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="What should be reviewed."
    )


class OwnReviewRequestOutput(serializers.Serializer):
    id = serializers.UUIDField()
    application_id = serializers.UUIDField()
    message = serializers.CharField()
    status = serializers.ChoiceField(choices=["OPEN", "RESOLVED"])
    resolution = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
