"""The stall sweep against a real ``celery worker`` on PostgreSQL and Redis: an enqueue lost in the broker
(sent to a queue nobody consumes) is found by the sweep once the live worker says it does not hold it,
queued again, and the worker scores the CV."""

import time
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidates import pipeline
from candidates.models import Application, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv
from hiresscope.celery import app as celery_app
from tests.conftest import _reload_routes, wait_until_processed

CV_TEXT = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_parse_lost_in_the_broker_is_scored_by_a_real_worker_after_the_sweep(alice, job_factory, worker):
    process, log_path = worker
    job = job_factory(tenant=alice.tenant)
    routes = dict(celery_app.conf.task_routes)
    # Given the parse message goes to a queue no worker reads (as good as lost)
    dead_queue = f"test-lost-{uuid.uuid4().hex[:8]}"
    celery_app.conf.task_routes = {**routes, "candidates.tasks.application_parse": {"queue": dead_queue}}
    _reload_routes()
    try:
        response = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile("cv.txt", render_cv(CV_TEXT, "txt")), "email": "m@x.test", "fullName": "M"},
            format="multipart",
        )  # fmt: skip
    finally:
        celery_app.conf.task_routes = routes
        _reload_routes()
    assert response.status_code == 202
    application_id = response.json()["id"]
    time.sleep(2)
    assert Application.objects.get(id=application_id).processing_status == ProcessingStatus.QUEUED

    # The live worker, asked, consumes the parse queue and holds nothing of it
    holdings = pipeline.held_by_workers()
    assert pipeline._step_queue(ProcessingStatus.QUEUED) in holdings.queues
    assert application_id not in holdings.application_ids

    # When the sweep runs a minute and a half later (as beat would), long before the stall timeout
    counts = pipeline.stalled_sweep(now=timezone.now() + pipeline.lost_after() + timedelta(seconds=5))

    # Then the worker parses and scores it, nobody else touching it
    assert counts == pipeline.SweepCounts(requeued=1, failed=0)
    wait_until_processed([application_id], process=process, log_path=log_path, timeout=90)
    application = Application.objects.get(id=application_id)
    assert application.processing_status == ProcessingStatus.SCORED, application.failure_reason
    log = log_path.read_text()
    assert "application_parse" in log and "application_score" in log
    with celery_app.connection_for_write() as connection:  # drop the lost message with its queue
        connection.default_channel.queue_delete(dead_queue)


def test_the_sweep_counts_a_real_backlog_in_the_broker_and_leaves_its_applications_waiting(
    alice, job_factory, worker
):
    # The worker fixture sends tasks through Redis; it reads its own queues, not the backlog below.
    job = job_factory(tenant=alice.tenant)
    routes = dict(celery_app.conf.task_routes)
    # Given the parse queue holds messages no worker has taken yet (a backlog), its own among them
    backlog_queue = f"test-backlog-{uuid.uuid4().hex[:8]}"
    celery_app.conf.task_routes = {**routes, "candidates.tasks.application_parse": {"queue": backlog_queue}}
    _reload_routes()
    try:
        response = alice.client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {"file": SimpleUploadedFile("cv.txt", render_cv(CV_TEXT, "txt")), "email": "w@x.test", "fullName": "W"},
            format="multipart",
        )  # fmt: skip
        assert response.status_code == 202
        application_id = response.json()["id"]
        assert pipeline.queue_waiting(ProcessingStatus.QUEUED) == 1

        # When the sweep runs long after (the backlog is slow, not lost)
        later = timezone.now() + pipeline.stall_after() + timedelta(minutes=1)
        counts = pipeline.stalled_sweep(now=later)

        # Then the application is left to wait its turn: not queued twice, not counted toward failing it
        assert counts == pipeline.SweepCounts(requeued=0, failed=0, waiting=1)
        assert pipeline.queue_waiting(ProcessingStatus.QUEUED) == 1
        assert Application.objects.get(id=application_id).processing_sweeps == 0
    finally:
        celery_app.conf.task_routes = routes
        _reload_routes()
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_delete(backlog_queue)
