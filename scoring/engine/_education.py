"""Education: degree patterns, the highest completed level (scored) and the list of degrees (reported)."""

from __future__ import annotations

import re
from dataclasses import dataclass

EDUCATION_LEVELS = ("HIGH_SCHOOL", "ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE")
_RANK = {level: i for i, level in enumerate(EDUCATION_LEVELS)}

EDUCATION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "DOCTORATE",
        re.compile(
            r"\bph\.?\s?d\b|\bdoctor(?:ate|al degree)\b|\bdoctor of (?!the\b)\w+|\bd\.?phil\b|\bjuris doctor\b",
            re.IGNORECASE,
        ),
    ),
    ("DOCTORATE", re.compile(r"\b(?:Ed\.?D|Pharm\.?D|Psy\.?D|DNP|DVM|DDS|DMD)\b|\b[JM]\.D\.")),
    (
        "MASTER",
        re.compile(
            r"\bmaster'?s?\s+(?:degree|of|in)\b|\bmaster's\b|\bmasters\b(?!\s+(?:swim|tournament))|\bmagister\b|"
            r"\bpost-?graduate degree\b|\bm\.?b\.?a\b|\bm\.sc?\b\.?|\bm\.a\.|\bll\.?m\b|\bm\.ed\b",
            re.IGNORECASE,
        ),
    ),
    (
        "MASTER",
        re.compile(
            r"\b(?:MSc|MEng|MEd|MPH|MFA|MPA|MSW|MSN|MAcc|MRes|MPhil|MBA)\b|"
            r"\b(?:MS|MA)\b(?=\s*(?:in|of|degree|,|\(|-|\u2013)\s)"
        ),
    ),
    (
        "BACHELOR",
        re.compile(
            r"\bbachelor'?s?\b|\bbaccalaureate degree\b|\bundergraduate degree\b|\bb\.\s?sc?\b\.?|\bb\.a\.|"
            r"\bb\.\s?eng\b|\bb\.\s?com\b|\bb\.\s?tech\b|\bll\.?b\b|\bb\.ed\b",
            re.IGNORECASE,
        ),
    ),
    (
        "BACHELOR",
        re.compile(
            r"\b(?:BSc|BEng|BBA|BCom|BFA|BTech|BSN|BSW|BArch|BEd|BBus)\b|"
            r"\b(?:BS|BA)\b(?=\s*(?:in|of|degree|,|\(|-|\u2013)\s)"
        ),
    ),
    (
        "ASSOCIATE",
        re.compile(
            r"\bassociate'?s?\s+(?:degree|of\s+(?:applied\s+)?(?:arts|science|business|occupational|general))|"
            r"\bassociates\s+degree\b|\ba\.a\.s?\.|\ba\.s\.(?=\s+(?:in|degree))",
            re.IGNORECASE,
        ),
    ),
    ("ASSOCIATE", re.compile(r"\bAAS\b|\b(?:AA|AS)\b(?=\s+(?:in|degree)\b)")),
    (
        "HIGH_SCHOOL",
        re.compile(
            r"\bhigh\s+school\b|\bGED\b|\bsecondary\s+(?:school|education)\b|\bA-?levels?\b|"
            r"\bhigh\s+school\s+diploma\b|\binternational baccalaureate\b",
            re.IGNORECASE,
        ),
    ),
)
# Only trusted on lines of an education section: "BA Psychology", "BA (Hons) History", "MS Finance".
# Elsewhere "BA" and "MS" are too often something else (British Airways, Microsoft, multiple sclerosis).
SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "MASTER",
        re.compile(r"^[^\w]*(?:\d{4}\W+(?:\d{4}\W+)?)?(?:MA|MS|M\.A|M\.S)\.?(?:\s*\(Hons?\))?\s+(?=[A-Z])"),
    ),
    (
        "BACHELOR",
        re.compile(r"^[^\w]*(?:\d{4}\W+(?:\d{4}\W+)?)?(?:BA|BS|AB)\.?(?:\s*\(Hons?\))?\s+(?=[A-Z])"),
    ),
)
IN_PROGRESS = re.compile(
    r"\b(?:candidate|pursuing|in progress|expected|ongoing|currently enrolled|coursework|incomplete|"
    r"not completed|student)\b",
    re.IGNORECASE,
)
# Words that name a school; the comma/bar-separated part of a line holding one is the institution.
_INSTITUTION = re.compile(
    r"\b(?:University|Universit\u00e9|Universit\u00e4t|Universidad|Universiteit|Universit\u00e0|College|"
    r"Institute|Institut|School|Academy|Polytechnic|Politecnico|Hochschule|Conservatory|Escuela|\u00c9cole|"
    r"Ecole|Gymnasium|Lyc\u00e9e|Faculty|Campus)\b"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PART_SPLIT = re.compile(r"\s*(?:[,|;\u2022\u00b7]|\s[-\u2013]\s|\s{2,}|\t)\s*")
# Degree names that say nothing about the subject ("Bachelor of Science" has no field; "... in Nursing" has).
_GENERIC_FIELDS = frozenset(
    {"science", "sciences", "arts", "fine arts", "applied science", "applied sciences", "philosophy", "laws"}
)
_FIELD_STOP = re.compile(
    r"\s*(?:[,|;(\[\u2022\u00b7:]|\s[-\u2013]\s|\s(?:at|from)\s|\d|"
    r"\b(?:University|College|Institute|School|Academy)\b).*$"
)


@dataclass(frozen=True)
class Education:
    """One degree or school from the CV: level (None when unrecognised), field, institution, year.

    ``year`` is the last year written for it (usually graduation).  A degree still in progress keeps
    its level here but does not count towards the highest completed level (``educationLevel``).
    """

    level: str | None
    field: str | None
    institution: str | None
    year: int | None


# All degree patterns in one, to skip the many lines that name none without trying each pattern.
_ANY_DEGREE = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
        for _, p in EDUCATION_PATTERNS + SECTION_PATTERNS
    )
)


