"""Team invitations: how a person is asked to join an employer's team with a role.

Members themselves are ``accounts.Membership`` rows; the audit trail is ``accounts.AuditEntry``.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import MembershipRole, TenantOwnedModel, User


class InvitationStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    ACCEPTED = "ACCEPTED", "Accepted"
    REVOKED = "REVOKED", "Revoked"
    EXPIRED = "EXPIRED", "Expired"


class Invitation(TenantOwnedModel):
    """An emailed, single-use link that makes its holder a member of the tenant with ``role``.

    Only a SHA-256 digest of the link's token is stored (256 random bits, so a fast hash is enough).
    The token is minted when the email is sent (``teams.emails``), so it never travels through the
    broker; re-sending mints a new one, which ends the old link, and restarts the expiry. A pending
    invitation holds a seat (``billing`` plan ``seats``) until it is accepted, revoked or expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=MembershipRole.choices)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the latest link was emailed.")
    send_count = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(help_text="The latest link works until then.")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per address and tenant: re-inviting is a resend.
            models.UniqueConstraint(
                "tenant",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.tenant_id} ({self.role})"

    def status(self, now=None) -> str:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING
