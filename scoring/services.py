"""Writes of the scoring app: rubric versions, CV analyses, scores, re-scoring runs, job reviews.

The engine (``scoring.engine``) is pure; this module feeds it stored data and stores what it returns.
A score depends only on (engine version, rubric content, CV text, encoder), hashed into
``Application.score_input_hash``, so work whose inputs have not changed is skipped.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from accounts.actors import Actor
from accounts.audit import audit_record
from billing import services as billing_services
from candidates import pipeline
from candidates.analytics import analytics_invalidate
from candidates.explanations import must_have_verdicts
from candidates.models import SCORING_ERROR, Application, ProcessingStatus
from hiresscope.celery import messages_waiting, send_after_commit
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError
from jobs.models import Job
from scoring import engine, optimizer
from scoring.models import (
    CvAnalysis,
    JobReview,
    JobRubric,
    RescoreReason,
    RescoreRun,
    RescoreStatus,
    ReviewTrigger,
    RubricSource,
)
from webhooks.models import EventType
from webhooks.services import event_record

logger = logging.getLogger(__name__)

# Who brings a rubric up to date when nobody asked: the first read of a job that has none yet.
RUBRIC_EXTRACTION = Actor.process("rubric extraction")
RESCORE_BATCH = 500
# A run without progress this long has lost its chain: twice the batch's hard limit (300 s), beyond its
# longest retry countdown (300 s).
RESCORE_LOST_AFTER = timedelta(minutes=10)
SCOREABLE = (ProcessingStatus.SCORING, ProcessingStatus.SCORED)


# -- rubrics -----------------------------------------------------------------------------------------
def _extracted_requirements(job: Job) -> engine.JobRequirements:
    return engine.job_requirements(
        title=job.title,
        description=job.description,
        required_skills=list(job.required_skills),
        nice_to_have_skills=list(job.nice_to_have_skills),
        min_years_experience=float(job.min_years_experience)
        if job.min_years_experience is not None
        else None,
        education_level=job.education_level or None,
        languages=list(job.languages),
        location=job.location,
    )


def requirements_of(rubric: JobRubric) -> engine.JobRequirements:
    """The engine's view of a stored rubric version."""
    return engine.requirements_from_rubric(rubric.rubric, title=rubric.title, description=rubric.description)


def _current(job: Job) -> JobRubric | None:
    return JobRubric.objects.filter(job=job).order_by("-version").first()


def _write_version(
    *, job: Job, requirements: engine.JobRequirements, source: str, by: Actor
) -> tuple[JobRubric, bool]:
    """(current rubric, created): a new version only when the content or its source changes."""
    content_hash = requirements.content_hash()
    current = _current(job)
    if current is not None and current.content_hash == content_hash and current.source == source:
        return current, False
    version = (current.version if current else 0) + 1
    try:
        with transaction.atomic():
            rubric = JobRubric.objects.create(
                tenant_id=job.tenant_id,
                job=job,
                version=version,
                source=source,
                rubric=requirements.rubric(),
                title=requirements.title,
                description=requirements.description,
                content_hash=content_hash,
                engine_version=engine.ENGINE_VERSION,
                created_by=by.user,
            )
    except IntegrityError:  # a concurrent writer took this version number; theirs is as current as ours
        return _current(job), False
    return rubric, True


def rubric_sync(*, job: Job, by: Actor) -> JobRubric:
    """Bring the job's rubric up to date with the job after a create or an update.

    An extracted rubric is re-extracted; an employer's override keeps its requirements and only takes the
    new title and description.  A changed rubric starts a re-scoring run.
    """
    current = _current(job)
    if current is not None and current.source == RubricSource.EMPLOYER:
        requirements = engine.requirements_from_rubric(
            current.rubric, title=job.title, description=job.description
        )
        source = RubricSource.EMPLOYER
    else:
        requirements, source = _extracted_requirements(job), RubricSource.EXTRACTED
    rubric, created = _write_version(job=job, requirements=requirements, source=source, by=by)
    if created and current is not None:
        rescore_start(job=job, rubric=rubric, reason=RescoreReason.RUBRIC_CHANGED)
    return rubric


def rubric_get(*, job: Job) -> JobRubric:
    """The job's current rubric, extracting the first version if the job has none yet."""
    return _current(job) or rubric_sync(job=job, by=RUBRIC_EXTRACTION)


def current_rubrics(*, jobs: list[Job]) -> dict:
    """Each job's current rubric in two queries (rubrics are extracted for jobs that have none yet)."""
    latest = (
        JobRubric.objects.filter(job__in=jobs)
        .values("job_id")
        .annotate(version=Max("version"))
        .values_list("job_id", "version")
    )
    wanted = Q()
    for job_id, version in latest:
        wanted |= Q(job_id=job_id, version=version)
    found = {r.job_id: r for r in JobRubric.objects.filter(wanted)} if latest else {}
    for job in jobs:
        if job.pk not in found:
            found[job.pk] = rubric_sync(job=job, by=RUBRIC_EXTRACTION)
    return found


def employer_requirements(*, job: Job, rubric: dict) -> engine.JobRequirements:
    """The engine's reading of an employer's rubric for ``job``; DomainError (invalid_rubric) if it has none.

    Saving an override and previewing a draft both start here, so a draft the preview accepts saves.
    """
    try:
        return engine.requirements_from_rubric(rubric, title=job.title, description=job.description)
    except ValueError as exc:
        raise DomainError(
            f"Invalid rubric: {exc}", code=ErrorCode.INVALID_RUBRIC, fields={"requirements": [str(exc)]}
        ) from exc


def rubric_override(*, job: Job, rubric: dict, by: Actor) -> JobRubric:
    """Replace the job's requirements with the employer's; raises DomainError for an invalid rubric."""
    requirements = employer_requirements(job=job, rubric=rubric)
    with transaction.atomic():
        previous = _current(job)
        created_rubric, created = _write_version(
            job=job, requirements=requirements, source=RubricSource.EMPLOYER, by=by
        )
        if created:
            _rubric_audit(
                job=job, by=by, action="rubric.overridden", rubric=created_rubric, previous=previous
            )
            rescore_start(job=job, rubric=created_rubric, reason=RescoreReason.RUBRIC_CHANGED)
    return created_rubric


def rubric_reset(*, job: Job, by: Actor) -> JobRubric:
    """Drop the employer's override: back to the rubric the engine extracts from the job."""
    with transaction.atomic():
        previous = _current(job)
        rubric, created = _write_version(
            job=job, requirements=_extracted_requirements(job), source=RubricSource.EXTRACTED, by=by
        )
        if created:
            _rubric_audit(job=job, by=by, action="rubric.reset", rubric=rubric, previous=previous)
            rescore_start(job=job, rubric=rubric, reason=RescoreReason.RUBRIC_CHANGED)
    return rubric


def _rubric_audit(*, job: Job, by: Actor, action: str, rubric: JobRubric, previous: JobRubric | None) -> None:
    audit_record(
        tenant_id=job.tenant_id,
        by=by,
        action=action,
        target_type="job",
        target_id=job.pk,
        details={"version": rubric.version, "fromVersion": previous.version if previous else None},
    )


def rubric_embedding(
    rubric: JobRubric, requirements: engine.JobRequirements
) -> engine.RubricEmbedding | None:
    """The rubric's stored vectors, computed and stored on first use (None without an encoder)."""
    encoder = engine.semantic_version()
    if encoder is None:
        return None
    if rubric.embedding and rubric.encoder == encoder:
        try:
            return engine.RubricEmbedding.from_bytes(bytes(rubric.embedding))
        except (ValueError, KeyError):
            logger.warning("Stored embedding of rubric %s is unreadable; recomputing", rubric.pk)
    embedded = engine.embed_rubric(requirements)
    JobRubric.objects.filter(pk=rubric.pk).update(embedding=embedded.to_bytes(), encoder=encoder)
    rubric.embedding, rubric.encoder = embedded.to_bytes(), encoder
    return embedded


# -- CV analysis and scoring ---------------------------------------------------------------------------
def analysis_for(
    application: Application, *, cv: engine.ParsedCV
) -> tuple[engine.CVFeatures, engine.CVEmbedding | None]:
    """The application's stored features and vectors, computed and stored on first use or when stale."""
    encoder = engine.semantic_version() or ""
    try:
        stored = application.analysis  # loaded with select_related by batch callers
    except CvAnalysis.DoesNotExist:
        stored = None
    if stored is not None and stored.engine_version == engine.ANALYSIS_VERSION and stored.encoder == encoder:
        try:
            features = engine.CVFeatures.from_dict(stored.features)
            embedding = engine.CVEmbedding.from_bytes(bytes(stored.embedding)) if stored.embedding else None
            return features, embedding
        except (ValueError, KeyError):
            logger.warning("Stored analysis of %s is unreadable; recomputing", application.pk)
    features = engine.cv_features(cv.text)
    embedding = engine.embed_cv(cv, features)
    CvAnalysis.objects.update_or_create(
        application_id=application.pk,
        defaults={
            "features": features.to_dict(),
            "embedding": embedding.to_bytes() if embedding is not None else None,
            "encoder": encoder,
            "engine_version": engine.ANALYSIS_VERSION,
        },
    )
    return features, embedding


