"""What scoring needs from a CV, computed once at parse time and stored beside the profile.

Analysing a CV text (sections, skill matches, language mentions, the term vector) costs ~10 ms; scoring
the result against a rubric costs well under 1 ms.  Re-scoring a job's 10,000 applications after a
rubric change must not re-analyse 10,000 texts, so :func:`cv_features` packs the job-independent part of
the analysis into a JSON-ready :class:`CVFeatures` that the application stores.

``text`` is the analysed text with everything that must never be scored blanked out by spaces (the name
line, personal and contact sections, the candidate's location and header contact details, protected
attribute lines are already removed).  Offsets are those of the analysis' ``clean`` text, and a phrase
search over ``text`` can only ever find scorable words, so evidence snippets never quote personal data.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass

from ._cv import analyse_cv
from ._dates import DATE_RANGE, dated_ranges
from ._experience import experience_entries
from ._integrity import LIST_LINE_SKILLS, IntegrityFlag, mostly_skills, sanitise
from ._languages import LanguageMention
from ._text import normalise_text
from ._vectors import is_common_word

FEATURES_VERSION = 1
_TITLES_TODAY = datetime.date(2035, 12, 1)  # after any real start, within 50 years of most
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z+#.\-]*")
MAX_SENTENCES = 24
MIN_SENTENCE_WORDS = 4
MAX_SENTENCE_CHARS = 300


@dataclass(frozen=True)
class CVFeatures:
    """The job-independent, scorable part of a CV analysis (see the module docstring)."""

    text: str
    line_starts: tuple[int, ...]
    line_sections: tuple[str | None, ...]
    skill_index: dict[str, tuple[tuple[int, int, str | None], ...]]
    languages: tuple[LanguageMention, ...]
    education: tuple[str, int, int] | None
    date_range: tuple[int, int] | None
    vector: dict[str, float]
    english_share: float
    headline: str | None
    sentences: tuple[tuple[int, int], ...]
    integrity: tuple[IntegrityFlag, ...] = ()
    titles: tuple[str, ...] = ()

    @property
    def clean(self) -> str:
        """The scorable text (same offsets as the analysis' clean text); kept for the scorer's readability."""
        return self.text

    def section_at(self, offset: int) -> str | None:
        """Section key of the line containing ``offset``."""
        return self.line_sections[max(bisect.bisect_right(self.line_starts, offset) - 1, 0)]

    def first_date_range(self) -> tuple[int, int] | None:
        """Offsets of the first dated range in the experience section (evidence for years)."""
        return self.date_range

    def sentence_texts(self) -> list[str]:
        """The CV statements the semantic component embeds, in order."""
        return [" ".join(self.text[a:b].split()) for a, b in self.sentences]

    def to_dict(self) -> dict:
        """JSON-ready form; :meth:`from_dict` restores an equal object."""
        return {
            "featuresVersion": FEATURES_VERSION,
            "text": self.text,
            "lineStarts": list(self.line_starts),
            "lineSections": list(self.line_sections),
            "skillIndex": {k: [list(s) for s in v] for k, v in self.skill_index.items()},
            "languages": [[m.language, m.start, m.end, m.basic, m.level] for m in self.languages],
            "education": list(self.education) if self.education else None,
            "dateRange": list(self.date_range) if self.date_range else None,
            "vector": self.vector,
            "englishShare": self.english_share,
            "headline": self.headline,
            "sentences": [list(s) for s in self.sentences],
            "integrity": [flag.to_dict() for flag in self.integrity],
            "titles": list(self.titles),
        }

    @classmethod
    def from_dict(cls, data: dict) -> CVFeatures:
        """Inverse of :meth:`to_dict`."""
        if data.get("featuresVersion") != FEATURES_VERSION:
            raise ValueError("stored CV features are of another version; recompute them from the text")
        education = data.get("education")
        date_range = data.get("dateRange")
        return cls(
            text=data["text"],
            line_starts=tuple(data["lineStarts"]),
            line_sections=tuple(data["lineSections"]),
            skill_index={k: tuple((s[0], s[1], s[2]) for s in v) for k, v in data["skillIndex"].items()},
            languages=tuple(
                LanguageMention(language=m[0], start=m[1], end=m[2], basic=m[3], level=m[4])
                for m in data["languages"]
            ),
            education=(education[0], education[1], education[2]) if education else None,
            date_range=(date_range[0], date_range[1]) if date_range else None,
            vector=dict(data["vector"]),
            english_share=float(data["englishShare"]),
            headline=data.get("headline"),
            sentences=tuple((s[0], s[1]) for s in data["sentences"]),
            integrity=tuple(
                IntegrityFlag(f["code"], f["message"], f["excerpt"]) for f in data.get("integrity", [])
            ),
            titles=tuple(data.get("titles", [])),
        )


def _headline(
    clean: str, line_starts: tuple[int, ...], first_line: int | None, name: str | None
) -> str | None:
    """The CV's title line ("STAFF ACCOUNTANT") reduced to occupational vocabulary, or None.

    The first line is never scored as text because it usually holds the candidate's name.  When no name
    was found on it, the words of it that occupational profiles use ("staff", "accountant") describe the
    candidate's profession; given names and family names are not such words, so the title-fit component
    still cannot see a name.
    """
    if first_line is None or name is not None:
        return None
    end = clean.find("\n", line_starts[first_line])
    line = clean[line_starts[first_line] : end if end != -1 else len(clean)]
    words = [w for w in _WORD.findall(line) if len(w) > 1 and is_common_word(w)]
    return " ".join(w.lower() for w in words[:8]) or None


def _sentences(
    text: str, line_starts: tuple[int, ...], line_sections: tuple[str | None, ...]
) -> tuple[tuple[int, int], ...]:
    """Statements worth comparing with requirements: sentences of at least four words outside bare
    skill lists, first ``MAX_SENTENCES`` in reading order (summaries and recent roles come first)."""
    found: list[tuple[int, int]] = []
    for i, start in enumerate(line_starts):
        if line_sections[i] in ("skills", "interests", "references"):
            continue
        end = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(text)
        line = text[start:end]
        pos = 0
        for part in _SENTENCE_SPLIT.split(line):
            at = line.find(part, pos)
            pos = at + len(part)
            stripped = part.strip(" \t-*\u2022\u00b7>")
            if len(stripped.split()) < MIN_SENTENCE_WORDS:
                continue
            lead = part.find(stripped)
            a = start + at + lead
            found.append((a, a + min(len(stripped), MAX_SENTENCE_CHARS)))
            if len(found) == MAX_SENTENCES:
                return tuple(found)
    return tuple(found)


def _listings_as_skills(analysis) -> dict[str, tuple[tuple[int, int, str | None], ...]]:
    """The skill index with mentions on list-like lines (mostly skill names, three or more) read as
    listed: a skill counts as shown in use only where the CV says something about it."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    for spans in analysis.skill_index.values():
        for start, end, _ in spans:
            by_line.setdefault(bisect.bisect_right(analysis.line_starts, start) - 1, []).append((start, end))
    listing = set()
    for line, spans in by_line.items():
        if len(spans) < LIST_LINE_SKILLS:
            continue
        start = analysis.line_starts[line]
        end = analysis.clean.find("\n", start)
        text = analysis.clean[start : end if end != -1 else len(analysis.clean)]
        if mostly_skills(text, [(a - start, b - start) for a, b in spans]):
            listing.add(line)
    return {
        skill: tuple(
            (a, b, "skills" if bisect.bisect_right(analysis.line_starts, a) - 1 in listing else section)
            for a, b, section in spans
        )
        for skill, spans in analysis.skill_index.items()
    }


def _role_titles(analysis) -> tuple[str, ...]:
    """Titles of the dated roles, most recent first as written (the date only finds the role lines, so
    any fixed "today" gives the same titles)."""
    lines = analysis.clean.split("\n")
    ranges = dated_ranges(analysis.experience_text, today=_TITLES_TODAY)
    roles = experience_entries(
        lines, list(analysis.experience_indices), analysis.heading_lines, ranges=ranges
    )
    titles = [r.title.strip() for r in roles if r.title and len(r.title) <= 80]
    return tuple(dict.fromkeys(t for t in titles if t))[:6]


@functools.lru_cache(maxsize=256)
def cv_features(text: str) -> CVFeatures:
    """Analyse a CV text (``ParsedCV.text``) into :class:`CVFeatures`; pure and memoised.

    Lines that try to game the score (``_integrity``) are removed first and reported in ``integrity``.
    """
    sanitised, flags = sanitise(normalise_text(text))
    analysis = analyse_cv(sanitised)
    chars = list(analysis.clean)
    for start, end in analysis.masked_spans:
        chars[start:end] = " " * (end - start)
    for i in analysis.excluded_lines:
        start = analysis.line_starts[i]
        end = analysis.clean.find("\n", start)
        end = len(chars) if end == -1 else end
        chars[start:end] = " " * (end - start)
    scorable = "".join(chars)
    date_range = None
    for m in DATE_RANGE.finditer(scorable):
        if analysis.section_at(m.start()) in ("experience", None):
            date_range = (m.start(), m.end())
            break
    return CVFeatures(
        text=scorable,
        line_starts=analysis.line_starts,
        line_sections=analysis.line_sections,
        skill_index=_listings_as_skills(analysis),
        languages=analysis.languages,
        education=analysis.education,
        date_range=date_range,
        vector=analysis.vector,
        english_share=analysis.english_share,
        headline=_headline(analysis.clean, analysis.line_starts, analysis.first_line, analysis.name),
        sentences=_sentences(scorable, analysis.line_starts, analysis.line_sections),
        integrity=flags,
        titles=_role_titles(analysis),
    )
