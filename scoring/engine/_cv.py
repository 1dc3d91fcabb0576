"""CV text -> :class:`ParsedCV` (the stored, versioned profile), and the cached per-text analysis that
scoring reuses.

What never reaches a score: protected-attribute lines (removed before anything is read, see
``_text.strip_protected``), the first line and the detected name line, personal/contact sections, and
the candidate's location in the header (blanked, so "Berlin, Germany" next to a job title does not
remove the title).  Name and location are still *reported* in the profile.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass, field

from ._contacts import (
    Link,
    classify_link,
    contact_spans,
    find_phones,
    is_cv_title,
    location_from_label,
    location_in_line,
    name_from_label,
    name_in_line,
    normalise_phone,
    region_hints,
    typed_links,
)
from ._dates import DATE_RANGE, dated_ranges, estimate_years, years_from_ranges
from ._education import EDUCATION_LEVELS, Education, education_entries, find_education
from ._experience import Experience, experience_entries
from ._languages import LANGUAGE_NAMES, LanguageMention, find_languages
from ._taxonomy import load_taxonomy
from ._text import content_terms, find_emails, normalise_text, strip_protected
from ._vectors import text_vector
from ._version import ENGINE_VERSION
from ._warnings import Guard, ParseWarning

# Re-exported for modules and tests that imported them from here in 0.1.
_LANGUAGE_NAMES = LANGUAGE_NAMES
__all__ = [
    "EDUCATION_LEVELS",
    "LISTING_SECTIONS",
    "SCHEMA_VERSION",
    "CVAnalysis",
    "Education",
    "Experience",
    "LanguageMention",
    "LanguageSkill",
    "Link",
    "ParseWarning",
    "ParsedCV",
    "analyse_cv",
    "estimate_years",
    "parse_cv",
]

SCHEMA_VERSION = 3
"""Version of the ``ParsedCV.to_dict()`` shape (1: links and languages were plain strings; 2: typed
links, leveled languages, E.164 phones; 3: ``warnings``, what the parse could not read)."""

# Heading text (lower case, "&" read as "and") -> section key.  "personal" and "contact" are detected
# so that they can be kept out of scoring, but are not reported in ParsedCV.sections.
# fmt: off
_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "career summary", "executive summary", "profile",
        "professional profile", "career profile", "personal profile", "objective", "career objective",
        "professional objective", "about me", "about", "overview", "personal statement", "introduction",
        "summary of qualifications", "qualifications summary", "professional overview",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment history", "employment",
        "work history", "career history", "relevant experience", "professional background",
        "employment experience", "professional history", "positions held", "internships",
        "internship experience", "military experience", "teaching experience", "research experience",
        "industry experience", "job history", "relevant work experience", "experience history",
        "career experience", "work experience and internships",
    ),
    "education": (
        "education", "academic background", "education and training", "educational background",
        "academic qualifications", "academic history", "education history", "studies", "academics",
        "training and education", "educational qualifications", "degrees", "education and qualifications",
        "qualifications and education", "education and certifications", "academic profile", "schooling",
    ),
    "skills": (
        "skills", "technical skills", "key skills", "core skills", "core competencies", "competencies",
        "skill highlights", "highlights", "areas of expertise", "expertise", "technologies",
        "technical proficiencies", "proficiencies", "tools", "tools and technologies", "it skills",
        "computer skills", "professional skills", "skills summary", "summary of skills", "qualifications",
        "core qualifications", "key qualifications", "strengths", "abilities", "technical expertise",
        "software", "skill set", "skillset", "additional skills", "relevant skills", "skills and abilities",
        "technical summary", "technical competencies", "key competencies", "skills and expertise",
    ),
    "languages": (
        "languages", "language skills", "language", "spoken languages", "language proficiency",
        "foreign languages", "languages spoken",
    ),
    "certifications": (
        "certifications", "certification", "certificates", "licenses", "licences",
        "licenses and certifications", "certifications and licenses", "licensure",
        "professional certifications", "accreditations", "credentials", "training", "courses",
        "professional development", "continuing education", "certifications and training",
        "training and certifications",
    ),
    "projects": (
        "projects", "key projects", "personal projects", "selected projects", "academic projects",
    ),
    "awards": (
        "awards", "honors", "honours", "awards and honors", "honors and awards", "accomplishments",
        "achievements", "key achievements", "awards and achievements",
    ),
    "publications": (
        "publications", "presentations", "publications and presentations", "research",
    ),
    "volunteering": (
        "volunteer", "volunteering", "volunteer experience", "volunteer work", "community service",
        "community involvement", "leadership and volunteering",
    ),
    "interests": (
        "interests", "hobbies", "hobbies and interests", "activities", "personal interests",
        "extracurricular activities",
    ),
    "references": (
        "references", "referees",
    ),
    "additional": (
        "additional information", "other", "miscellaneous", "additional", "other information", "affiliations",
        "professional affiliations", "memberships", "professional memberships",
    ),
    "personal": (
        "personal information", "personal details", "personal data", "personal", "personal info",
    ),
    "contact": (
        "contact", "contact information", "contact details", "contact info",
    ),
}
# fmt: on
_HEADING_LOOKUP = {h: key for key, names in _HEADINGS.items() for h in names}
_PRIVATE_SECTIONS = frozenset({"personal", "contact"})
# Sections that only *list* skills; a skill seen nowhere else is claimed rather than shown in use.
LISTING_SECTIONS = frozenset({"skills", "interests"})

_HEADING_CLEAN = re.compile(r"[^a-z ]+")
_INLINE_HEADING = re.compile(r"^([A-Za-z][A-Za-z &/]{1,40}?)\s*[:|]\s*(\S.*)$")

_ENGLISH_FUNCTION_WORDS = frozenset(
    """
