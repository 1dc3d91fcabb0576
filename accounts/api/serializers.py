from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiKey, ApiKeyScope, Tenant, User
from billing.models import Subscription, SubscriptionStatus
from billing.services import subscription_for
from hiresscope.serializer_fields import InputSerializer, MultiLineCharField, SingleLineCharField


class SignupInput(InputSerializer):
    email = serializers.EmailField(max_length=254)
    password = MultiLineCharField(max_length=128, write_only=True, trim_whitespace=False)
    full_name = SingleLineCharField(max_length=200)
    company_name = SingleLineCharField(max_length=200)
    referral_code = SingleLineCharField(max_length=40, required=False, allow_blank=True, default="")


class LoginInput(InputSerializer):
    email = serializers.EmailField(max_length=254)
    password = MultiLineCharField(max_length=128, write_only=True, trim_whitespace=False)
    tenant_id = serializers.UUIDField(
        required=False, help_text="Which employer to act for, if you belong to several."
    )


class RefreshInput(InputSerializer):
    refresh_token = SingleLineCharField()


class LogoutInput(InputSerializer):
    refresh_token = SingleLineCharField(help_text="The refresh token to revoke.")


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "created_at"]


class TenantOutput(serializers.ModelSerializer):
    # The subscription's truth is billing's; these two fields keep the shape sign-up and /auth/me had.
    subscription_status = serializers.SerializerMethodField()
    trial_ends_at = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        fields = ["id", "name", "slug", "subscription_status", "trial_ends_at", "created_at"]

    @staticmethod
    def _subscription(tenant: Tenant) -> Subscription:
        try:
            return tenant.subscription  # cached on the tenant after the first read
        except Subscription.DoesNotExist:
            return subscription_for(tenant_id=tenant.id)

    @extend_schema_field(serializers.ChoiceField(choices=SubscriptionStatus.choices))
    def get_subscription_status(self, tenant: Tenant) -> str:
        return self._subscription(tenant).effective_status()

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_trial_ends_at(self, tenant: Tenant):
        trial_ends_at = self._subscription(tenant).trial_ends_at
        return serializers.DateTimeField().to_representation(trial_ends_at) if trial_ends_at else None


class TokenPairOutput(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()


class SessionOutput(TokenPairOutput):
    user = UserOutput()
    tenant = TenantOutput()


class MeOutput(serializers.Serializer):
    user = UserOutput()
    tenant = TenantOutput()
    role = serializers.CharField(allow_null=True, help_text="Your role in the tenant; null for an API key.")
    auth_method = serializers.ChoiceField(choices=["jwt", "api_key"])


class ApiKeyCreateInput(InputSerializer):
    name = SingleLineCharField(max_length=100)
    scope = serializers.ChoiceField(
        choices=ApiKeyScope.choices,
        default=ApiKeyScope.FULL,
        help_text=(
            "READ: reads only (jobs, applications, candidates, analytics, billing, webhooks; b2d's and "
            "HrFlow's APIs). FULL (the default, as every key was before scopes): also the hiring work "
            "(jobs, uploads, statuses, exports, candidates) and webhooks. No key manages keys, the "
            "team, settings, payments or sessions."
        ),
    )


class ApiKeyOutput(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "scope", "created_at", "last_used_at"]


class ApiKeyCreatedOutput(ApiKeyOutput):
    key = serializers.CharField(help_text="The full key. Shown only in this response; store it now.")

    class Meta(ApiKeyOutput.Meta):
        fields = [*ApiKeyOutput.Meta.fields, "key"]


class TenantSettingsOutput(serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["blind_review", "candidate_retention_months"]


class TenantSettingsInput(InputSerializer):
    blind_review = serializers.BooleanField(
        required=False,
        help_text="Hide candidates' name, contacts, links and location from reviewers (blind review).",
    )
    candidate_retention_months = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        help_text="Months after their last activity that unsuccessful candidates' data is kept (default 24).",
    )
