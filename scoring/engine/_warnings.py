"""Warnings of a parse: an optional extractor that fails loses its own field, not the whole CV.

A CV's phones, links, one date range or one heading are extras: a bug in reading them must not turn
the application into an internal failure that the candidate cannot fix.  :class:`Guard` runs such an
extractor; when it raises, the field gets its empty value, the exception is logged with its traceback
(for us), and a :class:`ParseWarning` (a stable code and a sentence, never CV content) is recorded
for the recruiter.  Only the errors a bug in pure text code raises are caught: a task's time limit or
a lack of memory still stops the parse.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

logger = logging.getLogger("scoring.engine")

T = TypeVar("T")

# Code -> the sentence a recruiter reads.  Codes are part of the stored profile and the API: keep them.
MESSAGES = {
    "sections_failed": "Some section headings could not be read.",
    "name_failed": "The candidate's name could not be read.",
    "location_failed": "The candidate's location could not be read.",
    "contacts_failed": "Some contact details in the header could not be read.",
    "emails_failed": "E-mail addresses could not be read.",
    "phones_failed": "Phone numbers could not be read.",
    "links_failed": "Links could not be read.",
    "dates_failed": "Some date ranges could not be read.",
    "experience_failed": "Some roles could not be read.",
    "years_failed": "The years of experience could not be worked out.",
    "education_failed": "Education could not be read.",
    "languages_failed": "Spoken languages could not be read.",
    "certifications_failed": "Certifications could not be read.",
}

# What a bug in our text code raises (a missing key, a bad index, a value it did not expect).  Not
# caught: MemoryError, KeyboardInterrupt, and a worker's time-limit exception (a plain Exception).
BUG_ERRORS = (
    ArithmeticError,
    AssertionError,
    AttributeError,
    LookupError,
    RuntimeError,
    TypeError,
    ValueError,
)


@dataclass(frozen=True)
class ParseWarning:
    """Something the parse could not read: ``code`` (machine-readable) and ``message`` (for people)."""

    code: str
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict) -> ParseWarning:
        return cls(str(data.get("code", "")), str(data.get("message", "")))


class Guard:
    """Runs optional extractors and collects the warnings of those that failed (one per code).

    A strict guard (``Guard(strict=True)``) lets exceptions through: callers that have no warnings to
    report (features for scoring) share the extractors without hiding their failures.
    """

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.warnings: list[ParseWarning] = []

    def run(self, code: str, default: T, extractor: Callable[..., T], /, *args, **kwargs) -> T:
        """``extractor(*args, **kwargs)``, or ``default`` with a warning ``code`` when it raises a bug."""
        if self.strict:
            return extractor(*args, **kwargs)
        try:
            return extractor(*args, **kwargs)
        except BUG_ERRORS:
            # The traceback goes to the log only: the exception's text may quote the CV.
            logger.exception("CV extractor failed (%s); its field is left empty", code)
            self.record(code)
            return default

    def record(self, code: str) -> None:
        if all(w.code != code for w in self.warnings):
            self.warnings.append(ParseWarning(code, MESSAGES[code]))


STRICT = Guard(strict=True)