the and of to in for with on as at by from an or is was were be are this that
""".split()  # noqa: SIM905 - a word list reads better as text
)
# Lines before the first heading that are searched for the name and the location.
_HEADER_LINES = 12
_CERT_BULLET = re.compile(r"^[\s\u2022\u00b7*\u25aa\u25cf>-]+")
_CERT_SPLIT = re.compile(r"\s*[;|\u2022]\s*|\s{2,}|\t")
_TRAILING_YEAR = re.compile(
    r"[\s,(\-\u2013]*(?:(?:issued|obtained|since)\s+)?(?:\w{3,9}\.?\s)?(?:19|20)\d\d\)?$", re.IGNORECASE
)


@dataclass(frozen=True)
class LanguageSkill:
    """A spoken language and its stated level (``NATIVE``, ``FLUENT``, ``PROFESSIONAL``, ``INTERMEDIATE``,
    ``BASIC``, a CEFR code ``A1``..``C2``, or None when the CV does not say)."""

    language: str
    level: str | None = None


@dataclass(frozen=True)
class ParsedCV:
    """Structured profile extracted from a CV's text (see :func:`parse_cv`).

    ``text`` keeps the whole normalised text so the CV can be re-scored against any job without being
    parsed again.  Lists hold canonical names in order of first appearance.  ``name`` and ``location``
    are shown to recruiters but never used for scoring.  ``warnings`` name the optional fields that
    could not be read and were left empty (see ``_warnings``).
    """

    text: str
    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    location: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    experiences: list[Experience] = field(default_factory=list)
    years_experience: float | None = None
    education: list[Education] = field(default_factory=list)
    education_level: str | None = None
    skills: list[str] = field(default_factory=list)
    languages: list[LanguageSkill] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def language_names(self) -> list[str]:
        """The languages without their levels."""
        return [lang.language for lang in self.languages]

    def to_dict(self) -> dict:
        """JSON-ready dict with camelCase keys, ``schemaVersion`` 3 and the engine version that made it."""
        return {
            "schemaVersion": SCHEMA_VERSION,
            "engineVersion": ENGINE_VERSION,
            "text": self.text,
            "name": self.name,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "links": [{"kind": link.kind, "url": link.url} for link in self.links],
            "location": self.location,
            "sections": dict(self.sections),
            "experiences": [
                {
                    "title": e.title,
                    "employer": e.employer,
                    "start": e.start,
                    "end": e.end,
                    "current": e.current,
                    "months": e.months,
                }
                for e in self.experiences
            ],
            "yearsExperience": self.years_experience,
            "education": [
                {"level": e.level, "field": e.field, "institution": e.institution, "year": e.year}
                for e in self.education
            ],
            "educationLevel": self.education_level,
            "skills": list(self.skills),
            "languages": [{"language": lang.language, "level": lang.level} for lang in self.languages],
            "certifications": list(self.certifications),
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ParsedCV:
        """Inverse of :meth:`to_dict`; also reads stored profiles of schema 1 and snake_case keys.

        Schema 1 (no ``schemaVersion``) had links and languages as plain strings and phones as written:
        links are typed from their URL, languages get level None, and phones are converted to E.164
        (regions hinted by the stored text, as :func:`parse_cv` does), dropping any that are not valid
        numbers.  Fields that schema 1 did not have (name, location, experiences, education entries,
        certifications) stay empty: re-run :func:`parse_cv` on ``text`` to fill them.  Schemas 1 and
        2 had no ``warnings`` (read as none).  Unknown keys are ignored.
        """

        def get(camel: str, snake: str, default=None):
            return data.get(camel, data.get(snake, default))

        version = int(get("schemaVersion", "schema_version", 1) or 1)
        text = data.get("text", "") or ""
        emails = [str(e) for e in data.get("emails", []) or []]
        phones = [str(p) for p in data.get("phones", []) or []]
        if version < 2 and phones:
            hints = region_hints(text, location=None, emails=emails)
            regions = tuple(dict.fromkeys([*hints, "US", "GB", "IN", "DE", "FR", "NL", "ES"]))
            phones = list(
                dict.fromkeys(p for p in (normalise_phone(raw, regions=regions) for raw in phones) if p)
            )
        years = get("yearsExperience", "years_experience")
        return cls(
            text=text,
            name=data.get("name"),
            emails=emails,
            phones=phones,
            links=[_link_from(item) for item in data.get("links", []) or []],
            location=data.get("location"),
            sections=dict(data.get("sections", {}) or {}),
            experiences=[
                Experience(
                    title=e.get("title"),
                    employer=e.get("employer"),
                    start=e.get("start"),
                    end=e.get("end"),
                    current=bool(e.get("current", False)),
                    months=None if e.get("months") is None else int(e["months"]),
                )
                for e in data.get("experiences", []) or []
            ],
            years_experience=None if years is None else float(years),
            education=[
                Education(
                    level=e.get("level"),
                    field=e.get("field"),
                    institution=e.get("institution"),
                    year=None if e.get("year") is None else int(e["year"]),
                )
                for e in data.get("education", []) or []
            ],
            education_level=get("educationLevel", "education_level"),
            skills=list(data.get("skills", []) or []),
            languages=[_language_from(item) for item in data.get("languages", []) or []],
            certifications=list(data.get("certifications", []) or []),
            warnings=[
                ParseWarning.from_dict(w) for w in data.get("warnings", []) or [] if isinstance(w, dict)
            ],
        )


def _link_from(item: str | dict) -> Link:
    if isinstance(item, str):
        return classify_link(item)
    url = str(item.get("url", ""))
    return Link(item.get("kind") or classify_link(url).kind, url)


def _language_from(item: str | dict) -> LanguageSkill:
    if isinstance(item, str):
        return LanguageSkill(item, None)
    return LanguageSkill(str(item.get("language", "")), item.get("level"))


@dataclass(frozen=True)
class CVAnalysis:
    """Everything the engine derives from a CV text that does not depend on ``today`` or on a job.

    Offsets refer to ``clean``: the normalised text with protected-attribute lines removed.  ``masked``
    is ``clean`` with the candidate's location blanked (same length, so offsets agree); everything
    that can feed a score is read from ``masked`` outside ``excluded_lines``.
    """

    clean: str
    masked: str
    sections: dict[str, str]
    line_starts: tuple[int, ...]
    line_sections: tuple[str | None, ...]
    heading_lines: frozenset[int]
    first_line: int | None  # never scored, whatever it holds
    name: str | None
    location: str | None
    masked_spans: tuple[tuple[int, int], ...]
    excluded_lines: frozenset[int]
    contact_lines: frozenset[int]
    skill_index: dict[str, tuple[tuple[int, int, str | None], ...]]
    skills: tuple[str, ...]
    languages: tuple[LanguageMention, ...]
    education: tuple[str, int, int] | None
    experience_indices: tuple[int, ...]
    experience_text: str
    vector: dict[str, float]
    english_share: float
    warnings: tuple[ParseWarning, ...] = ()  # optional readers that failed (their fields are empty)

    def section_at(self, offset: int) -> str | None:
        """Section key of the line containing ``offset``."""
        return self.line_sections[_line_of(self.line_starts, offset)]

    def usable(self, offset: int) -> bool:
        """False for offsets on the name line, in personal/contact sections, in the location or in the
        header's contact details."""
        if any(start <= offset < end for start, end in self.masked_spans):
            return False
        return _line_of(self.line_starts, offset) not in self.excluded_lines

    def first_date_range(self) -> tuple[int, int] | None:
        """Offsets of the first dated range in the experience section (evidence for years)."""
        for m in DATE_RANGE.finditer(self.clean):
            if self.usable(m.start()) and self.section_at(m.start()) in ("experience", None):
                return m.start(), m.end()
        return None


