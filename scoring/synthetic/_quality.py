"""Comparing a parsed CV with its ground truth, and adding the comparisons up per field.

Used by ``bench/parse_quality.py`` and the tests, so both count the same way.  Micro-averaged: every
e-mail, phone, skill and language counts once, over all CVs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ._generate import Truth


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@dataclass
class Tally:
    """Counts for one field: true positives, false positives, false negatives, and exact-match checks."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hits: int = 0
    checks: int = 0

    def add_sets(self, found: set[str], truth: set[str]) -> None:
        """Add one CV's found and true items."""
        self.tp += len(found & truth)
        self.fp += len(found - truth)
        self.fn += len(truth - found)

    def add_check(self, ok: bool) -> None:
        """Add one yes/no comparison (name right, years within one year, ...)."""
        self.checks += 1
        self.hits += bool(ok)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.hits / self.checks if self.checks else 1.0


@dataclass
class Report:
    """Tallies per field, plus the CVs that went wrong (for inspection)."""

    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0

    def add(self, cv_id: str, truth: Truth, parsed: Any) -> None:
        """Compare one parsed CV (a ``ParsedCV``) with its truth."""
        self.count += 1
        f = self.fields

        emails = {_norm(e) for e in parsed.emails}
        f["email"].add_sets(emails, {_norm(truth.email)})
        f["phone"].add_sets(set(parsed.phones), {truth.phone})
        f["name"].add_check(_norm(parsed.name) == _norm(truth.name))
        found = set(parsed.skills)
        f["skills"].add_sets(found, set(truth.skills))
        years_ok = (
            parsed.years_experience is not None and abs(parsed.years_experience - truth.years_experience) <= 1
        )
        f["years ±1"].add_check(years_ok)
        f["education level"].add_check(parsed.education_level == truth.education_level)
        found_languages = {lang.language: lang.level for lang in parsed.languages}
        f["languages"].add_sets(set(found_languages), {lang for lang, _ in truth.languages})
        for lang, level in truth.languages:
            if lang in found_languages and level is not None:
                f["language level"].add_check(found_languages[lang] == level)
        f["location"].add_check(_norm(parsed.location) == _norm(truth.location))
        f["experience count"].add_check(len(parsed.experiences) == len(truth.roles))
        # Roles are matched by start month; a CV that prints only years is matched by start year.
        unmatched = list(parsed.experiences)
        for role in truth.roles:
            got = next((e for e in unmatched if e.start == role.start), None) or next(
                (e for e in unmatched if (e.start or "")[:4] == role.start[:4]), None
            )
            if got is not None:
                unmatched.remove(got)
            f["role title"].add_check(got is not None and _norm(got.title) == _norm(role.title))
            f["role employer"].add_check(got is not None and _norm(got.employer) == _norm(role.employer))

        if emails != {_norm(truth.email)}:
            self.misses["email"].append(f"{cv_id}: {sorted(emails)} vs {truth.email}")
        if set(parsed.phones) != {truth.phone}:
            self.misses["phone"].append(f"{cv_id}: {parsed.phones} vs {truth.phone} ({truth.phone_format})")
        if _norm(parsed.name) != _norm(truth.name):
            self.misses["name"].append(f"{cv_id}: {parsed.name!r} vs {truth.name!r}")
        if found != set(truth.skills):
            extra, missing = sorted(found - set(truth.skills)), sorted(set(truth.skills) - found)
            self.misses["skills"].append(f"{cv_id}: extra {extra} missing {missing}")
        if not years_ok:
            self.misses["years ±1"].append(
                f"{cv_id}: {parsed.years_experience} vs {truth.years_experience} "
                f"({truth.date_style}, {truth.entry_layout})"
            )
        if parsed.education_level != truth.education_level:
            self.misses["education level"].append(
                f"{cv_id}: {parsed.education_level} vs {truth.education_level}"
            )
        if set(found_languages) != {lang for lang, _ in truth.languages}:
            self.misses["languages"].append(f"{cv_id}: {sorted(found_languages)} vs {truth.languages}")
