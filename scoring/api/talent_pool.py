"""``GET /talent-pool/suggest/:jobId``: the talent pool ranked for one job by the scoring engine."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from candidates.api.people_serializers import TalentPoolEntryOutput
from hiresscope.permissions import Perm
from hiresscope.serializer_fields import InputSerializer, SingleLineCharField
from hiresscope.viewsets import TenantScopedViewSet
from jobs.models import Job
from jobs.selectors import job_get
from scoring.matching import ALL_DEPARTMENTS, pool_department_for_job, rank_pool_for_job

SUGGEST_MAX = 100


class PoolSuggestQuery(InputSerializer):
    department = SingleLineCharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text=(
            "Only pool entries of this department (any case). Default (absent or empty): the job's "
            f"department, or every department when the job has none. `{ALL_DEPARTMENTS}`: every department."
        ),
    )
    limit = serializers.IntegerField(required=False, default=20, min_value=1, max_value=SUGGEST_MAX)

    def department_filter(self, job: Job) -> str | None:
        """The department to narrow the pool to, or None for all of them."""
        return pool_department_for_job(job=job, requested=self.validated_data.get("department", ""))


class PoolSuggestionOutput(serializers.Serializer):
    entry = TalentPoolEntryOutput()
    score = serializers.IntegerField(help_text="0-100: the engine's score of the stored CV for this job.")
    label = serializers.CharField(help_text="Strong, Good, Partial or Weak match.")
    summary = serializers.CharField(help_text="The engine's one-paragraph explanation.")
    matched = serializers.ListField(child=serializers.CharField(), help_text="Must-haves the CV shows.")
    partial = serializers.ListField(
        child=serializers.CharField(), help_text="Must-haves only listed or implied."
    )
    missing = serializers.ListField(child=serializers.CharField(), help_text="Must-haves not found.")


class PoolSuggestionsOutput(serializers.Serializer):
    job_id = serializers.UUIDField()
    department = serializers.CharField(
        allow_null=True, help_text="The department the pool was narrowed to; null for every department."
    )
    results = PoolSuggestionOutput(many=True)


@extend_schema(tags=["talent pool"])
class TalentPoolSuggestViewSet(TenantScopedViewSet):
    action_permissions = {
        "suggest": Perm.CANDIDATES_READ,
    }
    model = Job
    serializer_class = PoolSuggestionsOutput
    pagination_class = None  # one ranked answer of at most ``limit`` suggestions

    @extend_schema(
        operation_id="talent_pool_suggest",
        summary="Pool candidates for a job, ranked by the engine's score (candidates who applied left out)",
        parameters=[PoolSuggestQuery],
        responses={200: PoolSuggestionsOutput},
    )
    def suggest(self, request, job_id=None):
        job = job_get(tenant=self.tenant, job_id=job_id)  # first: another tenant's job is a 404
        query = PoolSuggestQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        department = query.department_filter(job)
        ranked = rank_pool_for_job(
            tenant=self.tenant, job=job, department=department, limit=query.validated_data["limit"]
        )
        body = {
            "job_id": job.id,
            "department": department,
            "results": [
                {
                    "entry": suggestion.entry,
                    "score": suggestion.score,
                    "label": suggestion.explanation.get("label") or "",
                    "summary": suggestion.explanation.get("summary") or "",
                    "matched": suggestion.must_haves("MET"),
                    "partial": suggestion.must_haves("PARTIAL"),
                    "missing": suggestion.must_haves("MISSING"),
                }
                for suggestion in ranked
            ],
        }
        return Response(PoolSuggestionsOutput(body, context=self.get_serializer_context()).data)
