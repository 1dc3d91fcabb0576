"""Value types of the optimizer: the job posting it reads and the report it returns.

All of them are frozen dataclasses holding tuples, so a report cannot change after it is built and two
runs over the same posting compare equal.  ``to_dict`` methods give the JSON shape (camelCase keys).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FIELDS = ("title", "description")


class Severity(enum.StrEnum):
    """How much a finding matters: ERROR likely excludes people or leaves out essentials, WARNING costs
    applicants or clarity, INFO is worth knowing but needs no change on its own."""

    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _strings(values: Any) -> tuple[str, ...]:
    """A tuple of non-empty strings from a list, tuple or single string (JSONField data is untyped)."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(str(v) for v in values if v is not None and str(v).strip())


def _number(value: Any) -> int | float | None:
    """Django gives Decimal for DecimalField; JSON-ready output wants int or float."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = float(Decimal(str(value)))
    return int(number) if number.is_integer() else number


@dataclass(frozen=True)
class JobPosting:
    """The fields of a job the optimizer reads (the same names as ``jobs.models.Job``).

    Lists are stored as tuples and numbers as int/float, whatever was passed in, so a posting is
    immutable and hashable and the report does not depend on the caller's container types.
    """

    title: str
    description: str
    department: str = ""
    location: str = ""
    employment_type: str = ""
    required_skills: tuple[str, ...] = ()
    nice_to_have_skills: tuple[str, ...] = ()
    min_years_experience: float | None = None
    education_level: str = ""
    languages: tuple[str, ...] = ()
    salary_min: int | float | None = None
    salary_max: int | float | None = None
    salary_currency: str = ""

    def __post_init__(self) -> None:
        for name in ("title", "description", "department", "location", "employment_type"):
            object.__setattr__(self, name, _text(getattr(self, name)))
        object.__setattr__(self, "education_level", _text(self.education_level).strip())
        object.__setattr__(self, "salary_currency", _text(self.salary_currency).strip().upper())
        for name in ("required_skills", "nice_to_have_skills", "languages"):
            object.__setattr__(self, name, _strings(getattr(self, name)))
        for name in ("min_years_experience", "salary_min", "salary_max"):
            object.__setattr__(self, name, _number(getattr(self, name)))
        if self.min_years_experience is not None and self.min_years_experience < 0:
            raise ValueError("min_years_experience must be >= 0")

    @classmethod
    def from_object(cls, obj: Any) -> JobPosting:
        """Read the fields from any object with the ``Job`` attribute names (a model instance, a
        SimpleNamespace), so callers need not copy them one by one; missing attributes are empty."""
        return cls(
            title=getattr(obj, "title", ""),
            description=getattr(obj, "description", ""),
            department=getattr(obj, "department", ""),
            location=getattr(obj, "location", ""),
            employment_type=getattr(obj, "employment_type", ""),
            required_skills=getattr(obj, "required_skills", ()),
            nice_to_have_skills=getattr(obj, "nice_to_have_skills", ()),
            min_years_experience=getattr(obj, "min_years_experience", None),
            education_level=getattr(obj, "education_level", ""),
            languages=getattr(obj, "languages", ()),
            salary_min=getattr(obj, "salary_min", None),
            salary_max=getattr(obj, "salary_max", None),
            salary_currency=getattr(obj, "salary_currency", ""),
        )

    def field_text(self, name: str) -> str:
        """The text of an analysed field ("title" or "description"); evidence offsets index into it."""
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r}")
        return self.title if name == "title" else self.description


@dataclass(frozen=True)
class Evidence:
    """Where a finding was seen: ``job.<field>[start:end] == text``."""

    field: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Edit:
    """How the suggested rewrite applies a finding: replace ``[start, end)`` of ``field`` by ``text``,
    or drop the whole sentence/bullet holding it when no neutral wording can keep it (an age limit).

    The span may be wider than the evidence ("young, " so the list stays well-formed) and the text may
    differ from the public replacement ("he/she has" -> "they have").  Internal: not in ``to_dict``.
    """

    field: str
    start: int
    end: int
    text: str
    remove_sentence: bool = False
    priority: int = 0  # lower wins when two edits overlap


@dataclass(frozen=True)
class Finding:
    """One problem or observation.  ``code`` is a stable snake_case identifier for clients."""

    code: str
    category: str
    severity: Severity
    message: str
    evidence: Evidence | None = None
    suggestion: str | None = None
    replacement: str | None = None
    edit: Edit | None = field(default=None, repr=False)

    def sort_key(self) -> tuple[Any, ...]:
        """Most severe first; within a severity, whole-ad findings first, then in reading order."""
        ev = self.evidence
        position = (FIELDS.index(ev.field), ev.start, ev.end) if ev else (-1, -1, -1)
        return (SEVERITY_RANK[self.severity], ev is not None, position, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "suggestion": self.suggestion,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class CodedWord:
    """A gender-coded word in the ad and the published stem it matched."""

    text: str
    stem: str
    field: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "stem": self.stem,
            "field": self.field,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class GenderCoding:
    verdict: str
    masculine_words: tuple[CodedWord, ...] = ()
    feminine_words: tuple[CodedWord, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "masculineWords": [w.to_dict() for w in self.masculine_words],
            "feminineWords": [w.to_dict() for w in self.feminine_words],
        }


@dataclass(frozen=True)
class Readability:
    flesch_reading_ease: float | None
    average_sentence_length: float | None
    word_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "fleschReadingEase": self.flesch_reading_ease,
            "averageSentenceLength": self.average_sentence_length,
            "wordCount": self.word_count,
        }


@dataclass(frozen=True)
class Sections:
    responsibilities: bool
    requirements: bool
    salary: bool
    location: bool
    benefits: bool

    def to_dict(self) -> dict[str, bool]:
        return {
            "responsibilities": self.responsibilities,
            "requirements": self.requirements,
            "salary": self.salary,
            "location": self.location,
            "benefits": self.benefits,
        }

    def missing(self) -> tuple[str, ...]:
        return tuple(name for name, present in self.to_dict().items() if not present)


@dataclass(frozen=True)
class OptimizationReport:
    """Everything the optimizer found for one posting, plus the suggested rewrite."""

    optimizer_version: str
    score: int
    findings: tuple[Finding, ...]
    sections: Sections
    gender_coding: GenderCoding
    readability: Readability
    rubric_preview: dict[str, Any]
    suggested_rewrite: str

    def findings_by_code(self, code: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code == code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "optimizerVersion": self.optimizer_version,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "sections": self.sections.to_dict(),
            "genderCoding": self.gender_coding.to_dict(),
            "readability": self.readability.to_dict(),
            "rubricPreview": _copy(self.rubric_preview),
            "suggestedRewrite": self.suggested_rewrite,
        }


def _copy(value: Any) -> Any:
    """Deep copy of plain JSON data, so callers cannot mutate the frozen report through to_dict()."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(v) for v in value]
    return value


def sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))
