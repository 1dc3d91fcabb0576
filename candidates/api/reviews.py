"""``/review-requests``: candidates' requests for a human review of their score, for the employer."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from candidates.api import review_serializers as s
from candidates.models import ReviewRequestStatus, ScoreReviewRequest
from candidates.services.reviews import score_review_resolve
from hiresscope.filters import CamelOrderingFilter, QueryFilterBackend
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.viewsets import TenantScopedViewSet


class ReviewRequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ReviewRequestStatus.choices)
    # Query parameters are the API's camelCase names.
    jobId = filters.UUIDFilter(field_name="application__job_id")

    class Meta:
        model = ScoreReviewRequest
        fields = ["status"]


@extend_schema(tags=["review requests"])
class ReviewRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantScopedViewSet):
    action_permissions = {
        "list": Perm.CANDIDATES_READ,
        "retrieve": Perm.CANDIDATES_READ,
        "resolve": Perm.CANDIDATES_WRITE,
    }
    model = ScoreReviewRequest
    serializer_class = s.ReviewRequestOutput
    filter_backends = [QueryFilterBackend, CamelOrderingFilter]
    filterset_class = ReviewRequestFilter
    ordering_fields = {"createdAt": "created_at", "status": "status"}
    ordering = ("-created_at", "pk")

    def scope_queryset(self, queryset):
        return queryset.select_related("application", "resolved_by")

    @extend_schema(
        operation_id="review_requests_list",
        summary="Candidates' requests for a human review of their score (?status=OPEN, ?jobId=)",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(operation_id="review_requests_retrieve", summary="One review request")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="review_requests_resolve",
        summary="Close a review request with its conclusion",
        request=s.ReviewResolveInput,
        responses={200: s.ReviewRequestOutput, 409: error_response(409, "Already resolved")},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        review = self.get_object()  # first: another tenant's id is a 404 whatever the body holds
        data = s.ReviewResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = score_review_resolve(
            tenant=self.tenant, review=review, by=request.auth.actor, **data.validated_data
        )
        return Response(s.ReviewRequestOutput(review).data)
