"""Roles in the experience section: title, employer, dates and duration of each dated entry.

Every date range in the experience text starts an entry.  Its title and employer come from the words
around the range on the same line ("Nurse, Example Clinic - Jan 2018 - Present"), or, when those do
not give both, from the short header lines next to it: above it ("Title" / "Employer | 2015-2019"), or
below it when the CV puts dates first ("2015-2019" / "Title" / "Employer").  The direction that worked
for the first entry is tried first for the others, and a header line is used by one entry only.

Which part is which: a part whose job words ("engineer", "nurse", "manager") outweigh its organisation
words ("GmbH", "Ltd", "Hospital", "School") is the title, the reverse the employer, and parts that say
neither follow the usual "Title, Employer" order.  Place names ("Berlin, Germany", "Austin, TX") are
dropped.  Only text within 150 characters of the dates is read, for CVs extracted as one long line.  Entries report month precision as "YYYY-MM";
year-only dates ("2015-2019") are reported as January of the year, as the years arithmetic reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._contacts import JOB_WORDS
from ._dates import DatedRange, month_label
from ._places import is_only_place
from ._warnings import STRICT, Guard

# Legal forms: a part holding one is an organisation whatever else it says.
_LEGAL_FORMS = frozenset(
    """
gmbh ag kg se ltd limited inc llc llp plc corp corporation co company sa s.a. sl s.l. b.v. bv nv n.v.
sarl s.a.r.l. sas srl spa s.p.a. pvt ab oy a/s
""".split()  # noqa: SIM905 - a word list reads better as text
)
# Words that usually name an organisation ("Example Hospital", "Talmora Academy").
_ORG_WORDS = frozenset(
    """
group holding holdings hospital clinic klinik health healthcare medical university college school academy
institute bank partners consulting solutions systems technologies technology labs lab studio studios
agency foundation trust council services industries international global ventures capital builders
construction contractors logistics analytics software media retail stores foods pharma insurance
ministry department office centre center homes trading wholesale merchants supplies creative digital
""".split()  # noqa: SIM905 - a word list reads better as text
)
_BULLET = re.compile(r"^\s*(?:[\u2022\u00b7*\u25aa\u25cf\u2013>]|-(?!\d))")
_PART_SPLIT = re.compile(
    r"\s*(?:[|\u2022\u00b7;,]|\s[-\u2013~]\s|\s@\s|\s+at\s+(?=[A-Z0-9])|\s{2,}|\t|:\s)\s*|^\s*[-\u2013]\s*|\s*[-\u2013:]\s*$"
)
_PAREN = re.compile(r"\(([^()]*)\)")
_NOISE = re.compile(r"^[\W\d_]*$")
_ABBREVIATION_END = re.compile(r"(?:\b|\.)[A-Za-z]{1,3}\.$")
_MAX_HEADER_WORDS = 10
_NEAR_CHARS = 150


@dataclass(frozen=True)
class Experience:
    """One dated role: ``start``/``end`` as "YYYY-MM" (``end`` None while ``current``); ``months`` is its
    length as counted for years of experience (None when the range could not be used)."""

    title: str | None
    employer: str | None
    start: str | None
    end: str | None
    current: bool
    months: int | None


def _words(text: str) -> list[str]:
    return [w.lower().strip(",()") for w in text.split()]


def _title_score(part: str) -> int:
    """2 when the part ends with a job noun ("Data Analyst"), 1 when it holds one ("Head of Sales")."""
    words = [w.rstrip(".") for w in _words(part)]
    if not words:
        return 0
    return 2 if words[-1] in JOB_WORDS else int(any(w in JOB_WORDS for w in words))


def _org_score(part: str) -> int:
    """3 for a legal form ("GmbH", "B.V."), 1 for an organisation word ("Hospital") or an ampersand."""
    words = _words(part)
    if any(w in _LEGAL_FORMS or w.rstrip(".") in _LEGAL_FORMS for w in words):
        return 3
    return int(any(w.rstrip(".") in _ORG_WORDS for w in words) or "&" in part)


def _parts(text: str) -> list[str]:
    """Split header text into title/employer candidates, dropping places, dates' leftovers and noise."""
    text = _PAREN.sub(
        lambda m: "" if is_only_place(m.group(1)) or _NOISE.match(m.group(1)) else m.group(0), text
    )
    out = []
    for raw in _PART_SPLIT.split(text):
        part = (raw or "").strip(" ,:;-\u2013()|")
        # A final dot ends a sentence ("... Ltd." keeps it: "Inc.", "B.V.", "S.L." are names).
        part = part[:-1] if part.endswith(".") and not _ABBREVIATION_END.search(part) else part
        if not part or _NOISE.match(part) or is_only_place(part):
            continue
        if part.lower() in {"present", "current", "now", "today", "to", "from", "since"}:
            continue
        out.append(part)
    return out


