"""The CV processing pipeline: the one owner of an application's ``processing_status``.

State machine (``TRANSITIONS`` is the definition; nothing else writes ``processing_status``)::

    QUEUED --claim--> PARSING --advance--> SCORING --advance--> SCORED --(re-score)--> SCORED
      |                  |                    |
      +------------------+--------------------+--fail()--> FAILED --application_retry--> QUEUED

- :func:`claim` takes a step atomically (``UPDATE ... WHERE status = from``), so a task delivered
  twice works once; the redelivered message resumes its own claim, and a claim older than
  ``STALE_CLAIM_AFTER`` (a killed worker) is taken over.
- :func:`advance` is the conditional move between states (the hand-off PARSING -> SCORING, the score
  written with SCORED, a retry) and queues the next step on commit.
- :func:`fail` is the one "mark failed and emit ``application.failed``", in one transaction.
- :func:`enqueue` is the one way to queue work: it picks the step (task, hence queue) for the state,
  always through ``transaction.on_commit``.
- :func:`stalled_sweep` (``celery beat``, ``manage.py pipeline_sweep``) re-queues applications that
  sat in QUEUED, PARSING or SCORING too long (an enqueue lost after commit, a killed worker), a bounded
  number of times, then fails them with ``processing_stalled``.

Steps. Each in-flight state has one step, a Celery task that takes an id: QUEUED and PARSING run the
parse step below (``candidates.tasks.application_parse``); SCORING runs the score step, whose body is
the scoring app's (``scoring.services.application_score`` behind ``scoring.tasks.application_score``).
Apps plug their steps in at start-up (``AppConfig.ready()`` calls :func:`step_register`), so the
dependency points one way (scoring imports this module, never the reverse) and no task is looked up by
its name; the task names stay as they were, so messages queued before an upgrade still run.
``scoring.parsing`` and ``scoring.engine`` are pure packages (no Django) that the parse step uses.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import Task, current_app
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.actors import Actor
from candidates.models import PARSER_ERROR, PROCESSING_STALLED, Application, Candidate, ProcessingStatus
from candidates.services.people import candidate_upsert
from hiresscope.celery import messages_waiting, send_after_commit
from hiresscope.exceptions import ConflictError, NotFoundError
from scoring import engine, parsing
from webhooks.models import EventType
from webhooks.services import event_record

logger = logging.getLogger(__name__)

# A worker killed mid-step leaves its claim behind; after this long another delivery may take over.
STALE_CLAIM_AFTER = timedelta(minutes=10)
# Shorter than this after extraction, a "CV" is a cover page, a form or a failed scan: never score it.
MIN_CV_TEXT_CHARS = 80

QUEUED, PARSING, SCORING = ProcessingStatus.QUEUED, ProcessingStatus.PARSING, ProcessingStatus.SCORING
SCORED, FAILED = ProcessingStatus.SCORED, ProcessingStatus.FAILED
IN_FLIGHT = (QUEUED, PARSING, SCORING)
TRANSITIONS: dict[str, frozenset[str]] = {
    QUEUED: frozenset({PARSING, FAILED}),
    PARSING: frozenset({SCORING, FAILED}),
    SCORING: frozenset({SCORED, FAILED}),
    SCORED: frozenset({SCORED}),  # a re-score with new inputs (a rubric or engine change)
    FAILED: frozenset({QUEUED}),  # a retry
}


def can_move(from_status: str, to_status: str) -> bool:
    """Whether the state machine has the move ``from_status`` -> ``to_status``."""
    return to_status in TRANSITIONS.get(from_status, ())


def _check(from_statuses: Iterable[str], to_status: str) -> list[str]:
    from_statuses = list(from_statuses)
    wrong = [status for status in from_statuses if not can_move(status, to_status)]
    if wrong or not from_statuses:
        # A programming error, not a user's: the caller asked for a move the machine does not have.
        raise ValueError(f"No pipeline transition from {wrong or from_statuses} to {to_status}.")
    return from_statuses


# -- steps and the one enqueue helper ------------------------------------------------------------------
_steps: dict[str, Task] = {}


def step_register(*, statuses: Iterable[str], task: Task) -> None:
    """Plug in the task that moves applications in ``statuses`` on (called from ``AppConfig.ready()``)."""
    for status in statuses:
        if status not in IN_FLIGHT:
            raise ValueError(f"{status} applications have no step to run.")
        _steps[status] = task


def step_task(status: str) -> Task:
    """The task registered for applications in ``status``."""
    if status not in IN_FLIGHT:
        raise ValueError(f"{status} applications have no step to run.")
    try:
        return _steps[status]
    except KeyError:
        raise ImproperlyConfigured(
            f"No pipeline step is registered for {status} applications; is the app that runs it installed?"
        ) from None


def enqueue(application_id, *, status: str) -> None:
    """Queue the step for an application in ``status`` once the current transaction commits.

    Outside a transaction it is queued at once. The task routes decide the queue (``parse``, ``score``).
    """
    task = step_task(status)  # judged now, so a wrong state fails in the caller, not after the commit
    # A broker that is down loses the message, not the work: the stall sweep finds the application.
    send_after_commit(task, str(application_id))


# -- moves ---------------------------------------------------------------------------------------------
def claim(application_id, *, from_status: str, to_status: str, resume: bool = False) -> bool:
    """Move the application from one step to the next iff nobody else has: the idempotency guard.

    ``resume`` is for a redelivery of the same task (a retry, or a worker lost mid-task): it may take
    over the step it had itself claimed. A claim older than ``STALE_CLAIM_AFTER``, or released by the stall
    sweep (its worker is gone), is taken over by anyone.
    """
    _check([from_status], to_status)
    now = timezone.now()
    statuses = [from_status, to_status] if resume else [from_status]
    claimable = Application.objects.filter(pk=application_id, processing_status__in=statuses)
    if claimable.update(
        processing_status=to_status,
        processing_started_at=now,
        processing_attempts=F("processing_attempts") + 1,
    ):
        return True
    # Take over a step whose worker died long ago (acks_late redelivers its message; the sweep re-queues).
    # A claim the stall sweep released (no live worker held it) is anyone's at once.
    stale = Application.objects.filter(pk=application_id, processing_status=to_status).filter(
        Q(processing_started_at__lt=now - STALE_CLAIM_AFTER) | Q(processing_started_at__isnull=True)
    )
    return bool(stale.update(processing_started_at=now, processing_attempts=F("processing_attempts") + 1))


def advance(application_id, *, from_statuses: Iterable[str], to_status: str, **fields) -> bool:
    """Move the application to ``to_status`` iff it is still in one of ``from_statuses``, writing
    ``fields`` in the same UPDATE; the next step (if any) is queued on commit. False if it had moved."""
    from_statuses = _check(from_statuses, to_status)
    values = {"updated_at": timezone.now(), **fields, "processing_status": to_status}
    moved = Application.objects.filter(pk=application_id, processing_status__in=from_statuses).update(
        **values
    )
    if moved and to_status in IN_FLIGHT:
        enqueue(application_id, status=to_status)
    return bool(moved)


def fail(application_id, *, code: str, reason: str, from_statuses: Iterable[str] = IN_FLIGHT) -> bool:
    """Mark the application FAILED with a code (for clients) and a reason (for recruiters), and record
    the ``application.failed`` event in the same transaction.

    Only from ``from_statuses`` (by default any in-flight state), so failing twice records one event and
    a step that lost its application to a newer state cannot fail it. Returns whether it failed it now.
    """
    from_statuses = _check(from_statuses, FAILED)
    now = timezone.now()
    with transaction.atomic():
        failed = Application.objects.filter(pk=application_id, processing_status__in=from_statuses).update(
            processing_status=FAILED,
            failure_code=code,
            failure_reason=reason[:500],
            failed_at=now,
            updated_at=now,
        )
        if failed:
            ids = Application.objects.values("tenant_id", "job_id", "candidate_id").get(pk=application_id)
            event_record(
                tenant_id=ids["tenant_id"],
                type=EventType.APPLICATION_FAILED,
                data={
                    "applicationId": str(application_id),
                    "jobId": str(ids["job_id"]),
                    "candidateId": str(ids["candidate_id"]) if ids["candidate_id"] else None,
                    "processingStatus": FAILED,
                    "failureCode": code,
                },
            )
    return bool(failed)


# -- the parse step ------------------------------------------------------------------------------------
def _candidate_from_profile(application: Application, profile) -> Candidate | Application:
    """For a CV uploaded without contact details: the candidate its text names, or the application it repeats.

    Returns the duplicate application when this person already applied to the job.
    """
    email = next(iter(profile.emails), "")
    phone = next(iter(profile.phones), "")
    name = getattr(profile, "name", None) or application.cv_filename.rsplit(".", 1)[0].replace("_", " ")
    # Matched like an upload with contact details: by email, else by phone; a new record otherwise.
    candidate = candidate_upsert(tenant=application.tenant, email=email, full_name=name[:200], phone=phone)
    existing = (
        Application.objects.for_tenant(application.tenant)
        .filter(job_id=application.job_id, candidate=candidate)
        .exclude(pk=application.pk)
    )
    return existing.first() or candidate


def _parsing_flags(flags: list, hidden) -> list:
    """The application's flags with this parse's hidden-text findings (earlier parse findings replaced)."""
    kept = [f for f in flags or [] if not (isinstance(f, dict) and f.get("source") == "parsing")]
    if not hidden:
        return kept
    reasons = sorted({segment.reason for segment in hidden})
    excerpt = " ".join(segment.text for segment in hidden)
    return [
        *kept,
        {
            "code": "hidden_text",
            "message": (
                f"The CV contains text a reader cannot see ({', '.join(reasons)}); it was left out of "
                "the score."
            ),
            "excerpt": excerpt[:200] + ("\u2026" if len(excerpt) > 200 else ""),
            "source": "parsing",
        },
    ]


def application_parse(*, application_id, resume: bool = False) -> None:
    """Extract the CV's text and structured profile; then hand it to scoring. A CV we cannot read fails."""
    if not claim(application_id, from_status=QUEUED, to_status=PARSING, resume=resume):
        return
    application = Application.objects.get(pk=application_id)
    try:
        with application.cv_file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        fail(
            application_id,
            code="file_missing",
            reason="The stored CV file is missing; please upload it again.",
        )
        return
    try:
        # In a forked child with CPU, memory and wall-clock limits: a hostile file costs one application.
        extraction = parsing.extract_document_sandboxed(data, application.cv_kind)
        text = extraction.text  # visible text only: what a recruiter reads is what gets scored
        if len(text.strip()) < MIN_CV_TEXT_CHARS:
            raise parsing.UnreadableDocument(
                f"no usable text: only {len(text.strip())} characters could be read, too few for a CV",
                code="too_little_text",
            )
        profile = engine.parse_cv(text, today=timezone.localdate())
    except parsing.DocumentError as exc:
        fail(application_id, code=exc.code, reason=exc.reason)
        return
    except Exception:  # a parser bug must not leave the CV stuck in PARSING
        logger.exception("Parsing application %s failed unexpectedly", application_id)
        fail(
            application_id,
            code=PARSER_ERROR,
            reason="The CV could not be parsed because of an internal error.",
        )
        return
    with transaction.atomic():
        candidate_fields = {}
        if application.candidate_id is None:
            found = _candidate_from_profile(application, profile)
            if isinstance(found, Application):
                fail(
                    application_id,
                    code="duplicate_application",
                    reason=f"This person already applied to the job (application {found.id}).",
                )
                return
            candidate_fields["candidate"] = found
        now = timezone.now()
        # The hand-off: PARSING -> SCORING with the parse's results, and the scoring step queued on commit.
        advance(
            application_id,
            from_statuses=[ProcessingStatus.PARSING],
            to_status=ProcessingStatus.SCORING,
            **candidate_fields,
            flags=_parsing_flags(application.flags, extraction.hidden),
            parsed_at=now,
            parsed_profile=profile.to_dict(),
            parser_version=parsing.PARSER_VERSION,
            # A reader that failed left its field empty; the CV is still scored and the detail says so.
            warnings=[warning.to_dict() for warning in profile.warnings],
            processing_started_at=now,
            failure_code="",
            failure_reason="",
            failed_at=None,
        )


