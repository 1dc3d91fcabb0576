"""CSV export of a job's applications: streamed, the list's filters and order, every row, constant query
count, the columns, formula-injection neutralising, blind review, tenancy and API keys."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.utils import timezone

from candidates.export import COLUMNS, SCORE_COMPONENTS, neutralise
from candidates.models import Application, ApplicationStatus, Candidate, ProcessingStatus
from demo.content import DEMO_CANDIDATES, render_cv
from hiresscope.timefmt import utc_iso
from scoring.engine._explain import COMPONENT_LABELS
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

# auth (user, membership), the job, the audit entry, the rows: however many rows there are.
EXPORT_QUERIES = 5


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant, slug="backend-engineer")


def export(client, job, query="", **headers):
    return client.get(f"/api/v1/jobs/{job.id}/applications/export-csv{query}", **headers)


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def explanation(*verdicts: tuple[str, str, str]) -> dict:
    return {
        "summary": "",
        "requirements": [
            {"requirement": name, "kind": kind, "verdict": verdict, "evidence": []}
            for name, kind, verdict in verdicts
        ],
    }


def bulk_applications(job, count: int) -> list[Application]:
    """``count`` scored applications, inserted in bulk (the factories would take minutes)."""
    candidates = Candidate.objects.bulk_create(
        Candidate(tenant=job.tenant, full_name=f"Person {i:05d}", email=f"p{i}@x.test") for i in range(count)
    )
    now = timezone.now()
    applications = [
        Application(
            tenant=job.tenant,
            job=job,
            candidate=candidate,
            status=ApplicationStatus.REJECTED if i % 10 == 0 else ApplicationStatus.NEW,
            processing_status=ProcessingStatus.SCORED,
            score=(i * 37) % 101,
            score_breakdown={"requiredSkills": {"score": 0.5, "weight": 0.3}},
            explanation=explanation(("Python", "MUST_HAVE", "MET")),
            scored_at=now,
            cv_file=f"cvs/{job.tenant_id}/{uuid.uuid4()}.txt",
            cv_filename="cv.txt",
            cv_kind="txt",
            cv_size=1,
            cv_sha256=uuid.uuid4().hex * 2,
        )
        for i, candidate in enumerate(candidates)
    ]
    return Application.objects.bulk_create(applications, batch_size=500)


def test_a_large_export_streams_every_matching_row_in_the_lists_order(
    alice, job, django_assert_max_num_queries
):
    applications = bulk_applications(job, 2500)
    expected = {str(a.id) for a in applications if a.status == ApplicationStatus.NEW and a.score >= 5}
    assert len(expected) > 2000
    query = "?status=NEW,SHORTLISTED&scoreMin=5&ordering=-score,name"

    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = export(alice.client, job, query)
        rows = read_csv(response)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.now().strftime("%Y%m%d")
    assert (
        response["Content-Disposition"] == f'attachment; filename="backend-engineer-applications-{today}.csv"'
    )
    assert len(rows) == len(expected) and {row["applicationId"] for row in rows} == expected
    listed, page = [], 1
    while True:
        body = alice.client.get(f"/api/v1/jobs/{job.id}/applications{query}&pageSize=100&page={page}").json()
        listed += [application["id"] for application in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert [row["applicationId"] for row in rows] == listed


def test_a_small_export_takes_as_many_queries_as_a_large_one(alice, job, django_assert_max_num_queries):
    bulk_applications(job, 3)

    with django_assert_max_num_queries(EXPORT_QUERIES):
        rows = read_csv(export(alice.client, job))

    assert len(rows) == 3


def test_each_row_has_score_components_must_haves_flags_and_dates(alice, job):
    application = ApplicationFactory(
        job=job,
        candidate=CandidateFactory(tenant=job.tenant, full_name="Ada Lovelace", email="ada@x.test"),
        processing_status=ProcessingStatus.SCORED,
        score=64,
        scored_at=timezone.now(),
        score_breakdown={
            "requiredSkills": {"score": 0.75, "weight": 0.4, "detail": "x"},
            "experience": {"score": 1.0, "weight": 0.1},
        },
        explanation=explanation(
            ("Python", "MUST_HAVE", "MET"),
            ("Django", "MUST_HAVE", "PARTIAL"),
            ("PostgreSQL", "MUST_HAVE", "MISSING"),
            ("3+ years of experience", "MUST_HAVE", "MISSING"),
            ("Docker", "NICE_TO_HAVE", "MISSING"),
        ),
        flags=[{"code": "hidden_text", "message": "m"}, {"code": "keyword_stuffing", "message": "m"}],
    )
    ApplicationFactory(job=job)  # unscored: blank score cells

    rows = read_csv(export(alice.client, job, "?ordering=createdAt"))

    row, unscored = rows
    assert row["applicationId"] == str(application.id)
    assert (row["candidateName"], row["candidateEmail"]) == ("Ada Lovelace", "ada@x.test")
    assert (row["status"], row["processingStatus"], row["score"]) == ("NEW", "SCORED", "64")
    assert row["requiredSkills"] == "0.75" and row["experience"] == "1.0" and row["languages"] == ""
    assert row["matchedMustHaves"] == "Python; Django (partial)"
    assert row["missingMustHaves"] == "PostgreSQL; 3+ years of experience"
    assert row["flags"] == "hidden_text; keyword_stuffing"
    application.refresh_from_db()
    assert row["createdAt"] == utc_iso(application.created_at)
    assert row["scoredAt"] == utc_iso(application.scored_at)
    assert unscored["score"] == "" and unscored["scoredAt"] == "" and unscored["requiredSkills"] == ""


@pytest.mark.parametrize("microsecond", [0, 1, 440800, 500000, 999999])
def test_dates_read_as_database_text_are_written_as_utc_iso_writes_them(alice, job, microsecond):
    """The export reads timestamps as text (faster); the cells must be what utc_iso() gives."""
    moment = datetime(2026, 4, 22, 7, 49, 30, microsecond, tzinfo=UTC)
    ApplicationFactory(job=job, scored_at=moment)
    Application.objects.filter(job=job).update(created_at=moment - timedelta(days=400))

    [row] = read_csv(export(alice.client, job))

    assert row["scoredAt"] == utc_iso(moment)
    assert row["createdAt"] == utc_iso(moment - timedelta(days=400))


def test_every_component_the_engine_explains_has_a_column():
    assert set(COMPONENT_LABELS) == set(SCORE_COMPONENTS)
    assert set(SCORE_COMPONENTS) <= set(COLUMNS)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", ";=1+1"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Ada " + cell) == "Ada " + cell


def test_hostile_names_and_emails_reach_the_file_inert(alice, job):
    hostile = ['=HYPERLINK("http://evil.test","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
    for index, name in enumerate(hostile):
        candidate = CandidateFactory(tenant=job.tenant, full_name=name, email=f"=x{index}@evil.test")
        ApplicationFactory(job=job, candidate=candidate)

    rows = read_csv(export(alice.client, job, "?ordering=createdAt"))

    assert [row["candidateName"] for row in rows] == ["'" + name for name in hostile]
    assert all(row["candidateEmail"].startswith("'=") for row in rows)


TRIGGERS = ["=", "+", "-", "@", "\t", "\r", ";"]


@pytest.mark.parametrize("trigger", TRIGGERS, ids=repr)
def test_every_text_cell_starting_with_a_trigger_is_neutralised_and_every_cell_quoted(alice, job, trigger):
    # Given a candidate whose name and email, and a scoring whose must-haves and flags, start with it
    candidate = CandidateFactory(
        tenant=job.tenant, full_name=f"{trigger}SUM(A1)", email=f"{trigger}x@evil.test"
    )
    ApplicationFactory(
        job=job,
        candidate=candidate,
        score=0,
        must_haves={"matched": [f"{trigger}cmd|' /C calc'!A0"], "missing": [f"{trigger}HYPERLINK(1)"]},
        flags=[{"code": f"{trigger}flag"}],
    )

    # When the job's applications are exported
    response = export(alice.client, job)
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))

    # Then each of those cells starts with a quote mark, the rest are untouched
    row = dict(zip(COLUMNS, rows[1], strict=True))
    for column in ("candidateName", "candidateEmail", "matchedMustHaves", "missingMustHaves", "flags"):
        assert row[column].startswith("'" + trigger), (column, row[column])
    assert row["score"] == "0" and row["status"] == "NEW"
    # And every cell of the file is quoted: written again with QUOTE_ALL, it is the same text
    again = io.StringIO()
    csv.writer(again, quoting=csv.QUOTE_ALL).writerows(rows)
    assert text == again.getvalue()
    assert text.startswith('"applicationId","candidateName",')


def test_filters_apply_to_the_export(alice, job):
    python = ApplicationFactory(job=job, parsed_profile={"skills": ["Python"]}, score=80)
    ApplicationFactory(job=job, parsed_profile={"skills": ["Java"]}, score=80)
    ApplicationFactory(job=job, parsed_profile={"skills": ["Python"]}, score=20)

    rows = read_csv(export(alice.client, job, "?skill=PYTHON&scoreMin=50"))

    assert [row["applicationId"] for row in rows] == [str(python.id)]


def test_blind_review_empties_name_and_email_and_refuses_search(alice, job):
    ApplicationFactory(
        job=job, candidate=CandidateFactory(tenant=job.tenant, full_name="Ada", email="a@x.test")
    )
    alice.tenant.blind_review = True
    alice.tenant.save()

    [row] = read_csv(export(alice.client, job))

    assert (row["candidateName"], row["candidateEmail"]) == ("", "")
    assert_envelope(export(alice.client, job, "?search=ada"), 403, "blind_review")
    assert_envelope(export(alice.client, job, "?ordering=name"), 403, "blind_review")


def test_an_invalid_parameter_is_a_json_400_even_when_csv_is_accepted(alice, job):
    response = export(alice.client, job, "?scoreMax=abc", HTTP_ACCEPT="text/csv")

    assert response["Content-Type"] == "application/json"
    assert "scoreMax" in assert_envelope(response, 400, "validation_error")["fields"]


def test_accept_text_csv_gets_the_file_and_an_api_key_may_export(alice, job):
    ApplicationFactory(job=job)

    assert len(read_csv(export(alice.client, job, HTTP_ACCEPT="text/csv"))) == 1
    assert len(read_csv(export(alice.api_key_client(), job))) == 1


def test_another_tenants_job_is_a_404(alice, bob, job):
    ApplicationFactory(job=job)

    for client in (bob.client, bob.api_key_client()):
        response = export(client, job)
        assert not isinstance(response, StreamingHttpResponse)
        assert_envelope(response, 404, "not_found")


STRONG_CV = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text


def test_a_really_scored_cv_exports_its_components_and_must_haves(
    alice, job, django_capture_on_commit_callbacks
):
    payload = {"file": SimpleUploadedFile("mara.txt", render_cv(STRONG_CV, "txt")), "email": "m@x.test"}
    with django_capture_on_commit_callbacks(execute=True):
        alice.client.post(
            f"/api/v1/jobs/{job.id}/applications", {**payload, "fullName": "Mara"}, format="multipart"
        )
    application = Application.objects.get()

    [row] = read_csv(export(alice.client, job))

    assert row["score"] == str(application.score)
    assert {"Python", "Django", "PostgreSQL"} <= set(row["matchedMustHaves"].split("; "))
    for name in SCORE_COMPONENTS:
        part = application.score_breakdown.get(name)
        assert row[name] == (str(part["score"]) if part else ""), name
    # Scoring stored the must-have summary beside the score: the export reads it, not the explanation.
    assert application.must_haves["matched"] and set(application.must_haves) == {"matched", "missing"}
    Application.objects.filter(pk=application.pk).update(explanation=None)
    [again] = read_csv(export(alice.client, job))
    assert again["matchedMustHaves"] == row["matchedMustHaves"]
    assert again["missingMustHaves"] == row["missingMustHaves"]


def test_rows_scored_before_the_summary_existed_read_their_explanation(alice, job):
    ApplicationFactory(
        job=job,
        scored=True,
        must_haves=None,
        explanation=explanation(("Go", "MUST_HAVE", "MET"), ("Rust", "MUST_HAVE", "MISSING")),
    )

    [row] = read_csv(export(alice.client, job))

    assert (row["matchedMustHaves"], row["missingMustHaves"]) == ("Go", "Rust")
