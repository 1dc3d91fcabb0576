"""A job's applications as CSV, streamed: constant memory however many rows match.

Rows are read with ``.values()`` (only the columns the file needs, no model instances) through
``.iterator(chunk_size=...)``, so at most one chunk is held at a time, and written out as they come.
Every cell is quoted and neutralised against CSV (formula) injection the way OWASP recommends.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Case, JSONField, QuerySet, TextField, When
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils import timezone

from candidates.explanations import must_have_verdicts
from candidates.models import Application
from hiresscope.timefmt import utc_iso
from scoring import engine

# The engine's component names, in its order; a component that did not apply to a job is left blank.
SCORE_COMPONENTS: tuple[str, ...] = tuple(engine.BASE_WEIGHTS)
COLUMNS: tuple[str, ...] = (
    "applicationId",
    "candidateName",
    "candidateEmail",
    "status",
    "processingStatus",
    "score",
    *SCORE_COMPONENTS,
    "matchedMustHaves",
    "missingMustHaves",
    "flags",
    "createdAt",
    "scoredAt",
)
# Explanations carry quoted evidence (a few KB a row): this many rows is the most held at once.
CHUNK_SIZE = 500
ROWS_PER_WRITE = 100
# Spreadsheet programs run a cell starting with these as a formula (OWASP "CSV Injection"); ";" too,
# because a program that splits on semicolons (Excel in many European locales) starts a new cell there.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", ";")


def neutralise(cell: str) -> str:
    """Make a cell inert in Excel, LibreOffice and Google Sheets: a leading quote shows it as text."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


class _Echo:
    """A file-like object whose ``write`` hands the line back, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _text(value) -> str:
    return "" if value is None else str(value)


def _iso_from_db_text(value: str | None) -> str:
    """A timestamp the database wrote as text, as :func:`utc_iso` writes it (``2026-04-22T07:49:30.440800Z``).

    PostgreSQL sessions run in UTC (Django sets it) and print ``2026-04-22 07:49:30.4408+00``, trailing
    zeros of the fraction dropped; SQLite stores ``2026-04-22 07:49:30.440800``, UTC without an offset.
    Reading the text skips building a datetime per cell only to print it again.
    """
    if not value:
        return ""
    stamp = value.removesuffix("+00")
    day, _, clock = stamp.partition(" ")
    if not clock or "+" in clock or clock.count("-"):  # not a UTC session after all: parse it properly
        return utc_iso(datetime.fromisoformat(value))
    whole, _, fraction = clock.partition(".")  # a whole second has no fraction in the text
    return f"{day}T{whole}.{fraction:0<6}Z"


def legacy_requirements() -> Case:
    """The explanation's requirements, read only for a row scored before ``must_haves`` existed (the
    explanation is large and stored out of line): annotate it and pass it to :func:`must_have_names`."""
    return Case(
        When(must_haves__isnull=True, then=KeyTransform("requirements", "explanation")),
        default=None,
        output_field=JSONField(),
    )


def must_have_names(must_haves: dict | None, requirements: list | None) -> tuple[list[str], list[str]]:
    """``(matched, missing)`` must-have names in the rubric's order; a partial match is marked so."""
    summary = must_haves
    if summary is None and requirements is not None:
        # Scored before the summary column existed: read it from the explanation, as it was made.
        summary = must_have_verdicts({"requirements": requirements})
    summary = summary or {}
    return list(summary.get("matched", [])), list(summary.get("missing", []))


def _must_haves(row: dict) -> tuple[str, str]:
    matched, missing = must_have_names(row["must_haves"], row["requirements"])
    return "; ".join(matched), "; ".join(missing)


def _flag_codes(flags) -> str:
    codes = [str(f.get("code", "")) if isinstance(f, dict) else str(f) for f in flags or []]
    return "; ".join(code for code in codes if code)


def _cells(row: dict, *, blind_review: bool) -> list[str]:
    # Text on PostgreSQL (->>), a number on SQLite (json_extract): the same digits either way.
    components = [_text(row[f"component_{name}"]) for name in SCORE_COMPONENTS]
    matched, missing = _must_haves(row)
    cells = [
        str(row["id"]),
        "" if blind_review else row["candidate__full_name"] or "",
        "" if blind_review else row["candidate__email"] or "",
        row["status"],
        row["processing_status"],
        "" if row["score"] is None else str(row["score"]),
        *components,
        matched,
        missing,
        _flag_codes(row["flags"]),
        _iso_from_db_text(row["created_text"]),
        _iso_from_db_text(row["scored_text"]),
    ]
    # Every cell, not only those people or documents wrote: no rule to forget when a column is added.
    # Ids, stages, dates and scores (0-100, never negative) never start with a trigger, so they pass as is.
    return [neutralise(cell) for cell in cells]


def application_csv_rows(*, applications: QuerySet[Application], blind_review: bool) -> Iterator[str]:
    """The CSV text of ``applications`` (filtered and ordered by the caller), header first.

    Blind review leaves the name and email cells empty, as the API redacts them.
    """
    # Component scores come out of the database as text, one column each; the explanation (large, stored
    # out of line) is read only for rows scored before ``must_haves`` existed.
    components = {f"component_{name}": KT(f"score_breakdown__{name}__score") for name in SCORE_COMPONENTS}
    rows: Iterable[dict] = (
        applications.annotate(
            requirements=legacy_requirements(),
            created_text=Cast("created_at", TextField()),
            scored_text=Cast("scored_at", TextField()),
            **components,
        )
        .values(
            "id",
            "candidate__full_name",
            "candidate__email",
            "status",
            "processing_status",
            "score",
            *components,
            "must_haves",
            "requirements",
            "flags",
            "created_text",
            "scored_text",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    # Every cell quoted: a program reading the file with another delimiter (";" or tab) still sees one
    # cell per field, and never a bare value it could take for a formula or a number.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield writer.writerow(COLUMNS)
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow(_cells(row, blind_review=blind_review)))
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def application_csv_response(
    *, applications: QuerySet[Application], job, blind_review: bool
) -> StreamingHttpResponse:
    """The export as a streamed download named after the job and the day: the API's and the dashboard's."""
    response = StreamingHttpResponse(
        application_csv_rows(applications=applications, blind_review=blind_review),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"{job.slug or 'job'}-applications-{timezone.now():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
