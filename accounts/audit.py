"""The audit trail: who did what in a tenant, written by the services that do it.

Every app may call :func:`audit_record` (accounts is the bottom layer): call it inside the transaction
that makes the change, so the entry and the change commit or roll back together::

    audit_record(tenant=tenant, by=by, action="application.status_changed",
                 target_type="application", target_id=application.id,
                 details={"from": "NEW", "to": "SHORTLISTED"})

Actions are dotted names, ``<object>.<what happened>``; ``details`` holds ids and the values that
changed (old → new), never secrets. Entries are kept ``AUDIT_RETENTION_DAYS`` and then purged.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.actors import Actor
from accounts.models import AuditActorKind, AuditEntry, Tenant

_ACTOR_KINDS = {
    "member": AuditActorKind.MEMBER,
    "api_key": AuditActorKind.API_KEY,
    "system": AuditActorKind.SYSTEM,
}


def audit_record(
    *,
    tenant: Tenant | None = None,
    tenant_id=None,
    by: Actor,
    action: str,
    target_type: str = "",
    target_id=None,
    details: dict | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry to ``tenant``'s audit trail; ``ip`` is the client's address, when there was one.

    Give ``tenant`` or, where only its id is at hand (billing, a job's row), ``tenant_id``: one insert either way.
    """
    if (tenant is None) == (tenant_id is None):
        raise TypeError("audit_record needs exactly one of tenant= and tenant_id=.")
    return AuditEntry.objects.create(
        tenant_id=tenant.pk if tenant is not None else tenant_id,
        actor_kind=_ACTOR_KINDS[by.kind],
        actor_user_id=by.user.pk if by.user is not None else None,
        actor_label=by.label[:200],
        api_key_id=by.api_key.pk if by.api_key is not None else None,
        action=action,
        target_type=target_type,
        target_id="" if target_id is None else str(target_id),
        details=details or {},
        ip=ip or None,
    )


def audit_purge(*, now: datetime | None = None, batch_size: int = 5000) -> int:
    """Delete entries older than ``AUDIT_RETENTION_DAYS``, in batches (each its own statement); returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    expired = AuditEntry.objects.filter(created_at__lt=cutoff)
    purged = 0
    while ids := list(expired.values_list("pk", flat=True)[:batch_size]):
        purged += AuditEntry.objects.filter(pk__in=ids).purge()
    return purged