def _heading(line: str) -> tuple[str, str] | None:
    """(section key, inline content) when the line is a section heading, else None."""
    stripped = line.strip(" \t-*\u2022\u00b7>#=_|")
    if not stripped or len(stripped) > 60:
        return None
    simple = _HEADING_CLEAN.sub(" ", stripped.lower().replace("&", " and ")).split()
    if 0 < len(simple) <= 5 and not stripped.endswith((".", ",")):
        key = _HEADING_LOOKUP.get(" ".join(simple))
        if key:
            return key, ""
    m = _INLINE_HEADING.match(stripped)
    if m:
        name = " ".join(_HEADING_CLEAN.sub(" ", m.group(1).lower().replace("&", " and ")).split())
        key = _HEADING_LOOKUP.get(name)
        if key:
            return key, m.group(2)
    return None


def _find_name(lines: list[str], header: list[int]) -> int | None:
    """Index of the line holding the candidate's name: the first header line (after a "Curriculum
    Vitae" title) that reads as a name, looking at two lines at most."""
    looked = 0
    for i in header:
        line = lines[i].strip()
        if not line or is_cv_title(line):
            continue
        if name_in_line(line):
            return i
        looked += 1
        if looked == 2:
            break
    return None


def _find_location(
    lines: list[str], candidates: list[int], name_index: int | None
) -> tuple[int, int, int] | None:
    """(line, start, end) of the candidate's location among the header and contact lines."""
    for i in candidates:
        line = lines[i]
        if i == name_index:
            name = name_in_line(line) or ""
            at = line.find(name)
            line = line[:at] + " " * len(name) + line[at + len(name) :]  # "Austin Reyes" is not in Austin
        span = location_in_line(line)
        if span:
            return i, span[0], span[1]
    return None


