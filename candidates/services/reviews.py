"""A candidate asks a person at the employer to review an automated score; the employer answers."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.actors import Actor
from accounts.models import CandidateAccount, Tenant
from candidates.models import ReviewRequestStatus, ScoreReviewRequest
from candidates.selectors import application_get_for_account
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, NotFoundError


def score_review_request(
    *, account: CandidateAccount, application_id, message: str = ""
) -> ScoreReviewRequest:
    """A candidate asks a person at the employer to review the automated score of one of their applications.

    One open request per application: asking again while one is open answers 409 naming it.
    """
    application = application_get_for_account(account=account, application_id=application_id)
    open_request = ScoreReviewRequest.objects.filter(
        application=application, status=ReviewRequestStatus.OPEN
    ).first()
    if open_request is None:
        try:
            with transaction.atomic():
                return ScoreReviewRequest.objects.create(
                    tenant_id=application.tenant_id, application=application, message=message.strip()
                )
        except IntegrityError:  # asked twice at the same moment
            open_request = ScoreReviewRequest.objects.get(
                application=application, status=ReviewRequestStatus.OPEN
            )
    raise ConflictError(
        "A review of this score is already requested; the employer will answer it.",
        code=ErrorCode.REVIEW_ALREADY_REQUESTED,
        details={"reviewRequestId": str(open_request.id)},
    )


def score_review_resolve(
    *, tenant: Tenant, review: ScoreReviewRequest, by: Actor, resolution: str
) -> ScoreReviewRequest:
    """A person at the employer closes a review request with what they concluded."""
    if review.tenant_id != tenant.id:
        raise NotFoundError("Review request not found.")
    with transaction.atomic():
        review = ScoreReviewRequest.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewRequestStatus.RESOLVED:
            raise ConflictError(
                "This review request is already resolved.", code=ErrorCode.REVIEW_ALREADY_RESOLVED
            )
        review.status = ReviewRequestStatus.RESOLVED
        review.resolution = resolution.strip()
        review.resolved_by = by.user
        review.resolved_at = timezone.now()
        review.save(update_fields=["status", "resolution", "resolved_by", "resolved_at", "updated_at"])
    return review
