"""The employer's view of people: ``/candidates/:id``, merges of duplicate records, the talent pool."""

import django_filters
from django.db.models import F, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from candidates.api import people_serializers as s
from candidates.filters import refuse_identity_queries
from candidates.models import Candidate, CandidateMerge, TalentPoolEntry
from candidates.selectors import application_get, candidate_get, candidate_get_detail, candidate_with_history
from candidates.services.people import candidate_merge, candidate_merge_undo
from candidates.services.talent_pool import talent_pool_add, talent_pool_remove
from hiresscope.filters import CamelOrderingFilter, QueryFilterBackend
from hiresscope.permissions import Perm
from hiresscope.schema import error_response
from hiresscope.viewsets import TenantScopedViewSet


@extend_schema(tags=["candidates"])
class CandidateViewSet(mixins.RetrieveModelMixin, TenantScopedViewSet):
    """``/candidates/:id``: one person, their applications in this tenant, pool entry and merges."""

    action_permissions = {
        "retrieve": Perm.CANDIDATES_READ,
        "merge": Perm.CANDIDATES_WRITE,
    }

    model = Candidate
    serializer_class = s.CandidateDetailOutput

    def scope_queryset(self, queryset):
        return candidate_with_history(queryset)

    @extend_schema(
        operation_id="candidates_retrieve",
        summary="Candidate detail: applications, scores, talent pool, merges (merged-away records too)",
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        operation_id="candidates_merge",
        summary="Absorb another record of the same person into this one (reversible)",
        request=s.CandidateMergeInput,
        responses={
            201: s.CandidateMergeResultOutput,
            400: error_response(400, "Validation failed, or a record merged into itself"),
            409: error_response(
                409,
                "merge_conflict: both applied to the same job (details.jobIds), or one was merged away",
            ),
        },
    )
    def merge(self, request, pk=None):
        survivor = self.get_object()  # first: another tenant's id is a 404 whatever the body holds
        data = s.CandidateMergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        absorbed = candidate_get(tenant=self.tenant, candidate_id=data.validated_data["candidate_id"])
        merge = candidate_merge(
            tenant=self.tenant, survivor=survivor, absorbed=absorbed, by=request.auth.actor
        )
        body = {
            "merge": merge,
            "survivor": candidate_get_detail(tenant=self.tenant, candidate_id=survivor.pk),
        }
        return Response(
            s.CandidateMergeResultOutput(body, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["candidates"])
class CandidateMergeViewSet(TenantScopedViewSet):
    """``/candidate-merges/:id/undo``: split a merge, moving back exactly what it moved."""

    action_permissions = {
        "undo": Perm.CANDIDATES_WRITE,
    }

    model = CandidateMerge
    serializer_class = s.CandidateMergeOutput

    @extend_schema(
        operation_id="candidate_merges_undo",
        summary="Undo a merge: the moved applications and pool entry go back to the absorbed record",
        request=None,
        responses={
            200: s.CandidateMergeUndoOutput,
            409: error_response(409, "merge_already_undone"),
        },
    )
    def undo(self, request, pk=None):
        merge = candidate_merge_undo(tenant=self.tenant, merge=self.get_object(), by=request.auth.actor)
        body = {
            "merge": merge,
            "survivor": candidate_get_detail(tenant=self.tenant, candidate_id=merge.survivor_id),
            "absorbed": candidate_get_detail(tenant=self.tenant, candidate_id=merge.absorbed_id),
        }
        return Response(s.CandidateMergeUndoOutput(body, context=self.get_serializer_context()).data)


class TalentPoolFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(
        field_name="department", lookup_expr="iexact", help_text="Exact department, any case."
    )
    search = django_filters.CharFilter(
        method="search_people", help_text="Part of the candidate's name or email (not under blind review)."
    )

    class Meta:
        model = TalentPoolEntry
        fields = ["department", "search"]

    def search_people(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The candidate's tenant named, as in the applications' search: the trigram indexes need it.
        return queryset.filter(
            Q(candidate__full_name__icontains=value) | Q(candidate__email__icontains=value),
            candidate__tenant=F("tenant"),
        )


@extend_schema(tags=["talent pool"])
class TalentPoolViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/talent-pool``: candidates kept for future jobs, one entry per person."""

    action_permissions = {
        "list": Perm.CANDIDATES_READ,
        "create": Perm.CANDIDATES_WRITE,
        "destroy": Perm.CANDIDATES_WRITE,
    }

    model = TalentPoolEntry
    serializer_class = s.TalentPoolEntryOutput
    filter_backends = [QueryFilterBackend, CamelOrderingFilter]
    filterset_class = TalentPoolFilter
    ordering_fields = {"createdAt": "created_at", "score": "score", "name": "candidate__full_name"}
    ordering = ("-created_at", "pk")

    def scope_queryset(self, queryset):
        # A record merged away is shown through its survivor; its own leftover entry stays hidden.
        return queryset.filter(candidate__merged_into__isnull=True).select_related("candidate")

    @extend_schema(
        operation_id="talent_pool_list",
        summary="The talent pool (paginated; ?department=, ?search=, ?ordering=)",
        responses={
            200: s.TalentPoolEntryOutput(many=True),
            403: error_response(403, "search or ordering by name while blind review is on (blind_review)"),
        },
    )
    def list(self, request, *args, **kwargs):
        refuse_identity_queries(tenant=self.tenant, query_params=request.query_params, what="the pool")
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="talent_pool_add",
        summary="Save a candidate to the talent pool",
        request=s.TalentPoolAddInput,
        responses={
            201: s.TalentPoolEntryOutput,
            404: error_response(404, "The candidate or the application is not one of yours"),
            409: error_response(
                409,
                "already_in_pool (details.existingEntryId), or candidate_merged (details.mergedIntoId)",
            ),
        },
    )
    def create(self, request):
        data = s.TalentPoolAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        candidate = candidate_get(tenant=self.tenant, candidate_id=fields["candidate_id"])
        application = None
        if "application_id" in fields:
            application = application_get(tenant=self.tenant, application_id=fields["application_id"])
        entry = talent_pool_add(
            tenant=self.tenant,
            by=request.auth.actor,
            candidate=candidate,
            department=fields.get("department"),
            note=fields["note"],
            application=application,
        )
        return Response(
            s.TalentPoolEntryOutput(entry, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="talent_pool_remove",
        summary="Remove a candidate from the talent pool (their applications stay)",
        responses={204: None},
    )
    def destroy(self, request, pk=None):
        talent_pool_remove(entry=self.get_object(), by=request.auth.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)
