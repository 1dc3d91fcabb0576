from rest_framework import serializers

from candidates.models import ScoreReviewRequest
from hiresscope.serializer_fields import InputSerializer, MultiLineCharField


class ReviewRequestOutput(serializers.ModelSerializer):
    application_id = serializers.UUIDField(read_only=True)
    job_id = serializers.UUIDField(source="application.job_id", read_only=True)
    candidate_id = serializers.UUIDField(source="application.candidate_id", read_only=True, allow_null=True)
    score = serializers.IntegerField(source="application.score", read_only=True, allow_null=True)
    resolved_by = serializers.EmailField(source="resolved_by.email", read_only=True, allow_null=True)

    class Meta:
        model = ScoreReviewRequest
        fields = [
            "id",
            "application_id",
            "job_id",
            "candidate_id",
            "score",
            "message",
            "status",
            "resolution",
            "resolved_by",
            "resolved_at",
            "created_at",
        ]


class ReviewResolveInput(InputSerializer):
    resolution = MultiLineCharField(
        max_length=2000, help_text="What the review concluded; the candidate reads it."
    )
