"""Assessments end to end through the services: definitions, versions, invitations, taking, marking."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.actors import Actor
from assessments import services
from assessments.content import questions
from assessments.models import AssessmentDefinition, AssessmentInvitation, AssessmentStatus, ProctoringSignal
from billing.models import Plan, UsageMetric
from billing.services import subscription_change_plan
from hiresscope.exceptions import DomainError, NotFoundError
from tests.assessments.conftest import WEBM, answer_everything, invite, library_definition, right_answer
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def test_every_tenant_gets_the_library_once(alice):
    assert services.library_ensure(tenant=alice.tenant) >= 4
    assert services.library_ensure(tenant=alice.tenant) == 0
    keys = set(AssessmentDefinition.objects.for_tenant(alice.tenant).values_list("library_key", flat=True))
    assert {"typing-speed", "written-english", "customer-service", "numeracy"} <= keys


def test_editing_a_version_in_use_makes_a_new_one_and_the_invitation_keeps_its_own(alice):
    definition = library_definition(alice.tenant, "numeracy")
    by = Actor.member(alice.user)
    services.definition_update(tenant=alice.tenant, by=by, definition_id=definition.pk, pass_threshold=80)
    definition.refresh_from_db()
    assert definition.current_version.number == 1  # nobody invited yet: changed in place
    invitation = invite(alice, "numeracy")
    services.definition_update(tenant=alice.tenant, by=by, definition_id=definition.pk, pass_threshold=60)
    definition.refresh_from_db()
    invitation.refresh_from_db()
    assert definition.current_version.number == 2 and definition.current_version.pass_threshold == 60
    assert invitation.version.number == 1 and invitation.version.pass_threshold == 80


def test_bad_content_is_refused_with_every_field(alice):
    with pytest.raises(DomainError) as refused:
        services.definition_create(
            tenant=alice.tenant,
            by=Actor.member(alice.user),
            name="Broken",
            time_limit_minutes=0,
            pass_threshold=50,
            low_pass_threshold=60,
            content={"categories": []},
        )
    assert set(refused.value.fields) >= {"timeLimitMinutes", "content.categories"}


def test_inviting_emails_a_single_use_link_and_inviting_again_changes_nothing(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(alice, email="Mara@Example.test")
    [message] = mail.outbox
    assert message.to == ["mara@example.test"] and "/assess/" in message.body
    token = re.search(r"/assess/([^/\s]+)/", message.body).group(1)
    assert services.invitation_for_token(token=token).pk == invitation.pk
    with django_capture_on_commit_callbacks(execute=True):
        again = invite(alice, email="mara@example.test")
    assert again.pk == invitation.pk and len(mail.outbox) == 1
    # A resend mints a new link, which ends the old one.
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(
            tenant=alice.tenant, by=Actor.member(alice.user), invitation_id=invitation.pk
        )
    assert len(mail.outbox) == 2
    with pytest.raises(services.AssessmentLinkError):
        services.invitation_for_token(token=token)


def test_an_expired_link_is_refused_and_inviting_again_replaces_it(alice):
    invitation = invite(alice)
    _, token = services.invitation_mint_token(invitation_id=invitation.pk)
    AssessmentInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DomainError) as refused:
        services.invitation_for_token(token=token)
    assert refused.value.status_code == 410
    assert invite(alice).pk != invitation.pk


def test_invitations_count_against_the_plans_assessments_limit(alice):
    plan = Plan.objects.create(code="tiny", name="Tiny", monthly_price=1, assessments=2)
    subscription_change_plan(tenant_id=alice.tenant.id, plan_code=plan.code, by=Actor.process("test"))
    definition = library_definition(alice.tenant, "typing-speed")
    by = Actor.member(alice.user)
    services.invitations_create(
        tenant=alice.tenant, by=by, definition_id=definition.pk, emails=["a@x.test", "b@x.test"]
    )
    services.invitations_create(
        tenant=alice.tenant, by=by, definition_id=definition.pk, emails=["a@x.test"]
    )  # again: free
    with pytest.raises(DomainError) as refused:
        services.invitations_create(
            tenant=alice.tenant, by=by, definition_id=definition.pk, emails=["c@x.test"]
        )
    assert refused.value.code == "plan_limit_exceeded"
    assert AssessmentInvitation.objects.filter(tenant=alice.tenant).count() == 2
    from billing.models import UsageEvent

    assert UsageEvent.objects.filter(tenant=alice.tenant, metric=UsageMetric.ASSESSMENT_INVITE).count() == 2


def test_another_tenants_assessment_or_candidate_is_not_found(alice, bob):
    definition = library_definition(bob.tenant, "typing-speed")
    with pytest.raises(NotFoundError):
        services.invitations_create(
            tenant=alice.tenant, by=Actor.member(alice.user), definition_id=definition.pk, emails=["a@x.test"]
        )
    bobs = invite(bob, "typing-speed")
    mine = library_definition(alice.tenant, "typing-speed")
    with pytest.raises(NotFoundError):
        services.invitations_create(
            tenant=alice.tenant,
            by=Actor.member(alice.user),
            definition_id=mine.pk,
            candidate_ids=[bobs.candidate_id],
        )


def test_a_full_attempt_scores_per_category_and_records_the_event(alice, invitation):
    invitation = services.attempt_start(invitation=invitation)
    assert invitation.status == AssessmentStatus.IN_PROGRESS and invitation.deadline_at > timezone.now()
    answer_everything(invitation)
    invitation = services.attempt_finish(invitation=invitation)
    assert invitation.status == AssessmentStatus.COMPLETED
    assert invitation.score_status == "PENDING" and invitation.awaiting_review == 1  # the spoken answer
    assert invitation.completion == 100 and invitation.typing_wpm > 0
    assert {c["name"] for c in invitation.category_scores} == {
        "Typing",
        "Written communication",
        "Speaking",
        "Role knowledge",
        "Numeracy",
    }
    [event] = Event.objects.filter(tenant=alice.tenant, type="assessment.completed")
    assert event.data["invitationId"] == str(invitation.pk) and "answers" not in event.data
    # A reviewer marks the spoken answer: the status follows the thresholds.
    [answer] = invitation.answers.filter(marking="AWAITING_REVIEW")
    rubric = next(q for _, q in questions(invitation.version.content) if q["id"] == answer.question_id)[
        "rubric"
    ]
    services.answer_review(
        tenant=alice.tenant, by=Actor.member(alice.user), answer_id=answer.pk, rubric_met=[True] * len(rubric)
    )
    invitation.refresh_from_db()
    assert invitation.score_status == "PASS" and invitation.total_score >= 95
    # Finishing twice changes nothing and sends no second event.
    services.attempt_finish(invitation=invitation)
    assert Event.objects.filter(type="assessment.completed").count() == 1


def test_wrong_answers_fail_and_a_low_score_passes_low(alice):
    invitation = services.attempt_start(invitation=invite(alice, "numeracy"))
    content = invitation.version.content
    all_questions = [q for _, q in questions(content)]
    # Answer 6 of 9 right: 66.7% is between the low-pass (50) and pass (70) thresholds.
    for question in all_questions[:6]:
        services.answer_save(invitation=invitation, question_id=question["id"], value=right_answer(question))
    invitation = services.attempt_finish(invitation=invitation)
    assert invitation.total_score == pytest.approx(66.7, abs=0.1) and invitation.score_status == "LOW_PASS"
    assert invitation.completion == pytest.approx(66.7, abs=0.1)
    failing = services.attempt_start(invitation=invite(alice, "numeracy", email="other@example.test"))
    assert services.attempt_finish(invitation=failing).score_status == "FAIL"


def test_answers_after_the_deadline_are_refused_and_the_attempt_ends(alice, invitation):
    invitation = services.attempt_start(invitation=invitation)
    question = next(q for _, q in questions(invitation.version.content) if q["kind"] == "NUMERIC")
    services.answer_save(invitation=invitation, question_id=question["id"], value=question["answer"])
    late = invitation.deadline_at + timedelta(seconds=30)
    with pytest.raises(services.AttemptClosedError):
        services.answer_save(invitation=invitation, question_id=question["id"], value=0, now=late)
    invitation.refresh_from_db()
    assert invitation.status == AssessmentStatus.COMPLETED and invitation.completion_reason == "TIME_UP"
    assert (
        invitation.answers.get(question_id=question["id"]).value == question["answer"]
    )  # the saved answer stands


def test_extra_time_lengthens_the_deadline(alice):
    plain = services.attempt_start(invitation=invite(alice, "numeracy"))
    extra = services.attempt_start(
        invitation=invite(alice, "numeracy", email="slow@example.test", extra_time_percent=50)
    )
    assert services.allowed_seconds(extra) == services.allowed_seconds(plain) * 1.5
    assert (extra.deadline_at - extra.started_at) == timedelta(seconds=services.allowed_seconds(extra))


def test_the_sweep_finishes_overdue_attempts_and_reminds_once(alice, django_capture_on_commit_callbacks):
    running = services.attempt_start(invitation=invite(alice))
    with django_capture_on_commit_callbacks(execute=True):
        waiting = invite(alice, "numeracy", email="late@example.test", expires_in_days=1)
    AssessmentInvitation.objects.filter(pk=waiting.pk).update(sent_at=timezone.now() - timedelta(hours=13))
    mail.outbox.clear()
    later = running.deadline_at + timedelta(minutes=1)
    outcome = services.invitations_sweep(now=later)
    assert outcome == {"finished": 1, "reminded": 1}
    running.refresh_from_db()
    assert running.status == AssessmentStatus.COMPLETED and running.completion_reason == "TIME_UP"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Reminder")
    assert services.invitations_sweep(now=later)["reminded"] == 0


def test_answering_before_reading_is_recorded_and_three_times_flags(alice):
    invitation = services.attempt_start(invitation=invite(alice, "numeracy"))
    for _, question in list(questions(invitation.version.content))[:3]:
        services.question_shown(invitation=invitation, question_id=question["id"])
        services.answer_save(invitation=invitation, question_id=question["id"], value=right_answer(question))
    assert ProctoringSignal.objects.filter(invitation=invitation, kind="FAST_ANSWER").count() == 3
    invitation = services.attempt_finish(invitation=invitation)
    assert invitation.red_flag and invitation.red_flag_reasons[0]["rule"] == "answers_too_fast"


def test_a_recording_is_judged_by_its_bytes(alice, invitation):
    invitation = services.attempt_start(invitation=invitation)
    spoken = next(q for _, q in questions(invitation.version.content) if q["kind"] == "SPOKEN")
    with pytest.raises(DomainError) as refused:
        services.recording_save(
            invitation=invitation, question_id=spoken["id"], data=b"%PDF-1.7" + b"0" * 100, seconds=3
        )
    assert refused.value.status_code == 415
    answer = services.recording_save(invitation=invitation, question_id=spoken["id"], data=WEBM, seconds=3)
    assert answer.recording_kind == "webm" and answer.marking == "AWAITING_REVIEW"


def test_typing_speed_is_over_the_whole_clock_unless_the_passage_was_finished(alice):
    invitation = services.attempt_start(invitation=invite(alice, "typing-speed"))
    first, second = [q for _, q in questions(invitation.version.content)]
    # A few words typed fast, then nothing: the speed is over the question's whole minute.
    words = first["passage"][:50].strip()
    answer = services.answer_save(
        invitation=invitation, question_id=first["id"], value={"typed": words, "elapsedMs": 3000}
    )
    assert answer.typing_wpm == pytest.approx((len(words) / 5) / (first["durationSeconds"] / 60), abs=0.1)
    # The whole passage in 30 seconds (the browser's time, and the server saw the first save 30 s before).
    start = timezone.now()
    services.answer_save(
        invitation=invitation, question_id=second["id"], value={"typed": "T", "elapsedMs": 100}, now=start
    )
    passage = second["passage"]
    answer = services.answer_save(
        invitation=invitation,
        question_id=second["id"],
        value={"typed": passage, "elapsedMs": 30_000},
        now=start + timedelta(seconds=30),
    )
    assert (
        answer.typing_wpm == pytest.approx((len(passage) / 5) / 0.5, abs=0.1)
        and answer.typing_accuracy == 100
    )
    # A browser that claims less time than the server saw is not believed.
    answer = services.answer_save(
        invitation=invitation,
        question_id=second["id"],
        value={"typed": passage, "elapsedMs": 5_000},
        now=start + timedelta(seconds=30),
    )
    assert answer.typing_wpm == pytest.approx((len(passage) / 5) / 0.5, abs=0.1)


def test_the_scorecards_of_a_person_include_those_of_records_merged_into_theirs(alice):
    from assessments.selectors import candidate_scorecards
    from candidates.models import Candidate
    from candidates.services.people import candidate_merge

    first = invite(alice, "numeracy", email="dana@example.test")
    second = invite(alice, "typing-speed", email="dana.other@example.test")
    survivor, absorbed = (Candidate.objects.get(pk=i.candidate_id) for i in (first, second))
    candidate_merge(tenant=alice.tenant, survivor=survivor, absorbed=absorbed, by=Actor.member(alice.user))
    cards = candidate_scorecards(tenant=alice.tenant, candidate_id=survivor.pk)
    assert {card.pk for card in cards} == {first.pk, second.pk}


def test_the_result_is_current_while_the_attempt_runs(alice):
    invitation = services.attempt_start(invitation=invite(alice, "numeracy"))
    first = next(q for _, q in questions(invitation.version.content))
    services.answer_save(invitation=invitation, question_id=first["id"], value=right_answer(first))
    invitation.refresh_from_db()
    assert invitation.completion == pytest.approx(100 / 9, abs=0.1) and invitation.score_status == "PENDING"
    services.signal_record(invitation=invitation, kind="TAB_HIDDEN", detail={"seconds": 90})
    invitation.refresh_from_db()
    assert invitation.red_flag and invitation.status == AssessmentStatus.IN_PROGRESS