# -- retry ---------------------------------------------------------------------------------------------
def application_retry(*, application: Application, by: Actor) -> Application:
    """Send a failed application through parsing and scoring again.

    The one way to re-run an application (the API, the admin action and ``manage.py reprocess`` all
    come here). Idempotent: the FAILED -> QUEUED move is an atomic claim, so of two concurrent retries
    one queues the parse and the other gets the 409; a queued or running application is not re-queued.
    Nothing is charged again: the upload was counted at intake and the assess credit is taken once per
    application (``billing_services.credit_consume`` on its id).
    """
    with transaction.atomic():
        claimed = advance(
            application.pk,
            from_statuses=[ProcessingStatus.FAILED],
            to_status=ProcessingStatus.QUEUED,
            failure_code="",
            failure_reason="",
            # A person asked again: the stall sweep's restarts count from zero.
            processing_sweeps=0,
        )
    application.refresh_from_db()
    if not claimed:
        raise ConflictError(
            f"Only failed applications can be retried; this one is {application.processing_status}.",
            code="not_retryable",
        )
    return application


@dataclass(frozen=True)
class RetryCounts:
    """What a bulk re-run did: applications queued again, and those skipped (no longer failed)."""

    queued: int
    skipped: int


def applications_retry(*, application_ids: Iterable, by: Actor) -> RetryCounts:
    """Re-run many failed applications, each through :func:`application_retry` (no second path).

    Applications that are no longer FAILED when their turn comes (queued by an earlier run, being
    processed, or scored) are skipped, so running it twice queues each application once.
    """
    queued = skipped = 0
    for application_id in application_ids:
        application = Application.objects.filter(pk=application_id).first()
        try:
            if application is None:
                raise NotFoundError("Application not found.")
            application_retry(application=application, by=by)
        except (ConflictError, NotFoundError):
            skipped += 1
        else:
            queued += 1
    return RetryCounts(queued=queued, skipped=skipped)


