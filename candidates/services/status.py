"""Stage changes of an application (NEW → SHORTLISTED → …), made only by a person, with their history."""

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiKey, Tenant, User
from candidates.models import Application, ApplicationStatusChange
from candidates.stages import allowed_next
from hiresscope.exceptions import ConflictError, NotFoundError
from webhooks.models import EventType
from webhooks.services import event_record


def _actor_label(*, by: User, api_key: ApiKey | None) -> str:
    return f"API key '{api_key.name}' ({by.email})" if api_key else by.email


def application_status_change(
    *,
    tenant: Tenant,
    application_id,
    by: User,
    to_status: str,
    reason: str = "",
    api_key: ApiKey | None = None,
) -> Application:
    """Move an application to another pipeline stage and record who did it, when and why.

    Only a person does this: ``by`` is the user (or the owner of the API key acting for them), never
    None, so no automated path (parsing, scoring, re-scoring) can shortlist or reject anyone; scores
    are advice. The row is locked for the read-check-write, so concurrent moves queue up and each
    history row starts where the previous one ended. Moving to the current stage changes nothing and
    records nothing. A move the stage table does not allow is a 409 naming the allowed ones.
    """
    if by is None:
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
                code="invalid_transition",
                details={"fromStatus": from_status, "toStatus": to_status, "allowed": list(allowed)},
            )
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            status=to_status, status_changed_at=now, updated_at=now
        )
        ApplicationStatusChange.objects.create(
            tenant=tenant,
            application_id=application.pk,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            changed_by=by,
            changed_by_api_key=api_key,
            actor_label=_actor_label(by=by, api_key=api_key)[:200],
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
        application.status = to_status
    return application
