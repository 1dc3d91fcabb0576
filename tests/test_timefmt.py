"""One timestamp format wherever a moment leaves the system: API bodies, error details, webhooks, exports.

``2026-04-22T07:49:30.440800Z``: UTC, six digits of microseconds, ``Z`` (hiresscope/timefmt.py).
"""

import ast
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from rest_framework import serializers

from hiresscope.timefmt import utc_iso, utc_iso_or_none
from jobs.models import Job
from webhooks.models import Event
from webhooks.services import _payload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
MOMENTS = [
    datetime(2026, 4, 22, 7, 49, 30, 440800, tzinfo=UTC),
    datetime(2026, 4, 22, 7, 49, 30, tzinfo=UTC),  # a whole second still has its microseconds written
    datetime(2026, 4, 22, 9, 49, 30, 5, tzinfo=timezone(timedelta(hours=2))),  # converted to UTC
]


def test_utc_iso_writes_every_moment_in_the_same_shape():
    assert [utc_iso(moment) for moment in MOMENTS] == [
        "2026-04-22T07:49:30.440800Z",
        "2026-04-22T07:49:30.000000Z",
        "2026-04-22T07:49:30.000005Z",
    ]
    assert utc_iso_or_none(None) is None


def test_drf_datetime_fields_write_what_utc_iso_writes():
    field = serializers.DateTimeField()
    for moment in MOMENTS:
        assert field.to_representation(moment) == utc_iso(moment)


def _timestamps(value, path=""):
    """Every string in a JSON value that looks like a timestamp (has a date and a time), with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _timestamps(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _timestamps(item, f"{path}[{index}]")
    elif isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
        yield path, value


def test_a_job_deletion_writes_one_shape_in_the_api_body_the_webhook_body_and_the_error_details(
    alice, job_factory
):
    # given a job whose deletion is confirmed
    job = job_factory(tenant=alice.tenant)
    deleted = alice.client.delete(f"/api/v1/jobs/{job.id}")
    confirmed = alice.client.post(
        f"/api/v1/jobs/{job.id}/confirm-delete", {"candidateIds": []}, format="json"
    )
    # when it is confirmed again (an error whose details carry a timestamp)
    again = alice.client.post(f"/api/v1/jobs/{job.id}/confirm-delete", {"candidateIds": []}, format="json")
    event = Event.objects.get(type="job.deleted", data__jobId=str(job.id))
    webhook_body = json.loads(_payload(type=event.type, timestamp=event.created_at, data=event.data))

    # then every timestamp, wherever it was written, has the one shape, and the same moment the same text
    assert (deleted.status_code, confirmed.status_code, again.status_code) == (200, 200, 409)
    found = [
        *_timestamps(deleted.json(), "delete"),
        *_timestamps(confirmed.json(), "confirm"),
        *_timestamps(again.json(), "error"),
        *_timestamps(webhook_body, "webhook"),
    ]
    paths = {path for path, _ in found}
    assert {"webhook.timestamp", "webhook.data.deletedAt", "error.details.deletionConfirmedAt"} <= paths
    assert {path for path, text in found if not SHAPE.match(text)} == set()
    job = Job.objects.get(id=job.id)
    assert webhook_body["data"]["deletedAt"] == deleted.json()["deletedAt"] == utc_iso(job.deleted_at)
    assert again.json()["details"]["deletionConfirmedAt"] == utc_iso(job.deletion_confirmed_at)


# -- no timestamp is written another way --------------------------------------------------------------

SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "var"}
# ``.isoformat()`` calls that are not timestamps leaving the system, each with why (file, receiver).
ALLOWED = {
    ("hiresscope/timefmt.py", "moment.astimezone(UTC).replace(tzinfo=None)"): "the formatter itself",
}


def _isoformat_calls():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if is_call and node.func.attr == "isoformat":
                yield (relative.as_posix(), ast.unparse(node.func.value)), node.lineno


def _is_a_date(receiver: str) -> bool:
    # A plain date (``date.isoformat()`` is ``2026-04-22``, not a timestamp): a name or call that says so.
    return bool(re.search(r"(^|[._])(date|day|localdate\(\))$|\.date\(\)$", receiver))


def test_timestamps_are_formatted_only_by_utc_iso():
    calls = dict(_isoformat_calls())
    stray = {
        f"{path}:{line}: {receiver}.isoformat()"
        for (path, receiver), line in calls.items()
        if (path, receiver) not in ALLOWED and not _is_a_date(receiver)
    }
    assert stray == set(), "write timestamps with hiresscope.timefmt.utc_iso"


@pytest.mark.parametrize(
    ("receiver", "is_date"),
    [
        ("day", True),
        ("timezone.localdate()", True),
        ("moment.date()", True),
        ("start_date", True),
        ("job.deleted_at", False),
        ("timezone.now()", False),
        ("update", False),
    ],
)
def test_only_plain_dates_are_let_through(receiver, is_date):
    assert _is_a_date(receiver) is is_date
