"""Stage changes of an application (NEW → SHORTLISTED → …), made only by a person, with their history."""

from django.db import transaction
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import Tenant
from candidates.analytics import analytics_invalidate
from candidates.models import Application, ApplicationStatusChange
from candidates.stages import allowed_next
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError, NotFoundError
from webhooks.models import EventType
from webhooks.services import event_record


def _actor_label(*, by: Actor) -> str:
    return f"API key '{by.api_key.name}' ({by.user.email})" if by.api_key else by.user.email


def application_status_change(
    *,
    tenant: Tenant,
    application_id,
    by: Actor,
    to_status: str,
    reason: str = "",
) -> Application:
    """Move an application to another pipeline stage and record who did it, when and why.

    Only a person does this: ``by`` is a member (or an API key acting for its creator), never the
    system, so no automated path (parsing, scoring, re-scoring) can shortlist or reject anyone; scores
    are advice. The row is locked for the read-check-write, so concurrent moves queue up and each
    history row starts where the previous one ended. Moving to the current stage changes nothing and
    records nothing. A move the stage table does not allow is a 409 naming the allowed ones.
    """
    if by.user is None:
        raise ValueError("A status change needs a person (by=); automated code may not move applications.")
    with transaction.atomic():
        application = (
            Application.objects.for_tenant(tenant)
            .select_for_update()
            .filter(pk=application_id)
            .only("id", "tenant_id", "job_id", "candidate_id", "status")
            .first()
        )
        if application is None:
            raise NotFoundError("Application not found.")
        from_status = application.status
        if to_status == from_status:
            return application
        allowed = allowed_next(from_status)
        if to_status not in allowed:
            raise ConflictError(
                f"An application cannot move from {from_status} to {to_status}; "
                f"from {from_status} it can move to {', '.join(allowed) or 'nothing'}.",
                code=ErrorCode.INVALID_TRANSITION,
                details={"fromStatus": from_status, "toStatus": to_status, "allowed": list(allowed)},
            )
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            status=to_status, status_changed_at=now, updated_at=now
        )
        change = ApplicationStatusChange.objects.create(
            tenant=tenant,
            application_id=application.pk,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            changed_by=by.user,
            changed_by_api_key=by.api_key,
            actor_label=_actor_label(by=by)[:200],
        )
        # The reason is free text about a person, erased with them (candidates.privacy); an audit entry
        # cannot be erased, so it names the history row that holds the reason instead of copying it.
        audit_record(
            tenant=tenant,
            by=by,
            action="application.status_changed",
            target_type="application",
            target_id=application.pk,
            details={
                "jobId": str(application.job_id),
                "from": from_status,
                "to": to_status,
                "statusChangeId": str(change.pk),
                "hasReason": bool(reason),
            },
        )
        event_record(
            tenant_id=tenant.id,
            type=EventType.APPLICATION_STATUS_CHANGED,
            data={
                "applicationId": str(application.pk),
                "jobId": str(application.job_id),
                "candidateId": str(application.candidate_id) if application.candidate_id else None,
                "fromStatus": from_status,
                "toStatus": to_status,
            },
        )
        # The funnel and the time in stage moved: the next analytics read must show it.
        analytics_invalidate(tenant_id=tenant.id)
        application.status = to_status
    return application


BULK_STATUS_MAX = 100


def application_status_change_bulk(
    *,
    tenant: Tenant,
    job_id,
    application_ids: list,
    by: Actor,
    to_status: str,
    reason: str = "",
) -> list[dict]:
    """Move several of one job's applications to ``to_status`` with one reason, each on its own.

    Each move is :func:`application_status_change` (its lock, history row, audit entry and event), so
    a move the stage table refuses for one application (shortlisting a hire) is reported for that one
    and the others still happen, the way a bulk CV upload reports per file. An id of another job or
    tenant is reported as not found. Returns ``{"application_id", "ok", "message"}`` per id, in order.
    """
    if not 1 <= len(application_ids) <= BULK_STATUS_MAX:
        raise DomainError(
            f"Choose between 1 and {BULK_STATUS_MAX} applications.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"applications": [f"Choose between 1 and {BULK_STATUS_MAX} applications."]},
        )
    of_job = set(
        Application.objects.for_tenant(tenant)
        .filter(job_id=job_id, pk__in=application_ids)
        .values_list("pk", flat=True)
    )
    outcomes = []
    for application_id in application_ids:
        try:
            if application_id not in of_job:
                raise NotFoundError("Application not found.")
            application_status_change(
                tenant=tenant, application_id=application_id, by=by, to_status=to_status, reason=reason
            )
        except DomainError as exc:
            outcomes.append({"application_id": application_id, "ok": False, "message": exc.message})
        else:
            outcomes.append({"application_id": application_id, "ok": True, "message": "Moved."})
    return outcomes