# -- the stall sweep -----------------------------------------------------------------------------------
def stall_after() -> timedelta:
    """How long an application may sit in one in-flight state before the sweep acts.

    Never shorter than ``STALE_CLAIM_AFTER``: a re-queued parse must be able to take the old claim over,
    and a step still running (hard time limits are minutes) must not be failed under its worker.
    """
    return max(timedelta(seconds=settings.PIPELINE_STALL_AFTER_SECONDS), STALE_CLAIM_AFTER)


@dataclass(frozen=True)
class SweepCounts:
    """What a sweep did: applications queued again, those failed after too many restarts, and those left
    alone because their step's queue still holds messages (a backlog, not a loss)."""

    requeued: int
    failed: int
    waiting: int = 0


def queue_waiting(status: str) -> int | None:
    """Messages waiting in the broker queue of the step for ``status``; ``None`` when the broker cannot say.

    Tasks run in-process (no broker) have no queue: 0.
    """
    return messages_waiting(step_task(status))


def lost_after() -> timedelta:
    """How long an application must sit idle before the sweep may call its message lost, when the workers
    say no one holds it (:func:`held_by_workers`). Short: a message in the hands of a live worker is
    never called lost however long it takes, so this only has to outlast the moment between a commit and
    the broker, and between the broker and a worker's list."""
    return timedelta(seconds=settings.PIPELINE_LOST_AFTER_SECONDS)