def degree_match(line: str, *, in_section: bool = False) -> tuple[str, re.Match[str]] | None:
    """The highest degree named in a line: (level, match), or None (``in_section``: the line is in an
    education section, where "BA Psychology" is a degree too)."""
    if not _ANY_DEGREE.search(line):
        return None
    best: tuple[str, re.Match[str]] | None = None
    for level, pattern in EDUCATION_PATTERNS + (SECTION_PATTERNS if in_section else ()):
        if best is not None and _RANK[level] <= _RANK[best[0]]:
            continue
        m = pattern.search(line)
        if m:
            best = (level, m)
    return best


def find_education(
    lines: list[str],
    line_starts: list[int],
    line_sections: list[str | None],
    excluded: frozenset[int] | set[int],
) -> tuple[str, int, int] | None:
    """Highest completed level with its offsets: the education section first, else the whole CV."""
    education_lines = [i for i, s in enumerate(line_sections) if s == "education" and i not in excluded]
    for candidates in (education_lines, [i for i in range(len(lines)) if i not in excluded]):
        best: tuple[str, int, int] | None = None
        for i in candidates:
            line = lines[i]
            if IN_PROGRESS.search(line):
                continue
            found = degree_match(line, in_section=line_sections[i] == "education")
            if found and (best is None or _RANK[found[0]] > _RANK[best[0]]):
                level, m = found
                best = (level, line_starts[i] + m.start(), line_starts[i] + m.end())
        if best is not None:
            return best
    return None


