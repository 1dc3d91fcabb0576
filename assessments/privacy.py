"""Candidates' rights over their assessments: what their export shows, what erasure removes.

Plugged into ``candidates.privacy`` at start-up (``AssessmentsConfig.ready``). Erasure deletes the
answers (text and recordings) and the proctoring signals; the attempt's scores stay, like a CV's score,
for the employer's statistics.
"""

from assessments.models import AssessmentAnswer, AssessmentInvitation, ProctoringSignal
from hiresscope.timefmt import utc_iso_or_none


def assessments_export(records) -> dict:
    invitations = (
        AssessmentInvitation.objects.filter(candidate__in=records)
        .select_related("definition", "tenant")
        .prefetch_related("answers", "signals")
        .order_by("created_at")
    )
    return {
        "assessments": [
            {
                "company": invitation.tenant.name,
                "assessment": invitation.definition.name,
                "status": invitation.status,
                "invitedAt": utc_iso_or_none(invitation.created_at),
                "startedAt": utc_iso_or_none(invitation.started_at),
                "finishedAt": utc_iso_or_none(invitation.finished_at),
                "scoreStatus": invitation.score_status,
                "totalScore": invitation.total_score,
                "completion": invitation.completion,
                "typingWpm": invitation.typing_wpm,
                "categoryScores": [
                    {"name": c["name"], "score": c["score"], "pending": c["pending"]}
                    for c in invitation.category_scores
                ],
                "redFlag": invitation.red_flag,
                "redFlagReasons": [reason["message"] for reason in invitation.red_flag_reasons],
                "answers": [
                    {
                        "questionId": answer.question_id,
                        "value": answer.value,
                        "hasRecording": bool(answer.recording),
                        "marking": answer.marking,
                        "points": answer.points_awarded,
                        "savedAt": utc_iso_or_none(answer.saved_at),
                    }
                    for answer in invitation.answers.all()
                ],
                "signals": [
                    {
                        "kind": signal.kind,
                        "questionId": signal.question_id,
                        "at": utc_iso_or_none(signal.occurred_at),
                        "detail": signal.detail,
                    }
                    for signal in invitation.signals.all()
                ],
            }
            for invitation in invitations
        ]
    }


def assessments_erase(candidate_ids: list) -> None:
    answers = AssessmentAnswer.objects.filter(invitation__candidate_id__in=candidate_ids)
    # Recordings go first, as CV files do: a failure cannot leave a voice behind a row that says erased.
    storage = AssessmentAnswer._meta.get_field("recording").storage
    for name in answers.exclude(recording="").values_list("recording", flat=True):
        storage.delete(name)
    answers.delete()
    ProctoringSignal.objects.filter(invitation__candidate_id__in=candidate_ids).delete()
    # The links stop working; scores stay (statistics), the reasons that quoted signals go.
    AssessmentInvitation.objects.filter(candidate_id__in=candidate_ids).update(
        token_hash=None, red_flag_reasons=[]
    )


def register() -> None:
    from candidates.privacy import PersonalDataHolder, personal_data_register

    personal_data_register(
        PersonalDataHolder(name="assessments", export=assessments_export, erase=assessments_erase)
    )
