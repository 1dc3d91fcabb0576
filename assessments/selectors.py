"""Reads of the assessments app. Every employer-side read is scoped by ``tenant``."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Tenant
from assessments.content import question_by_id, questions
from assessments.models import (
    AnswerMarking,
    AssessmentAnswer,
    AssessmentDefinition,
    AssessmentInvitation,
    AssessmentStatus,
    ProctoringSignal,
)
from candidates.models import Candidate
from candidates.selectors import candidate_records_of_user
from hiresscope.exceptions import NotFoundError


def definition_list(*, tenant: Tenant, archived: bool | None = False) -> QuerySet[AssessmentDefinition]:
    """The tenant's assessments with their current version and how many were invited / completed."""
    queryset = (
        AssessmentDefinition.objects.for_tenant(tenant)
        .select_related("current_version")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            completed_count=Count(
                "invitations", filter=Q(invitations__status=AssessmentStatus.COMPLETED), distinct=True
            ),
        )
        .order_by("name", "created_at")
    )
    if archived is not None:
        queryset = queryset.filter(archived_at__isnull=not archived)
    return queryset


def definition_get(*, tenant: Tenant, definition_id) -> AssessmentDefinition:
    definition = definition_list(tenant=tenant, archived=None).filter(pk=definition_id).first()
    if definition is None:
        raise NotFoundError("Assessment not found.")
    return definition


def _invitations(tenant: Tenant) -> QuerySet[AssessmentInvitation]:
    return AssessmentInvitation.objects.for_tenant(tenant).select_related(
        "definition", "version", "candidate", "application__job"
    )


def invitation_list(
    *,
    tenant: Tenant,
    definition_id=None,
    application_id=None,
    candidate_id=None,
    status: str | None = None,
) -> QuerySet[AssessmentInvitation]:
    queryset = _invitations(tenant).order_by("-created_at")
    if definition_id is not None:
        queryset = queryset.filter(definition_id=definition_id)
    if application_id is not None:
        queryset = queryset.filter(application_id=application_id)
    if candidate_id is not None:
        queryset = queryset.filter(candidate_id=candidate_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def invitation_get(*, tenant: Tenant, invitation_id) -> AssessmentInvitation:
    """One attempt with its answers and signals (for the scorecard and the review)."""
    invitation = (
        _invitations(tenant)
        .prefetch_related(
            Prefetch("answers", queryset=AssessmentAnswer.objects.order_by("question_id")),
            Prefetch("signals", queryset=ProctoringSignal.objects.order_by("occurred_at", "id")),
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFoundError("Invitation not found.")
    return invitation


def candidate_scorecards(*, tenant: Tenant, candidate_id) -> QuerySet[AssessmentInvitation]:
    """A candidate's attempts at the tenant's assessments, newest first (the application page's cards),
    with those of records merged into theirs (a merge can be undone, so attempts are not moved)."""
    records = Candidate.objects.for_tenant(tenant).filter(Q(pk=candidate_id) | Q(merged_into_id=candidate_id))
    return (
        _invitations(tenant).filter(candidate__in=records).order_by("-created_at").prefetch_related("signals")
    )


def review_queue(*, tenant: Tenant) -> QuerySet[AssessmentAnswer]:
    """Submitted written and spoken answers waiting for a reviewer, oldest submission first."""
    return (
        AssessmentAnswer.objects.for_tenant(tenant)
        .filter(marking=AnswerMarking.AWAITING_REVIEW, invitation__status=AssessmentStatus.COMPLETED)
        .select_related("invitation__definition", "invitation__version", "invitation__candidate")
        .order_by("invitation__finished_at", "question_id")
    )


def scores(*, tenant: Tenant, candidate_ids: list, assessment_ids: list) -> list[AssessmentInvitation]:
    """The latest attempt per candidate and assessment among those named (an empty list names all).

    What HiringBranch's ``GET /v1/score`` answers: one row per candidate and assessment.
    """
    queryset = _invitations(tenant).order_by("candidate_id", "definition_id", "-created_at")
    if candidate_ids:
        queryset = queryset.filter(candidate_id__in=candidate_ids)
    if assessment_ids:
        queryset = queryset.filter(definition_id__in=assessment_ids)
    latest: dict = {}
    for invitation in queryset[:5000]:
        latest.setdefault((invitation.candidate_id, invitation.definition_id), invitation)
    return list(latest.values())


def own_invitations(*, user_id) -> QuerySet[AssessmentInvitation]:
    """A candidate's own attempts, at every employer, through their verified records."""
    records = candidate_records_of_user(user_id=user_id).values("pk")
    return (
        AssessmentInvitation.objects.filter(candidate__in=records)
        .select_related("definition", "version", "tenant")
        .prefetch_related("signals")
        .order_by("-created_at")
    )


def answer_rows(invitation: AssessmentInvitation) -> list[dict]:
    """Every question of the attempt, in order, with its answer and marking (for reviewers and exports)."""
    answers = {answer.question_id: answer for answer in invitation.answers.all()}
    rows = []
    for category, question in questions(invitation.version.content):
        answer = answers.get(question["id"])
        rows.append({"category": category, "question": question, "answer": answer})
    return rows


def question_of(answer: AssessmentAnswer) -> dict | None:
    return question_by_id(answer.invitation.version.content, answer.question_id)


def answer_get(
    *, tenant: Tenant, answer_id=None, invitation_id=None, question_id: str | None = None
) -> AssessmentAnswer:
    """One of the tenant's answers, by its id or by its attempt and question; 404 otherwise."""
    answers = AssessmentAnswer.objects.for_tenant(tenant).select_related(
        "invitation__version", "invitation__definition", "invitation__candidate"
    )
    if answer_id is not None:
        answers = answers.filter(pk=answer_id)
    else:
        answers = answers.filter(invitation_id=invitation_id, question_id=question_id)
    answer = answers.first()
    if answer is None:
        raise NotFoundError("Answer not found.")
    return answer
