from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors, services
from billing.api import serializers as s
from billing.models import Invoice
from hiresscope.permissions import Perm
from hiresscope.viewsets import TenantScopedAPIView, TenantScopedViewSet
from jobs.selectors import job_active_count


class PlanListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="billing_plans",
        summary="Plans with their monthly price, limits and features (public)",
        responses=s.PlanOutput(many=True),
        tags=["billing"],
    )
    def get(self, request):
        return Response(s.PlanOutput(selectors.plan_list(), many=True).data)


class UsageView(TenantScopedAPIView):
    action_permissions = {"get": Perm.BILLING_READ}

    @extend_schema(
        operation_id="billing_usage",
        summary="This period's CV uploads, jobs, credits and the subscription's status",
        responses=s.UsageOutput,
        tags=["billing"],
    )
    def get(self, request):
        tenant = request.auth.tenant
        active_jobs = job_active_count(tenant=tenant)
        return Response(
            s.UsageOutput(selectors.usage_summary(tenant_id=tenant.id, active_jobs=active_jobs)).data
        )


class InvoiceViewSet(mixins.ListModelMixin, TenantScopedViewSet):
    """``/billing/invoices``: the tenant's invoices; choosing a plan issues one. Works while read-only:
    paying is how a tenant gets out of it."""

    model = Invoice
    serializer_class = s.InvoiceOutput
    subscription_exempt = True
    action_permissions = {"list": Perm.BILLING_READ, "create": Perm.BILLING_MANAGE}

    def scope_queryset(self, queryset):
        return selectors.invoice_list(queryset)

    @extend_schema(operation_id="billing_invoices_list", summary="The tenant's invoices", tags=["billing"])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="billing_invoices_create",
        summary="Choose a paid plan: issues an invoice; the plan starts when it is paid",
        description=(
            "Owners and admins (billing.manage), with an employer session. One invoice is open at a time: a new one voids "
            "the previous. With the manual provider an operator marks the invoice paid once the money "
            "arrived; the subscription then becomes ACTIVE for `months` months."
        ),
        request=s.InvoiceCreateInput,
        responses={201: s.InvoiceOutput},
        tags=["billing"],
    )
    def create(self, request):
        data = s.InvoiceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        invoice = services.invoice_create(
            tenant_id=self.tenant.id, by=request.auth.actor, **data.validated_data
        )
        return Response(s.InvoiceOutput(invoice).data, status=status.HTTP_201_CREATED)


class ReferralGenerateView(TenantScopedAPIView):
    # Inviting others stays possible while read-only: a referral can earn the tenant a free month.
    subscription_exempt = True
    # A POST that reads: it returns the tenant's one referral link (made on first call, the same after),
    # so whoever may read billing may fetch it, read-only keys included.
    action_permissions = {"post": Perm.BILLING_READ}

    @extend_schema(
        operation_id="referrals_generate",
        summary="The tenant's referral code and sign-up link (made once; the same afterwards)",
        request=None,
        responses=s.ReferralCodeOutput,
        tags=["referrals"],
    )
    def post(self, request):
        referral_code = services.referral_code_get_or_create(tenant_id=request.auth.tenant.id)
        body = {"code": referral_code.code, "link": services.referral_link(referral_code.code)}
        return Response(s.ReferralCodeOutput(body).data)


class ReferralStatsView(TenantScopedAPIView):
    action_permissions = {"get": Perm.BILLING_READ}

    @extend_schema(
        operation_id="referrals_stats",
        summary="Tenants invited with your code, how many paid, free months earned",
        responses=s.ReferralStatsOutput,
        tags=["referrals"],
    )
    def get(self, request):
        return Response(
            s.ReferralStatsOutput(selectors.referral_stats(tenant_id=request.auth.tenant.id)).data
        )
