"""The CV pipeline's state machine (candidates/pipeline.py): moves, claim, fail, enqueue, and the stall sweep.

Tasks run in-process (no REDIS_URL). A "lost enqueue" is an on-commit callback that is captured and never
run, which is what a process killed between the commit and the broker leaves behind.
"""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from candidates import pipeline, tasks
from candidates.models import Application, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv
from hiresscope.celery import app as celery_app
from scoring import tasks as scoring_tasks
from tests.conftest import queued
from webhooks.models import Event, EventType

pytestmark = pytest.mark.django_db

CV_TEXT = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text
QUEUED, PARSING, SCORING = ProcessingStatus.QUEUED, ProcessingStatus.PARSING, ProcessingStatus.SCORING
SCORED, FAILED = ProcessingStatus.SCORED, ProcessingStatus.FAILED


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant)


def upload_and_lose_the_enqueue(persona, job, capture, *, email="mara@example.test") -> str:
    """Upload a CV whose on-commit parse enqueue is dropped: the row commits QUEUED, no task ever runs."""
    with capture(execute=False) as dropped:
        response = persona.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {
                "file": SimpleUploadedFile("cv.txt", render_cv(CV_TEXT, "txt")),
                "email": email,
                "fullName": "M",
            },
            format="multipart",
        )
    assert response.status_code == 202, response.content[:300]
    assert (tasks.application_parse, (response.json()["id"],)) in queued(dropped)
    return response.json()["id"]


def status_of(application_id) -> str:
    return Application.objects.get(id=application_id).processing_status


def events(type_) -> list[dict]:
    return [event.data for event in Event.objects.filter(type=type_).order_by("created_at")]


# -- the state machine ---------------------------------------------------------------------------------
def test_the_transition_table_is_the_documented_machine():
    assert pipeline.can_move(QUEUED, PARSING) and pipeline.can_move(PARSING, SCORING)
    assert pipeline.can_move(SCORING, SCORED) and pipeline.can_move(SCORED, SCORED)
    assert all(pipeline.can_move(status, FAILED) for status in (QUEUED, PARSING, SCORING))
    assert pipeline.can_move(FAILED, QUEUED)
    # No skipping a step, no going back except by a retry, nothing out of SCORED but a re-score.
    assert not pipeline.can_move(QUEUED, SCORING) and not pipeline.can_move(PARSING, QUEUED)
    assert not pipeline.can_move(SCORED, FAILED) and not pipeline.can_move(FAILED, SCORED)


def test_a_move_outside_the_table_is_a_programming_error(alice, job, django_capture_on_commit_callbacks):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)

    with pytest.raises(ValueError, match="No pipeline transition"):
        pipeline.advance(application_id, from_statuses=[QUEUED], to_status=SCORED)
    with pytest.raises(ValueError, match="No pipeline transition"):
        pipeline.claim(application_id, from_status=QUEUED, to_status=SCORING)
    assert status_of(application_id) == QUEUED


def test_claim_takes_a_step_once_resumes_its_own_and_takes_over_a_stale_one(
    alice, job, django_capture_on_commit_callbacks
):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)

    assert pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING)
    assert not pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING)  # a second delivery
    assert pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING, resume=True)  # its own
    Application.objects.filter(id=application_id).update(
        processing_started_at=timezone.now() - pipeline.STALE_CLAIM_AFTER - timedelta(seconds=1)
    )
    assert pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING)  # the worker died long ago
    assert Application.objects.get(id=application_id).processing_attempts == 3


def test_advance_moves_only_from_the_expected_state_and_queues_the_next_step(
    alice, job, django_capture_on_commit_callbacks
):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    Application.objects.filter(id=application_id).update(processing_status=PARSING)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert pipeline.advance(application_id, from_statuses=[PARSING], to_status=SCORING)
        assert not pipeline.advance(application_id, from_statuses=[PARSING], to_status=SCORING)

    assert status_of(application_id) == SCORING
    assert queued(callbacks) == [(scoring_tasks.application_score, (str(application_id),))]


