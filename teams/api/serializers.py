from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import AuditActorKind, AuditEntry, Membership, MembershipRole
from hiresscope.serializer_fields import InputSerializer, MultiLineCharField, SingleLineCharField
from teams.models import Invitation, InvitationStatus


class MemberOutput(serializers.ModelSerializer):
    user_id = serializers.UUIDField(source="user.id")
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    joined_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Membership
        fields = ["id", "user_id", "email", "full_name", "role", "joined_at", "last_used_at"]


class MemberUpdateInput(InputSerializer):
    role = serializers.ChoiceField(choices=MembershipRole.choices, help_text="Not above your own role.")


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
