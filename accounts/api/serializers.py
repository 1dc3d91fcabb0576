from rest_framework import serializers

from accounts.models import ApiKey, Tenant, User


class SignupInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    full_name = serializers.CharField(max_length=200)
    company_name = serializers.CharField(max_length=200)
    referral_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class LoginInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    tenant_id = serializers.UUIDField(
        required=False, help_text="Which employer to act for, if you belong to several."
    )


class RefreshInput(serializers.Serializer):
    refresh_token = serializers.CharField()


class LogoutInput(serializers.Serializer):
    refresh_token = serializers.CharField(help_text="The refresh token to revoke.")


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "created_at"]


class TenantOutput(serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["id", "name", "slug", "subscription_status", "trial_ends_at", "created_at"]


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


class ApiKeyCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class ApiKeyOutput(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]


class ApiKeyCreatedOutput(ApiKeyOutput):
    key = serializers.CharField(help_text="The full key. Shown only in this response; store it now.")

    class Meta(ApiKeyOutput.Meta):
        fields = [*ApiKeyOutput.Meta.fields, "key"]


class TenantSettingsOutput(serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["blind_review"]


class TenantSettingsInput(serializers.Serializer):
    blind_review = serializers.BooleanField(
        required=False,
        help_text="Hide candidates' name, contacts, links and location from reviewers (blind review).",
    )