@functools.lru_cache(maxsize=128)
def analyse_cv(text: str) -> CVAnalysis:
    """Analyse a CV text once; pure function of ``text`` (memoised so re-scoring is cheap).

    Optional readers (headings, name, location, header contacts, languages, education) run under a
    :class:`Guard`: one that fails leaves its field empty and a warning in ``warnings``.
    """
    guard = Guard()
    clean = strip_protected(normalise_text(text))
    lines = clean.split("\n")
    line_starts, pos = [], 0
    for line in lines:
        line_starts.append(pos)
        pos += len(line) + 1

    # The first non-empty line of a CV is usually the candidate's name: never let it feed a score.
    # (Unless it is already a heading, as in anonymised CVs that start with "Summary".)
    first_line = None
    for i, line in enumerate(lines):
        if line.strip():
            if len(line.split()) <= 8 and guard.run("sections_failed", None, _heading, line) is None:
                first_line = i
            break

    line_sections: list[str | None] = []
    section_lines: dict[str, list[str]] = {}
    headings: set[int] = set()
    current: str | None = None
    for i, line in enumerate(lines):
        found = guard.run("sections_failed", None, _heading, line) if i != first_line else None
        if found:
            key, inline = found
            if inline:
                # "Skills: Python, SQL" is a one-line section inside whatever section surrounds it.
                line_sections.append(key)
                section_lines.setdefault(key, []).append(inline)
            else:
                current = key
                line_sections.append(key)
                headings.add(i)
            continue
        line_sections.append(current)
        if current is not None:
            section_lines.setdefault(current, []).append(line)
    sections = {
        key: "\n".join(body).strip()
        for key, body in section_lines.items()
        if key not in _PRIVATE_SECTIONS and "\n".join(body).strip()
    }

    header = [i for i in range(min(len(lines), _HEADER_LINES)) if line_sections[i] is None]
    private = [i for i, s in enumerate(line_sections) if s in _PRIVATE_SECTIONS]
    name_line = guard.run("name_failed", None, _find_name, lines, header)
    excluded = set(private)
    excluded.update(i for i in (first_line, name_line) if i is not None)

    # Blank the location and the header's contact details (e-mails, links, phones, "LinkedIn:" labels)
    # for scoring; offsets stay those of ``clean``.
    spans: list[tuple[int, int]] = []
    location_at = guard.run("location_failed", None, _find_location, lines, header + private, name_line)
    location = None
    if location_at:
        i, start, end = location_at
        location = lines[i][start:end].strip()
        spans.append((line_starts[i] + start, line_starts[i] + end))
    for i in header:
        if i not in excluded:
            found_spans = guard.run("contacts_failed", [], contact_spans, lines[i])
            spans += [(line_starts[i] + a, line_starts[i] + b) for a, b in found_spans]
    chars = list(clean)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    masked = "".join(chars)
    masked_lines = masked.split("\n")

    spans_end = max((end for _, end in spans), default=0)  # masked spans all sit in the header

    def usable(offset: int) -> bool:
        if offset < spans_end and any(start <= offset < end for start, end in spans):
            return False
        return _line_of(line_starts, offset) not in excluded

    skill_index: dict[str, list[tuple[int, int, str | None]]] = {}
    for hit in load_taxonomy().find(masked):
        if usable(hit.start) and not _legal_form(clean, hit.start, hit.end):
            section = line_sections[_line_of(line_starts, hit.start)]
            skill_index.setdefault(hit.skill, []).append((hit.start, hit.end, section))

    scoring_text = "\n".join(line for i, line in enumerate(masked_lines) if i not in excluded)
    terms = content_terms(scoring_text)
    words = re.findall(r"[a-z]+", scoring_text.lower())
    english_share = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) if len(words) >= 30 else 0.0

    experience_indices = [
        i for i, line in enumerate(lines) if line_sections[i] == "experience" and i not in excluded
    ]
    if not experience_indices and "experience" not in sections:
        # No experience heading found: use everything except education-like sections.
        skip = {"education", "certifications", "references", "awards", "publications"}
        experience_indices = [
            i for i in range(len(lines)) if line_sections[i] not in skip and i not in excluded
        ]

    return CVAnalysis(
        clean=clean,
        masked=masked,
        sections=sections,
        line_starts=tuple(line_starts),
        line_sections=tuple(line_sections),
        heading_lines=frozenset(headings),
        first_line=first_line,
        name=guard.run("name_failed", None, name_in_line, lines[name_line])
        if name_line is not None
        else None,
        location=location,
        masked_spans=tuple(sorted(spans)),
        excluded_lines=frozenset(excluded),
        contact_lines=frozenset(header + private),
        skill_index={skill: tuple(spans) for skill, spans in skill_index.items()},
        skills=tuple(skill_index),
        languages=guard.run(
            "languages_failed", (), find_languages, masked_lines, line_starts, line_sections, excluded
        ),
        education=guard.run(
            "education_failed", None, find_education, masked_lines, line_starts, line_sections, excluded
        ),
        experience_indices=tuple(experience_indices),
        experience_text="\n".join(lines[i] for i in experience_indices),
        vector=text_vector(terms),
        english_share=english_share,
        warnings=tuple(guard.warnings),
    )