def _field_after(line: str, m: re.Match[str]) -> str | None:
    """The subject written after a degree: "BSc Computer Science" -> "Computer Science", "Bachelor of
    Science in Nursing" -> "Nursing", "Master of Business Administration (MBA)" -> "Business
    Administration"; None for "Bachelor of Arts" or "High School Diploma"."""
    rest = line[m.end() :]
    rest = re.sub(
        r"^(?:['\u2019]s)?[\s.]*(?:\((?:hons?|honours|honors)\)|hons\.?)?\s*", "", rest, flags=re.IGNORECASE
    )
    rest = re.sub(r"^(?:degree|diploma)\b\s*", "", rest, flags=re.IGNORECASE)
    rest = re.sub(r"^(?:of|in|:)\s+", "", rest, flags=re.IGNORECASE)
    field = _FIELD_STOP.sub("", rest).strip(" .,-\u2013")
    generic_in = re.match(r"^(.+?)\s+in\s+(.+)$", field, re.IGNORECASE)
    if generic_in and generic_in.group(1).lower() in _GENERIC_FIELDS:
        field = generic_in.group(2)  # "Science in Nursing"
    field = re.sub(r"\s*\((?:hons?|honours|honors)\)\s*", " ", field, flags=re.IGNORECASE).strip()
    if not field or field.lower() in _GENERIC_FIELDS or field.lower() in {"degree", "diploma"}:
        return None
    if len(field.split()) > 8 or not field[0].isalpha():
        return None
    return field


def _institution_in(line: str, degree_span: tuple[int, int] | None) -> str | None:
    pos = 0
    for part in _PART_SPLIT.split(line):
        start = line.find(part, pos)
        pos = start + len(part)
        if degree_span and start < degree_span[1] and degree_span[0] < start + len(part):
            continue  # the degree's own words ("High School Diploma") are not the school
        if _INSTITUTION.search(part):
            name = re.sub(r"\(?\b(?:19|20)\d\d\b.*$", "", part).strip(" ,.;:-\u2013()")
            if name and len(name.split()) <= 10:
                return name
    return None


def education_entries(
    lines: list[str], line_sections: list[str | None], excluded: frozenset[int] | set[int]
) -> list[Education]:
    """Degrees and schools of the education section, in order (degrees anywhere when it is missing).

    A line naming a degree starts an entry; an institution or a year on that line or within the next
    three lines completes it, and an institution line just before a degree ("University of X" then
    "BSc Physics") is attached to that degree.
    """
    indices = [i for i, s in enumerate(line_sections) if s == "education" and i not in excluded]
    if not indices:
        indices = [i for i in range(len(lines)) if i not in excluded and degree_match(lines[i])]
    entries: list[dict] = []
    pending: dict | None = None  # an institution line waiting for its degree
    for i in indices:
        line = lines[i].strip()
        if not line:
            continue
        found = degree_match(line, in_section=line_sections[i] == "education")
        years = [int(y) for y in _YEAR.findall(line)]
        if found:
            level, m = found
            entry = {
                "level": level,
                "field": _field_after(line, m),
                "institution": _institution_in(line, m.span()),
                "year": years[-1] if years else None,
                "line": i,
            }
            if pending and i - pending["line"] <= 3 and entry["institution"] is None:
                entry["institution"] = pending["institution"]
                entry["year"] = entry["year"] or pending["year"]
                pending = None
            entries.append(entry)
            continue
        institution = _institution_in(line, None)
        current = entries[-1] if entries else None
        near = current is not None and i - current["line"] <= 3
        if institution:
            if near and current["institution"] is None:
                current["institution"] = institution
                current["year"] = current["year"] or (years[-1] if years else None)
            else:
                if pending:
                    entries.append({**pending, "level": None, "field": None})
                pending = {"institution": institution, "year": years[-1] if years else None, "line": i}
        elif years and near and current["year"] is None:
            current["year"] = years[-1]
    if pending:
        entries.append({**pending, "level": None, "field": None})
    entries.sort(key=lambda e: e["line"])
    return [Education(e["level"], e["field"], e["institution"], e["year"]) for e in entries[:20]]
