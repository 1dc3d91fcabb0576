"""Identities, tenants, memberships and API keys.

A :class:`User` is one person's identity (email + password). What they may do comes from their roles:
a :class:`Membership` makes them an employer inside a tenant; a candidate profile (a later app) makes
them a candidate. Tokens carry which role they were issued for, so candidate and employer tokens are
never interchangeable even for the same person.
"""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in: an employer's team member, a candidate, or an operator (``is_staff``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the operators' admin site.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email


class CandidateAccount(models.Model):
    """Makes a user a candidate: their own sign-in realm and self-service profile, across employers.

    Applications reach a candidate's account only through a verified email: until ``email_verified_at``
    is set, nobody who merely typed that address can read what was sent from it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="candidate_account")
    phone = models.CharField(max_length=40, blank=True)
    linkedin_url = models.URLField(max_length=300, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.user.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Tenant(models.Model):
    """An employer organisation. Every tenant-owned row points at exactly one tenant.

    Its plan, subscription status and trial live in ``billing.Subscription`` (``tenant.subscription``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in public careers URLs.")
    candidate_retention_months = models.PositiveSmallIntegerField(
        default=24,
        help_text="Months after their last activity that unsuccessful candidates' personal data is kept.",
    )
    blind_review = models.BooleanField(
        default=False,
        help_text="Hide candidates' personal fields (name, contacts, location, photo links) from reviewers.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet):
    def for_tenant(self, tenant: Tenant) -> "TenantQuerySet":
        """The one way tenant-owned rows are read: everything else builds on this queryset."""
        return self.filter(tenant=tenant)


class TenantOwnedModel(models.Model):
    """Base of every tenant-owned model: a non-null, indexed tenant and the ``for_tenant`` queryset."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+", db_index=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class MembershipRole(models.TextChoices):
    OWNER = "OWNER", "Owner"
    ADMIN = "ADMIN", "Admin"
    RECRUITER = "RECRUITER", "Recruiter"
    VIEWER = "VIEWER", "Viewer"


# Higher outranks lower: nobody grants, changes or removes a role above their own.
ROLE_RANK = {
    MembershipRole.VIEWER: 1,
    MembershipRole.RECRUITER: 2,
    MembershipRole.ADMIN: 3,
    MembershipRole.OWNER: 4,
}


class Membership(TenantOwnedModel):
    """Makes a user an employer-side member of a tenant, with a role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=MembershipRole.choices, default=MembershipRole.RECRUITER)
    last_used_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member last signed in to this tenant or switched to it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_unique_user_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant} ({self.role})"


class ApiKeyScope(models.TextChoices):
    """What a key may do (``hiresscope.permissions.API_KEY_SCOPE_PERMISSIONS``)."""

    READ = "READ", "Read only"
    FULL = "FULL", "Read and write"


class ApiKey(TenantOwnedModel):
    """A server-to-server credential for one tenant.

    Only a SHA-256 digest of the key is stored: the keys carry 256 bits of randomness, so a fast
    hash is as safe as a slow one and lets every request find its key with one indexed lookup.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=20, help_text="The key's first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=8, choices=ApiKeyScope.choices, default=ApiKeyScope.FULL)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Running totals for the X-Credits-* headers on every response: a sum over the key's usage history
    # would grow with it. Kept by billing.services.usage_consume in the transaction that records the use.
    credits_used = models.PositiveIntegerField(default=0, editable=False)
    credits_used_assess = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginDevice(TenantOwnedModel):
    """A device a member has signed in to a tenant from, so that a sign-in from a new one is audited.

    The fingerprint is a hash of the browser's user agent and the client address's network (/24 for
    IPv4, /64 for IPv6): a device that changes address within its network is not new, and nothing a
    reader could use to locate the person is stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_devices")
    fingerprint = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user", "fingerprint"], name="login_device_unique_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.tenant_id}: {self.fingerprint[:12]}"


class AuditActorKind(models.TextChoices):
    MEMBER = "MEMBER", "Member"
    API_KEY = "API_KEY", "API key"
    SYSTEM = "SYSTEM", "System"


class AuditEntryQuerySet(TenantQuerySet):
    """Rows are written once and read; the only way out is the retention purge (``accounts.audit``)."""

    def update(self, **kwargs):
        raise TypeError("Audit entries are append-only: they cannot be updated.")

    def delete(self):
        raise TypeError("Audit entries are append-only: only accounts.audit.audit_purge removes them.")

    def purge(self) -> int:
        """Delete these rows: for the retention purge only (and a tenant's own deletion, by cascade)."""
        return models.QuerySet.delete(self)[0]


class AuditEntry(TenantOwnedModel):
    """One thing someone did in a tenant that its owners may need to account for later.

    Append-only: the model refuses updates and deletes (and on PostgreSQL a trigger refuses UPDATE),
    except the purge of entries older than ``AUDIT_RETENTION_DAYS``. The actor is copied, not linked
    (ids and a label), so the history survives the removal of the member or key it names. There is no
    ``updated_at``: an entry never changes.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor_kind = models.CharField(max_length=8, choices=AuditActorKind.choices)
    actor_user_id = models.UUIDField(null=True, blank=True, help_text="The member, or the key's creator.")
    actor_label = models.CharField(max_length=200, help_text="How the actor read when the entry was written.")
    api_key_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=80, help_text="Dotted name: member.invited, api_key.created, …")
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["tenant", "-created_at"], name="audit_tenant_created"),
            models.Index(fields=["tenant", "action", "-created_at"], name="audit_tenant_action"),
            models.Index(fields=["tenant", "target_type", "target_id"], name="audit_tenant_target"),
            models.Index(fields=["created_at"], name="audit_created"),  # the retention purge
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit entries are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are append-only: only accounts.audit.audit_purge removes them.")