# -- fail() --------------------------------------------------------------------------------------------
def test_fail_marks_failed_and_records_exactly_one_event(alice, job, django_capture_on_commit_callbacks):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)

    assert pipeline.fail(application_id, code="file_missing", reason="The stored CV file is missing.")
    assert not pipeline.fail(application_id, code="file_missing", reason="again")  # already failed

    application = Application.objects.get(id=application_id)
    assert (application.processing_status, application.failure_code) == (FAILED, "file_missing")
    assert application.failure_reason == "The stored CV file is missing." and application.failed_at
    assert events(EventType.APPLICATION_FAILED) == [
        {
            "applicationId": application_id,
            "jobId": str(job.id),
            "candidateId": str(application.candidate_id),
            "processingStatus": FAILED,
            "failureCode": "file_missing",
        }
    ]


def test_fail_leaves_an_application_that_moved_on_alone(alice, job, django_capture_on_commit_callbacks):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    Application.objects.filter(id=application_id).update(processing_status=SCORED)

    assert not pipeline.fail(application_id, code="scoring_error", reason="late", from_statuses=[SCORING])
    assert not pipeline.fail(application_id, code="scoring_error", reason="late")  # SCORED is not in flight
    assert status_of(application_id) == SCORED and not events(EventType.APPLICATION_FAILED)


# -- enqueue() -----------------------------------------------------------------------------------------
def test_enqueue_picks_the_step_for_the_state_and_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for status in (QUEUED, PARSING, SCORING):
            pipeline.enqueue("a1", status=status)
    assert queued(callbacks) == [
        (tasks.application_parse, ("a1",)),
        (tasks.application_parse, ("a1",)),
        (scoring_tasks.application_score, ("a1",)),
    ]
    for status in (SCORED, FAILED):
        with pytest.raises(ValueError, match="no step"):
            pipeline.enqueue("a1", status=status)


def test_the_steps_keep_the_task_names_and_queues_already_in_use():
    # Messages queued before an upgrade name these tasks; the routes send them to the same queues.
    assert celery_app.tasks["candidates.tasks.application_parse"].name == tasks.application_parse.name
    assert celery_app.tasks["scoring.tasks.application_score"].name == scoring_tasks.application_score.name
    assert pipeline.step_task(PARSING).name == "candidates.tasks.application_parse"
    assert pipeline.step_task(SCORING).name == "scoring.tasks.application_score"
    assert settings.CELERY_TASK_ROUTES["candidates.tasks.application_parse"]["queue"].endswith("parse")
    assert settings.CELERY_TASK_ROUTES["scoring.tasks.application_score"]["queue"].endswith("score")


def test_candidates_does_not_import_the_scoring_app():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "candidates"
    offenders = [
        str(path.relative_to(root.parent))
        for path in root.rglob("*.py")
        if "api" not in path.parts
        for line in path.read_text().splitlines()
        if line.lstrip().startswith(("from scoring", "import scoring"))
        # The pure packages (no Django) are not the scoring app.
        and not line.lstrip().startswith(("from scoring import engine", "from scoring import parsing"))
    ]
    assert offenders == []


# -- the stall sweep -----------------------------------------------------------------------------------
def later(minutes: float = 0):
    """A clock past the stall timeout (plus ``minutes``), as beat would see it then."""
    return time_machine.travel(timezone.now() + pipeline.stall_after() + timedelta(minutes=1 + minutes))


def test_a_lost_enqueue_is_finished_by_the_beat_sweep_without_anyone_touching_it(
    alice, job, django_capture_on_commit_callbacks
):
    # Given an application whose parse was never queued (the process died between commit and broker)
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)

    # When beat runs the sweep before the timeout, nothing happens; after it, the work is queued again
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.pipeline_sweep.apply().get() == {"requeued": 0, "failed": 0, "waiting": 0}
    assert status_of(application_id) == QUEUED
    with later(), django_capture_on_commit_callbacks(execute=True):
        assert tasks.pipeline_sweep.apply().get() == {"requeued": 1, "failed": 0, "waiting": 0}

    # Then it ends scored, with its event, as if nothing had been lost
    application = Application.objects.get(id=application_id)
    assert application.processing_status == SCORED and application.score is not None
    assert application.processing_sweeps == 1
    assert [e["applicationId"] for e in events(EventType.APPLICATION_SCORED)] == [application_id]