def _flags(application: Application, features: engine.CVFeatures) -> list:
    """The application's flags with the integrity findings of this analysis (others kept)."""
    kept = [f for f in application.flags or [] if not (isinstance(f, dict) and f.get("source") == "scoring")]
    return kept + [{**flag.to_dict(), "source": "scoring"} for flag in features.integrity]


def score_application(
    application: Application, rubric: JobRubric, requirements: engine.JobRequirements
) -> tuple[engine.ScoreResult, engine.CVFeatures]:
    """Score an application's stored profile against a rubric, with the stored features and vectors."""
    return score_profile(
        application, requirements, rubric_vectors=lambda: rubric_embedding(rubric, requirements)
    )


def score_profile(
    application: Application,
    requirements: engine.JobRequirements,
    *,
    rubric_vectors: Callable[[], engine.RubricEmbedding | None],
) -> tuple[engine.ScoreResult, engine.CVFeatures]:
    """Score an application's stored profile against any requirements, saved as a rubric or not.

    ``rubric_vectors`` is only called when the CV has vectors: a stored rubric keeps its own, a draft
    (``scoring.preview``) computes them without storing anything.
    """
    cv = engine.ParsedCV.from_dict(application.parsed_profile)
    features, embedding = analysis_for(application, cv=cv)
    vectors = rubric_vectors() if embedding is not None else None
    result = engine.score_cv(
        cv, requirements, features=features, cv_embedding=embedding, rubric_embedding=vectors
    )
    return result, features


def _score_fields(
    application: Application, rubric: JobRubric, requirements: engine.JobRequirements
) -> dict | None:
    """The fields a fresh score writes, or None when the stored score has the same inputs."""
    result, features = score_application(application, rubric, requirements)
    if (
        application.score_input_hash == result.input_hash
        and application.engine_version == result.engine_version
        and application.rubric_version == rubric.version
        and application.processing_status == ProcessingStatus.SCORED
    ):
        return None
    now = timezone.now()
    return {
        "score": result.score,
        "score_breakdown": result.breakdown,
        "explanation": result.explanation,
        "must_haves": must_have_verdicts(result.explanation),
        "engine_version": result.engine_version,
        "score_input_hash": result.input_hash,
        "rubric_version": rubric.version,
        "flags": _flags(application, features),
        "scored_at": now,
        "processing_status": ProcessingStatus.SCORED,
        "updated_at": now,
    }


# The database out of reach (a restart, a failover) while scoring: an error of the moment, not of the CV.
# The catch-alls below would mark the application FAILED (scoring_error) whenever that write still got
# through; these propagate instead, to the tasks' retries (the same errors as their autoretry_for).
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)


def application_score(*, application_id) -> None:
    """The CV pipeline's score step (``candidates.pipeline``): score the stored profile against the job's
    current rubric, SCORING -> SCORED (idempotent: unchanged inputs write nothing)."""
    application = (
        Application.objects.select_related("job")
        .filter(pk=application_id, processing_status__in=SCOREABLE)
        .first()
    )
    if application is None or application.parsed_profile is None:
        return
    rubric = rubric_get(job=application.job)
    try:
        fields = _score_fields(application, rubric, requirements_of(rubric))
    except DATABASE_UNREACHABLE:
        raise  # not the CV's fault: the task retries it (autoretry_for) once the database answers
    except Exception:
        logger.exception("Scoring application %s failed unexpectedly", application_id)
        pipeline.fail(
            application_id,
            code=SCORING_ERROR,
            reason="The CV could not be scored because of an internal error.",
            from_statuses=[ProcessingStatus.SCORING],
        )
        return
    if fields is None:
        return
    fields.pop("processing_status")  # the pipeline's move writes it
    try:
        with transaction.atomic():
            # The assess credit, charged once per application (a re-score finds it charged) and in the
            # score's transaction: no score written, no credit taken.
            billing_services.credit_consume(tenant_id=application.tenant_id, source_id=application.pk)
            # The event commits with the score: a webhook never announces a score the database does not have.
            scored = pipeline.advance(
                application_id, from_statuses=SCOREABLE, to_status=ProcessingStatus.SCORED, **fields
            )
            if not scored:
                transaction.set_rollback(True)
            if scored:
                analytics_invalidate(tenant_id=application.tenant_id)
                event_record(
                    tenant_id=application.tenant_id,
                    type=EventType.APPLICATION_SCORED,
                    data={
                        **_event_ids(application),
                        "processingStatus": ProcessingStatus.SCORED,
                        "score": fields["score"],
                    },
                )
    except billing_services.PlanLimitExceeded as exc:
        # The period's credits ran out between upload and scoring: a clear failure, retried later by the
        # employer (POST /applications/:id/retry) once the plan allows it.
        pipeline.fail(
            application.pk,
            code="credits_exhausted",
            reason="Not scored: " + exc.message,
            from_statuses=[ProcessingStatus.SCORING],
        )