# Company legal forms that are also skill names: "Orvix Data SAS" is a French company, not SAS the
# analytics software.  Read as the legal form after a capitalised word and before the end of the name.
_LEGAL_FORMS = frozenset({"SAS"})
_PRODUCT_PREFIXES = frozenset({"Base", "Enterprise", "Visual", "Viya"})


def _legal_form(text: str, start: int, end: int) -> bool:
    if text[start:end] not in _LEGAL_FORMS:
        return False
    before = text[max(0, start - 40) : start]
    m = re.search(r"([^\W\d_][\w&.'-]*)[ \t]+$", before)
    if not m or not m.group(1)[0].isupper() or m.group(1).isupper() or m.group(1) in _PRODUCT_PREFIXES:
        return False
    after = text[end : end + 3]
    return not after.strip() or after.lstrip(" \t")[:1] in ",|()\u2013-;\n"


def _line_of(line_starts: list[int] | tuple[int, ...], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset) - 1


def _certifications(section: str) -> list[str]:
    """Items of a certifications section: one per line (or per ";"/"|" part), bullets and years removed."""
    out: list[str] = []
    seen: set[str] = set()
    for line in section.split("\n"):
        line = _CERT_BULLET.sub("", line).strip()
        for item in _CERT_SPLIT.split(line):
            item = _TRAILING_YEAR.sub("", item.strip()).strip(" ,.;:-\u2013()")
            if len(item) < 3 or len(item) > 120 or not re.search(r"[^\W\d_]{2}", item):
                continue
            if item.lower() not in seen:
                seen.add(item.lower())
                out.append(item)
    return out[:30]


