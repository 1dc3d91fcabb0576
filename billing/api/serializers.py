from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from billing.models import Invoice, Plan, SubscriptionStatus
from billing.selectors import invoice_payment_instructions
from billing.services import MAX_INVOICE_MONTHS
from hiresscope.serializer_fields import InputSerializer, SingleLineCharField

UNLIMITED_HELP = "null = unlimited."


def _limit(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(allow_null=True, help_text=f"{help_text} {UNLIMITED_HELP}")


class PlanLimitsOutput(serializers.Serializer):
    cv_uploads_per_period = _limit("CVs accepted per monthly period (the trial: for the whole trial).")
    active_jobs = _limit("Jobs in ACTIVE status at the same time.")
    seats = _limit("Members of the organisation.")
    api_keys = _limit("Active API keys.")
    webhooks = _limit("Webhook endpoints.")
    assessments = _limit("Assessment invitations per period.")
    credits_per_period = _limit("Credits per monthly period; scoring a CV costs one assess credit.")


class PlanOutput(serializers.ModelSerializer):
    # Money stays a string of exact cents ("49.00"), as payment APIs send it; other decimals are numbers.
    monthly_price = serializers.DecimalField(
        max_digits=10, decimal_places=2, coerce_to_string=True, help_text='e.g. "49.00".'
    )
    limits = PlanLimitsOutput(source="*", help_text="0 = not on the plan; null = unlimited.")
    unlimited = serializers.SerializerMethodField(help_text="True when every limit is unlimited.")
    trial_days = serializers.SerializerMethodField(help_text="Length of the free trial; null for paid plans.")

    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            "description",
            "monthly_price",
            "currency",
            "is_trial",
            "trial_days",
            "unlimited",
            "limits",
            "features",
        ]

    def get_unlimited(self, plan: Plan) -> bool:
        return all(value is None for value in PlanLimitsOutput(plan).data.values())

    def get_trial_days(self, plan: Plan) -> int | None:
        return settings.TRIAL_DAYS if plan.is_trial else None


class PlanSummaryOutput(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["code", "name"]


class MeterOutput(serializers.Serializer):
    used = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True, help_text=UNLIMITED_HELP)
    remaining = serializers.IntegerField(allow_null=True, help_text=UNLIMITED_HELP)


class SubscriptionOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=SubscriptionStatus.choices)
    plan = PlanSummaryOutput()
    trial_ends_at = serializers.DateTimeField(allow_null=True)
    current_period_start = serializers.DateTimeField()
    current_period_end = serializers.DateTimeField()
    read_only = serializers.BooleanField(help_text="True when EXPIRED or CANCELED: writes answer 403.")
    free_months_pending = serializers.IntegerField(
        help_text="Referral months to add to the next paid period."
    )


class UsageOutput(serializers.Serializer):
    subscription_status = serializers.ChoiceField(choices=SubscriptionStatus.choices)
    period_start = serializers.DateTimeField(help_text="Start of this metering period.")
    period_end = serializers.DateTimeField(help_text="When the counters start again.")
    cv_uploads = MeterOutput(help_text="CVs accepted this period.")
    jobs_created = MeterOutput(help_text="Jobs created this period (not limited).")
    active_jobs = MeterOutput(help_text="Jobs ACTIVE now.")
    credits = MeterOutput(help_text="Credits used this period (one per CV scored).")
    assessments = MeterOutput(help_text="Assessment invitations sent this period (each invitation once).")
    subscription = SubscriptionOutput()


class InvoiceCreateInput(InputSerializer):
    plan_code = SingleLineCharField(max_length=40, help_text="A paid plan's code from GET /billing/plans.")
    months = serializers.IntegerField(min_value=1, max_value=MAX_INVOICE_MONTHS, default=1)


class InvoiceOutput(serializers.ModelSerializer):
    plan = PlanSummaryOutput()
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=True, help_text='Exact, e.g. "147.00".'
    )
    payment_instructions = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "plan",
            "months",
            "amount",
            "currency",
            "status",
            "payment_instructions",
            "created_at",
            "paid_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_payment_instructions(self, invoice: Invoice) -> str | None:
        return invoice_payment_instructions(invoice)


class ReferralCodeOutput(serializers.Serializer):
    code = serializers.CharField()
    link = serializers.URLField(help_text="The sign-up link carrying the code (?ref=).")


class ReferralStatsOutput(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Tenants that signed up with your code.")
    converted = serializers.IntegerField(help_text="Of which paid for a plan.")
    months_earned = serializers.IntegerField(help_text="Free months you earned (one per conversion).")