@dataclass(frozen=True)
class WorkerHoldings:
    """What the live workers answered: the queues they consume, and the applications whose step task
    they run, hold prefetched, or keep for a retry countdown."""

    queues: frozenset[str]
    application_ids: frozenset[str]


def _step_queue(status: str) -> str:
    return current_app.amqp.router.route({}, step_task(status).name, (), {})["queue"].name


def held_by_workers(timeout: float = 1.0) -> WorkerHoldings | None:
    """Ask every worker what it holds; ``None`` when none answered or the broker is down (nothing can be
    concluded then: the sweep judges by the clock alone).

    A worker killed outright (its main process too) takes its prefetched and running messages with it:
    Redis gives them back only after the visibility timeout (an hour). The workers' own answers tell
    sooner which in-flight applications nobody holds any more.
    """
    if current_app.conf.task_always_eager:
        return None
    step_names = {task.name for task in _steps.values()}
    try:
        inspect = current_app.control.inspect(timeout=timeout)
        queues = inspect.active_queues() or {}
        if not queues:
            return None
        held = []
        for answer in (inspect.active() or {}, inspect.reserved() or {}, inspect.scheduled() or {}):
            for requests in answer.values():
                held.extend(request.get("request", request) for request in requests)
    except Exception:  # the broker is down: nothing can be concluded
        logger.warning("Stall sweep: the workers could not be asked what they hold", exc_info=True)
        return None
    application_ids = set()
    for request in held:
        if request.get("name") in step_names:
            args = request.get("args") or []
            application_id = args[0] if args else (request.get("kwargs") or {}).get("application_id")
            application_ids.add(str(application_id))
    return WorkerHoldings(
        queues=frozenset(queue["name"] for consumed in queues.values() for queue in consumed),
        application_ids=frozenset(application_ids),
    )