def parse_cv(text: str, *, today: datetime.date) -> ParsedCV:
    """Parse CV text into a :class:`ParsedCV`.

    Protected-attribute lines (date of birth, nationality, gender, marital status, address, ...) are
    removed before any field that feeds a score is extracted; the name line and the location are
    reported but never used for skills, languages, education or the bag of words.  ``today`` is what
    "present" means in date ranges; it is the only time input, so parsing is deterministic.

    Each optional field (contacts, links, each date range and role, years, education, languages,
    certifications, headings) is read under a guard: a reader that fails leaves only its own field
    empty and adds a :class:`ParseWarning`, so one bug never fails the whole CV.
    """
    normalised = normalise_text(text)
    analysis = analyse_cv(normalised)
    guard = Guard()
    all_lines = normalised.split("\n")
    clean_lines = analysis.clean.split("\n")
    emails = guard.run("emails_failed", [], find_emails, normalised)
    location = analysis.location or guard.run("location_failed", None, location_from_label, all_lines)
    # The experience text's date ranges give both the roles and the merged years.
    ranges = dated_ranges(analysis.experience_text, today=today, guard=guard)
    return ParsedCV(
        text=normalised,
        name=analysis.name or guard.run("name_failed", None, name_from_label, all_lines),
        emails=emails,
        # Phones are read from the text without protected lines: a passport or ID number is not a phone.
        phones=guard.run(
            "phones_failed",
            [],
            find_phones,
            analysis.clean,
            location=location,
            emails=emails,
            contact_lines=analysis.contact_lines,
        ),
        links=guard.run("links_failed", [], typed_links, normalised),
        location=location,
        sections=dict(analysis.sections),
        experiences=experience_entries(
            clean_lines, list(analysis.experience_indices), analysis.heading_lines, ranges=ranges, guard=guard
        ),
        years_experience=guard.run(
            "years_failed", None, years_from_ranges, ranges, fallback_text=analysis.clean
        ),
        education=guard.run(
            "education_failed",
            [],
            education_entries,
            analysis.masked.split("\n"),
            list(analysis.line_sections),
            analysis.excluded_lines,
        ),
        education_level=analysis.education[0] if analysis.education else None,
        skills=list(analysis.skills),
        languages=[LanguageSkill(m.language, m.level) for m in analysis.languages],
        certifications=guard.run(
            "certifications_failed", [], _certifications, analysis.sections.get("certifications", "")
        ),
        warnings=_merged(analysis.warnings, guard.warnings),
    )


def _merged(*groups) -> list[ParseWarning]:
    """Warnings of the analysis and of the parse, one per code, in the order they happened."""
    return list({w.code: w for group in groups for w in group}.values())