def _event_ids(application: Application) -> dict:
    """The ids a webhook payload about an application carries (never personal data)."""
    return {
        "applicationId": str(application.pk),
        "jobId": str(application.job_id),
        "candidateId": str(application.candidate_id) if application.candidate_id else None,
    }


# -- re-scoring runs -----------------------------------------------------------------------------------
def _rescorable(job: Job):
    return Application.objects.filter(
        job=job, parsed_profile__isnull=False, processing_status__in=SCOREABLE
    ).select_related("analysis")


def rescore_start(*, job: Job, rubric: JobRubric, reason: str) -> RescoreRun:
    """Start re-scoring the job's applications against ``rubric``; older unfinished runs are superseded."""
    RescoreRun.objects.filter(job=job, status__in=[RescoreStatus.QUEUED, RescoreStatus.RUNNING]).update(
        status=RescoreStatus.SUPERSEDED, finished_at=timezone.now()
    )
    run = RescoreRun.objects.create(
        tenant_id=job.tenant_id,
        job=job,
        rubric=rubric,
        reason=reason,
        engine_version=engine.ENGINE_VERSION,
        total=_rescorable(job).count(),
    )
    _enqueue_rescore(run.pk)
    return run


def _enqueue_rescore(run_id) -> None:
    from scoring.tasks import rescore_batch

    send_after_commit(rescore_batch, str(run_id))


def rescore_batch(*, run_id, batch_size: int = RESCORE_BATCH) -> bool:
    """Re-score the next batch of a run; True when more batches remain (the task then queues the next).

    Resumable and idempotent: the cursor records the last application done, and applications whose
    stored input hash already matches are counted as processed without a write.
    """
    run = RescoreRun.objects.select_related("job", "rubric").filter(pk=run_id).first()
    if run is None:
        return False
    return rescore_batch_of(run, batch_size=batch_size)


def rescore_batch_of(run: RescoreRun, *, batch_size: int = RESCORE_BATCH) -> bool:
    """:func:`rescore_batch` on a run as it was read (``run.cursor`` is where this batch starts)."""
    if run.status not in (RescoreStatus.QUEUED, RescoreStatus.RUNNING):
        return False
    if run.status == RescoreStatus.QUEUED:
        RescoreRun.objects.filter(pk=run.pk, status=RescoreStatus.QUEUED).update(
            status=RescoreStatus.RUNNING, started_at=timezone.now(), progressed_at=timezone.now()
        )
    requirements = requirements_of(run.rubric)
    batch = _rescorable(run.job).order_by("pk")
    if run.cursor is not None:
        batch = batch.filter(pk__gt=run.cursor)
    applications = list(batch[:batch_size])
    changed: list[Application] = []
    failed = 0
    written_fields: set[str] = set()
    for application in applications:
        try:
            fields = _score_fields(application, run.rubric, requirements)
        except DATABASE_UNREACHABLE:
            raise  # the batch is retried whole; counting it "failed" would skip the application for good
        except Exception:
            logger.exception("Re-scoring application %s failed", application.pk)
            failed += 1
            continue
        if fields is None:
            continue
        for name, value in fields.items():
            setattr(application, name, value)
        written_fields.update(fields)
        changed.append(application)
    with transaction.atomic():
        if changed:
            Application.objects.bulk_update(changed, sorted(written_fields), batch_size=250)
        more = len(applications) == batch_size
        update = {
            "processed": F("processed") + len(applications),
            "changed": F("changed") + len(changed),
            "failed": F("failed") + failed,
        }
        if applications:
            update["cursor"] = applications[-1].pk
        if not more:
            update.update(status=RescoreStatus.DONE, finished_at=timezone.now())
        # Conditional on the cursor this batch started from: if two chains of the same run ever run at
        # once (a resume while the original was only slow), one batch counts and the other chain ends.
        still_ours = RescoreRun.objects.filter(
            pk=run.pk, status__in=[RescoreStatus.QUEUED, RescoreStatus.RUNNING], cursor=run.cursor
        ).update(**update, progressed_at=timezone.now())
    return bool(still_ours) and more