def _header_like(line: str) -> bool:
    """A short title/employer line: not a bullet, not a sentence."""
    stripped = line.strip()
    # A final dot ends a sentence, unless it ends an abbreviation ("Example Studio B.V.").
    sentence = stripped.endswith(".") and not _ABBREVIATION_END.search(stripped)
    if not stripped or _BULLET.match(line) or (sentence and len(stripped.split()) > 3):
        return False
    words = stripped.split()
    if len(words) > _MAX_HEADER_WORDS or len(stripped) > 90:
        return False
    # Bullet text without a bullet glyph (DOCX lists) starts with a past-tense verb and runs on.
    return not (len(words) >= 6 and words[0].lower().endswith("ed") and not _title_score(stripped))


def _assign(parts: list[str]) -> tuple[str | None, str | None]:
    """(title, employer) from the candidate parts in reading order.

    A part is the title when its job words outweigh its organisation words ("Analytics Consultant",
    "Construction Manager"), the employer when the reverse holds ("Example Data GmbH", "Talmora
    Hospital").  Parts that say neither follow the usual English order, "Title, Employer".
    """
    parts = parts[:4]
    if not parts:
        return None, None
    kinds = [
        "title" if _title_score(p) > _org_score(p) else "org" if _org_score(p) > 0 else "?" for p in parts
    ]
    if len(parts) == 1:
        return (None, parts[0]) if kinds[0] == "org" else (parts[0], None)
    title = next((p for p, k in zip(parts, kinds, strict=True) if k == "title"), None)
    employer = next((p for p, k in zip(parts, kinds, strict=True) if k == "org"), None)
    rest = [p for p in parts if p not in (title, employer)]
    if title is None and rest:
        title = rest.pop(0)
    if employer is None and rest:
        employer = rest.pop(0)
    return title, employer


def experience_entries(
    lines: list[str],
    indices: list[int],
    heading_lines: frozenset[int],
    *,
    ranges: list[DatedRange],
    guard: Guard = STRICT,
) -> list[Experience]:
    """Dated roles found on ``lines[i] for i in indices`` (the experience section, in order).

    ``ranges`` are the date ranges of those lines joined by newlines (``_dates.dated_ranges``).  With
    a lenient ``guard``, an entry that cannot be read is left out (warning ``experience_failed``).
    """
    if not indices or not ranges:
        return []
    text = "\n".join(lines[i] for i in indices)
    starts, pos = [], 0
    for i in indices:
        starts.append(pos)
        pos += len(lines[i]) + 1

    def position(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    range_rows = {position(r.match_start) for r in ranges} | {
        position(max(r.match_end - 1, 0)) for r in ranges
    }
    used: set[int] = set(range_rows)
    direction: str | None = None
    out: list[Experience] = []

    def entry(r: DatedRange) -> Experience:
        nonlocal direction
        first, last = position(r.match_start), position(max(r.match_end - 1, 0))
        before = text[starts[first] : r.match_start]
        after = text[r.match_end : starts[last] + len(lines[indices[last]])]
        # A title and employer sit next to their dates; a CV extracted as one long line has more.
        parts = _parts(before[-_NEAR_CHARS:]) + _parts(after[:_NEAR_CHARS])

        def take(step: int, row: int, have: list[str]) -> list[str]:
            got: list[str] = []
            rows: list[int] = []
            j = row + step
            while 0 <= j < len(indices) and len(have) + len(got) < 2 and len(rows) < 2:
                line = lines[indices[j]]
                if not line.strip():
                    j += step
                    continue
                if j in used or indices[j] in heading_lines or not _header_like(line):
                    break
                found = _parts(line)
                if not found:
                    break
                got = found + got if step < 0 else got + found
                rows.append(j)
                j += step
            used.update(rows)
            return got

        if len(parts) < 2:
            order = ("back", "forward") if direction != "forward" else ("forward", "back")
            for way in order:
                extra = take(-1, first, parts) if way == "back" else take(1, last, parts)
                if extra:
                    parts = extra + parts if way == "back" else parts + extra
                    direction = direction or way
                    break
        title, employer = _assign(parts)
        end = None if r.current else month_label(r.written_end if r.written_end is not None else r.stop - 1)
        return Experience(title, employer, month_label(r.start), end, r.current, r.stop - r.start)

    for r in ranges[:30]:
        experience = guard.run("experience_failed", None, entry, r)
        if experience is not None:
            out.append(experience)
    return out