def test_a_lost_hand_off_to_scoring_is_finished_by_the_sweep(alice, job, django_capture_on_commit_callbacks):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):  # parsed; the score enqueue is lost
        tasks.application_parse.apply(args=[application_id])
    assert status_of(application_id) == SCORING

    with later(), django_capture_on_commit_callbacks(execute=True):
        assert pipeline.stalled_sweep().requeued == 1

    assert status_of(application_id) == SCORED


def test_a_parse_whose_worker_was_killed_is_taken_over_after_the_sweep(
    alice, job, django_capture_on_commit_callbacks
):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    assert pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING)  # then the worker died

    with later(), django_capture_on_commit_callbacks(execute=True):
        assert pipeline.stalled_sweep().requeued == 1

    application = Application.objects.get(id=application_id)
    assert application.processing_status == SCORED and application.processing_attempts == 2


def test_the_sweep_leaves_recent_and_finished_applications_alone(
    alice, job, django_capture_on_commit_callbacks
):
    stuck = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        scored = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {
                "file": SimpleUploadedFile("b.txt", render_cv(CV_TEXT, "txt")),
                "email": "b@x.test",
                "fullName": "B",
            },
            format="multipart",
        ).json()["id"]
    assert status_of(scored) == SCORED

    assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=0, failed=0)  # not stalled yet
    with later(), django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=1, failed=0)
        # Just swept: its clock restarted, so a second sweep at once does nothing
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=0, failed=0)
    assert queued(callbacks) == [(tasks.application_parse, (stuck,))]


def test_an_application_that_keeps_stalling_fails_clearly_and_a_retry_starts_afresh(
    alice, job, settings, django_capture_on_commit_callbacks
):
    settings.PIPELINE_STALL_MAX_REQUEUES = 2
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)

    # Every re-queue is lost too (a broker that keeps dropping it)
    for round_ in range(3):
        with later(minutes=round_ * 30), django_capture_on_commit_callbacks(execute=False):
            counts = pipeline.stalled_sweep()
        assert counts == (
            pipeline.SweepCounts(requeued=1, failed=0) if round_ < 2 else pipeline.SweepCounts(0, 1)
        )

    application = Application.objects.get(id=application_id)
    assert (application.processing_status, application.failure_code) == (FAILED, "processing_stalled")
    assert "restarted 2 times" in application.failure_reason and "Retry" in application.failure_reason
    assert [e["failureCode"] for e in events(EventType.APPLICATION_FAILED)] == ["processing_stalled"]

    with django_capture_on_commit_callbacks(execute=True):
        response = alice.client.post(f"/api/v1/applications/{application_id}/retry")
    assert response.status_code == 202
    application.refresh_from_db()
    assert (application.processing_status, application.processing_sweeps) == (SCORED, 0)


def test_an_application_behind_a_queue_backlog_is_left_to_wait_then_swept_once_it_drains(
    alice, job, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PIPELINE_STALL_MAX_REQUEUES = 1
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    waiting_in_queue = {"count": 4000}  # a bulk upload of thousands: the broker holds its messages
    monkeypatch.setattr(pipeline, "queue_waiting", lambda status: waiting_in_queue["count"])

    # While the parse queue holds messages, the sweep neither queues it twice nor counts toward failing it
    for round_ in range(4):
        with later(minutes=round_ * 30), django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=0, failed=0, waiting=1)
        assert callbacks == []
    assert status_of(application_id) == QUEUED

    # Once the backlog has drained, a message still missing is a lost one: queued again, and scored
    waiting_in_queue["count"] = 0
    with later(minutes=150), django_capture_on_commit_callbacks(execute=True):
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=1, failed=0)
    assert status_of(application_id) == SCORED


def test_without_a_broker_nothing_is_waiting_in_a_queue():
    assert pipeline.queue_waiting(QUEUED) == 0