def stalled_sweep(*, now: datetime | None = None, limit: int = 1000) -> SweepCounts:
    """Re-queue applications stuck in QUEUED, PARSING or SCORING; fail those restarted too often.

    Stuck means either of:

    - **lost**: idle for :func:`lost_after` (a minute and a half), its step's queue empty, and no live
      worker consuming that queue holds it (:func:`held_by_workers`): its message died with a worker
      killed outright, or with a Redis that restarted empty, or never reached the broker;
    - **stalled**: no pipeline activity (a claim, a move, a previous sweep) for :func:`stall_after`,
      when the workers cannot be asked (the broker is down, no worker answered).

    Each is queued again through :func:`enqueue` up to ``PIPELINE_STALL_MAX_REQUEUES`` times (counted
    in ``processing_sweeps``, reset by a retry); the next time it is failed with ``processing_stalled``.
    A lost PARSING claim is released (``processing_started_at`` cleared) so the new delivery can take it
    over at once. Idempotent: a row is locked and re-checked before it is touched, and the sweep's own
    write restarts its clock.

    While its step's queue still holds messages, an application is waiting its turn in a backlog (a
    bulk upload of thousands of CVs), not lost: it is left alone, neither queued twice nor counted
    toward failing it. A lost message is found once the backlog has drained.
    """
    now = now or timezone.now()
    idle_since = now - min(lost_after(), stall_after())
    candidates = Application.objects.filter(
        processing_status__in=IN_FLIGHT, updated_at__lt=idle_since
    ).filter(Q(processing_started_at__isnull=True) | Q(processing_started_at__lt=idle_since))
    stalled_cutoff = now - stall_after()
    max_requeues = settings.PIPELINE_STALL_MAX_REQUEUES
    requeued = failed = waiting = 0
    application_ids = list(candidates.order_by("updated_at").values_list("pk", flat=True)[:limit])
    if not application_ids:
        return SweepCounts(requeued=0, failed=0)
    # The broker and the workers are asked once per sweep, before any row is locked (asking the workers
    # takes seconds); the workers only when a step's queue is empty (a backlog is not lost).
    backlog = {status: bool(queue_waiting(status)) for status in IN_FLIGHT}
    held = held_by_workers() if not all(backlog.values()) else None
    for application_id in application_ids:
        with transaction.atomic():
            row = (
                candidates.select_for_update()
                .filter(pk=application_id)
                .values_list("processing_status", "processing_sweeps", "updated_at", "processing_started_at")
                .first()
            )
            if row is None:  # it moved on since the list was read
                continue
            status, sweeps, updated_at, started_at = row
            if backlog[status]:
                waiting += 1
                continue
            lost = (
                held is not None
                and _step_queue(status) in held.queues
                and str(application_id) not in held.application_ids
            )
            stalled = updated_at < stalled_cutoff and (started_at is None or started_at < stalled_cutoff)
            if not (lost or stalled):
                continue  # idle a short while, but a live worker holds it (or none could be asked)
            if sweeps >= max_requeues:
                failed += fail(
                    application_id,
                    code=PROCESSING_STALLED,
                    reason=(
                        f"Processing of this CV stopped without finishing and was restarted {sweeps} "
                        f"time{'' if sweeps == 1 else 's'} in vain. Retry it; if it stops again, contact support."
                    ),
                    from_statuses=[status],
                )
                continue
            released = {"processing_started_at": None} if lost and status == PARSING else {}
            Application.objects.filter(pk=application_id).update(
                processing_sweeps=F("processing_sweeps") + 1, updated_at=timezone.now(), **released
            )
            enqueue(application_id, status=status)
            requeued += 1
    if requeued or failed:
        logger.warning("Stall sweep: %s application(s) re-queued, %s failed", requeued, failed)
    if waiting:
        logger.info("Stall sweep: %s application(s) idle behind a queue backlog, left to wait", waiting)
    return SweepCounts(requeued=requeued, failed=failed, waiting=waiting)