def rescore_runs_resume(*, now: datetime | None = None) -> int:
    """Queue the next batch of every run that stopped moving; returns how many were resumed (beat).

    A run is a chain of ``rescore_batch`` tasks, each queuing the next. When that message is lost (Redis
    restarted empty, a worker killed outright, the broker down when it was queued), nothing else would
    carry the run on, and the job could not be re-scored again while it sits QUEUED or RUNNING. A run
    with no progress for ``RESCORE_LOST_AFTER`` (twice the batch's hard time limit, beyond any retry
    countdown) is resumed from its cursor, unless the score queue holds messages (then the batch is
    waiting its turn in a backlog). A batch that did run twice counts once (the cursor condition above).
    """
    cutoff = (now or timezone.now()) - RESCORE_LOST_AFTER
    resumed = 0
    stopped = RescoreRun.objects.filter(
        status__in=[RescoreStatus.QUEUED, RescoreStatus.RUNNING], progressed_at__lt=cutoff
    )
    run_ids = list(stopped.values_list("pk", flat=True)[:1000])
    if not run_ids:
        return 0
    from scoring.tasks import rescore_batch

    if messages_waiting(rescore_batch):
        return 0  # a backlog on the score queue: the batches are waiting, not lost
    for run_id in run_ids:
        if stopped.filter(pk=run_id).update(progressed_at=timezone.now()):
            _enqueue_rescore(run_id)
            resumed += 1
    if resumed:
        logger.warning("Re-scoring: %s run(s) had stopped moving and were resumed from their cursor", resumed)
    return resumed


def rescore_stale_jobs() -> int:
    """Start a run for every job whose scored applications are of another engine version or rubric.

    Runs from Celery beat and after a deploy (``manage.py rescore --stale``); returns the runs started.
    """
    started = 0
    stale_jobs = (
        Application.objects.filter(processing_status=ProcessingStatus.SCORED)
        .exclude(engine_version=engine.ENGINE_VERSION)
        .values_list("job_id", flat=True)
        .distinct()
    )
    for job in Job.objects.filter(pk__in=list(stale_jobs), deleted_at__isnull=True):
        if RescoreRun.objects.filter(
            job=job, status__in=[RescoreStatus.QUEUED, RescoreStatus.RUNNING]
        ).exists():
            continue
        rubric = rubric_get(job=job)
        if rubric.engine_version != engine.ENGINE_VERSION:
            rubric = rubric_sync(job=job, by=Actor.process("engine upgrade re-scoring"))
        rescore_start(job=job, rubric=rubric, reason=RescoreReason.ENGINE_CHANGED)
        started += 1
    return started


def rescore_request(*, job: Job, by: Actor) -> RescoreRun:
    """Re-score a job's applications on request (e.g. after an operator fixed something)."""
    return rescore_start(job=job, rubric=rubric_get(job=job), reason=RescoreReason.MANUAL)


# -- job-description reviews -----------------------------------------------------------------------
def job_review_run(*, job: Job, trigger: str, by: Actor) -> JobReview:
    """Run the job-description optimizer over the job and keep the report (history is kept)."""
    posting = optimizer.JobPosting.from_object(job)
    report = optimizer.optimize_job(posting).to_dict()
    return JobReview.objects.create(
        tenant_id=job.tenant_id,
        job=job,
        trigger=trigger,
        optimizer_version=optimizer.OPTIMIZER_VERSION,
        input_hash=engine.canonical_json_hash(dataclasses.asdict(posting)),
        report=report,
        created_by=by.user,
    )


def job_review_draft(*, fields: dict) -> dict:
    """The optimizer's report on a job not saved yet (the fields of ``Job``, any missing are empty).

    Nothing is stored: a form asks for it as its description changes; saving the job keeps a review.
    """
    return optimizer.optimize_job(optimizer.JobPosting.from_object(SimpleNamespace(**fields))).to_dict()


def job_changed(*, job: Job, by: Actor, created: bool, fields: Iterable[str] = ()) -> None:
    """After a job is created or updated: refresh its rubric and, if its text changed, review it."""
    rubric_sync(job=job, by=by)
    fields = set(fields)
    if created:
        job_review_run(job=job, trigger=ReviewTrigger.CREATED, by=by)
    elif fields & {
        "title",
        "description",
        "required_skills",
        "nice_to_have_skills",
        "salary_min",
        "salary_max",
    }:
        job_review_run(job=job, trigger=ReviewTrigger.DESCRIPTION_CHANGED, by=by)