def test_the_stall_timeout_is_never_shorter_than_the_stale_claim_takeover(settings):
    settings.PIPELINE_STALL_AFTER_SECONDS = 30
    assert pipeline.stall_after() == pipeline.STALE_CLAIM_AFTER
    settings.PIPELINE_STALL_AFTER_SECONDS = 3600
    assert pipeline.stall_after() == timedelta(hours=1)


def test_beat_runs_the_sweep_and_manage_py_runs_it_once(alice, job, django_capture_on_commit_callbacks):
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["candidates.tasks.pipeline_sweep"]["schedule"] <= pipeline.lost_after().total_seconds()
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)

    out = StringIO()
    with later(), django_capture_on_commit_callbacks(execute=True):
        call_command("pipeline_sweep", stdout=out)

    assert "1 re-queued, 0 failed" in out.getvalue()
    assert status_of(application_id) == SCORED


# -- lost messages: the workers are asked what they hold ------------------------------------------------
def answering_workers(monkeypatch, *held_ids) -> None:
    """Live workers consuming every step's queue answer that they hold ``held_ids`` (the real asking
    needs a broker: tests/test_pipeline_worker.py and tests/test_faults.py do it)."""
    queues = frozenset(pipeline._step_queue(status) for status in pipeline.IN_FLIGHT)
    holdings = pipeline.WorkerHoldings(queues=queues, application_ids=frozenset(map(str, held_ids)))
    monkeypatch.setattr(pipeline, "held_by_workers", lambda timeout=1.0: holdings)


def shortly_after():
    """Past the lost-message wait, well before the stall timeout."""
    return time_machine.travel(timezone.now() + pipeline.lost_after() + timedelta(seconds=5))


def test_a_claim_no_live_worker_holds_is_released_and_taken_over_soon_not_after_the_stall_timeout(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    # Given a parse whose worker was killed outright (main process too): its claim is left behind
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    assert pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING)
    answering_workers(monkeypatch)  # the restarted worker answers; it holds nothing

    # When the sweep runs a minute and a half later: found lost, re-queued, its claim released
    assert pipeline.lost_after() < pipeline.stall_after()
    with shortly_after(), django_capture_on_commit_callbacks(execute=True):
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=1, failed=0)

    # Then the new delivery took the claim over at once and the CV is scored, once
    application = Application.objects.get(id=application_id)
    assert (application.processing_status, application.processing_attempts) == (SCORED, 2)
    assert [e["applicationId"] for e in events(EventType.APPLICATION_SCORED)] == [application_id]


def test_an_application_a_live_worker_holds_is_never_called_lost(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    # A long parse, or a retry waiting for its countdown: the worker says it holds it
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    assert pipeline.claim(application_id, from_status=QUEUED, to_status=PARSING)
    answering_workers(monkeypatch, application_id)

    with shortly_after(), django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=0, failed=0)
    assert queued(callbacks) == [] and status_of(application_id) == PARSING


def test_when_no_worker_answers_only_the_stall_timeout_counts(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    monkeypatch.setattr(pipeline, "held_by_workers", lambda timeout=1.0: None)  # none answered

    with shortly_after(), django_capture_on_commit_callbacks(execute=False):
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=0, failed=0)
    with later(), django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=1, failed=0)
    assert queued(callbacks) == [(tasks.application_parse, (application_id,))]


def test_a_worker_answering_for_other_queues_says_nothing_about_this_one(
    alice, job, monkeypatch, django_capture_on_commit_callbacks
):
    # Only the score worker is up: a parse nobody can take is not re-queued onto the parse queue early
    application_id = upload_and_lose_the_enqueue(alice, job, django_capture_on_commit_callbacks)
    score_queue = frozenset({pipeline._step_queue(SCORING)})
    holdings = pipeline.WorkerHoldings(queues=score_queue, application_ids=frozenset())
    monkeypatch.setattr(pipeline, "held_by_workers", lambda timeout=1.0: holdings)

    with shortly_after(), django_capture_on_commit_callbacks(execute=False):
        assert pipeline.stalled_sweep() == pipeline.SweepCounts(requeued=0, failed=0)
    assert status_of(application_id) == QUEUED


def test_without_a_broker_the_workers_are_not_asked():
    assert pipeline.held_by_workers() is None  # tasks run in-process: there are no workers
