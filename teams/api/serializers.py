from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import (
    ApiKey,
    ApiKeyScope,
    AuditActorKind,
    AuditEntry,
    Membership,
    MembershipRole,
    Tenant,
    User,
)
from billing.models import Subscription, SubscriptionStatus
from billing.services import subscription_for
from hiresscope.serializer_fields import InputSerializer, MultiLineCharField, SingleLineCharField
from teams.models import Invitation, InvitationStatus


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


class CompanyOutput(serializers.Serializer):
    id = serializers.UUIDField(source="tenant.id")
    name = serializers.CharField(source="tenant.name")
    role = serializers.ChoiceField(choices=MembershipRole.choices)


class SessionOutput(TokenPairOutput):
    user = UserOutput()
    tenant = TenantOutput()
    role = serializers.ChoiceField(choices=MembershipRole.choices, help_text="Your role in this tenant.")
    companies = CompanyOutput(
        many=True,
        help_text="Every employer you belong to, most recently used first: log in or switch with its id.",
    )


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


class MemberOutput(serializers.ModelSerializer):
    user_id = serializers.UUIDField(source="user.id")
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    joined_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Membership
        fields = ["id", "user_id", "email", "full_name", "role", "joined_at", "last_used_at"]


class MemberUpdateInput(InputSerializer):
    role = serializers.ChoiceField(
        choices=MembershipRole.choices,
        required=False,
        help_text="Not above your own role; left out, no change.",
    )


class OwnershipTransferInput(InputSerializer):
    member_id = serializers.UUIDField(help_text="The member (GET /team/members id) who becomes the owner.")


class InviterOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField()


class InvitationOutput(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    invited_by = InviterOutput(allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "role",
            "status",
            "invited_by",
            "sent_at",
            "send_count",
            "expires_at",
            "created_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=InvitationStatus.choices))
    def get_status(self, invitation: Invitation) -> str:
        return invitation.status()


class InvitationCreateInput(InputSerializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(
        choices=MembershipRole.choices, help_text="The role they get on joining; not above your own."
    )


class InvitationAcceptInput(InputSerializer):
    token = SingleLineCharField(max_length=200, help_text="The token from the invitation link.")
    full_name = SingleLineCharField(
        max_length=200, required=False, default="", help_text="For a new account: your name."
    )
    password = MultiLineCharField(
        max_length=128,
        required=False,
        default="",
        write_only=True,
        trim_whitespace=False,
        help_text="A new account's password, or an existing account's (unless an employer session of it is sent).",
    )


class SwitchTenantInput(InputSerializer):
    tenant_id = serializers.UUIDField(help_text="One of the companies listed at login.")


class AuditActorOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AuditActorKind.choices, source="actor_kind")
    user_id = serializers.UUIDField(source="actor_user_id", allow_null=True)
    api_key_id = serializers.UUIDField(allow_null=True)
    label = serializers.CharField(source="actor_label")


class AuditEntryOutput(serializers.ModelSerializer):
    actor = AuditActorOutput(source="*")
    details = serializers.DictField(help_text="What changed (old → new values), ids; never secrets.")

    class Meta:
        model = AuditEntry
        fields = ["id", "action", "actor", "target_type", "target_id", "details", "ip", "created_at"]
