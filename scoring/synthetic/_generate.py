"""Fictional CVs with ground truth: a structured document, its truth, and the choices of layout.

A CV is generated as a :class:`CVDocument` (header + sections of blocks) and rendered by ``_render``.
Everything is drawn from one ``random.Random(seed)``, so a seed always gives the same corpus.
"""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers

from . import _vocab as v

DEFAULT_TODAY = datetime.date(2025, 6, 1)
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATE_STYLES = ("abbr", "full", "numeric", "year", "abbr_to")
ENTRY_LAYOUTS = ("inline", "pipe", "title_then_dates", "dates_first", "title_at", "employer_first")


# --- the document --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """An experience or education entry: header lines (bold in print) and bullet points."""

    header: tuple[str, ...]
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A titled part of the CV.  ``kind`` is the section's role (summary, experience, skills, ...).

    Content: ``paragraphs`` (plain lines), ``items`` (a bullet or comma list, per ``list_style``),
    ``entries`` (experience/education) or ``table`` (rows of cells, e.g. language | level).
    """

    kind: str
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    list_style: str = "bullets"  # bullets | comma | dots | lines
    entries: tuple[Entry, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class CVDocument:
    """Everything a renderer needs: header lines and sections, plus layout choices."""

    name_line: str
    title_line: str | None  # "Curriculum Vitae" above the name, or None
    headline: str | None
    contacts: tuple[str, ...]  # e-mail, phone, location, links, in display order
    contact_style: str  # line | lines | labelled
    sections: tuple[Section, ...]
    sidebar_first: bool  # pdf2col: content order of the two columns
    docx_header_table: bool  # docx: name and contacts in a two-cell table


# --- the truth -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TruthRole:
    """One role as it really was (the CV may print only its years)."""

    title: str
    employer: str
    start: str  # YYYY-MM
    end: str | None  # YYYY-MM, None = current


@dataclass(frozen=True)
class Truth:
    """What a perfect parser would extract from the CV."""

    name: str
    email: str
    phone: str  # E.164
    skills: tuple[str, ...]  # canonical dictionary names, sorted
    years_experience: float  # overlaps merged, month precision, to ``today``
    education_level: str | None  # highest completed
    languages: tuple[tuple[str, str | None], ...]  # (language, level)
    location: str | None
    roles: tuple[TruthRole, ...]
    profession: str
    phone_region: str
    phone_format: str  # national | international
    date_style: str
    entry_layout: str
    has_skills_section: bool


@dataclass
class _Skills:
    """Skill mentions being collected for one CV (canonical names)."""

    found: set[str] = field(default_factory=set)

    def add(self, *names: str) -> None:
        self.found.update(n for n in names if n)


# --- helpers -------------------------------------------------------------------------------------------
def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _person(rng: random.Random, region: str) -> tuple[str, str, str]:
    """(display name, given name, family name) of an invented person."""
    given = rng.choice(v.FIRST_PARTS) + rng.choice(v.FIRST_ENDS)
    family = rng.choice(v.SURNAME_PARTS) + rng.choice(v.SURNAME_ENDS)
    if rng.random() < 0.15:
        family += "-" + rng.choice(v.SURNAME_PARTS) + rng.choice(v.SURNAME_ENDS)
    if region in ("NL", "DE", "ES", "FR") and rng.random() < 0.2:
        family = rng.choice(v.PARTICLES) + " " + family
    middle = f" {rng.choice('ABCDEFGHJKLMNPRST')}." if rng.random() < 0.15 else ""
    return f"{given}{middle} {family}", given, family


def _org(rng: random.Random, words: tuple[str, ...], region: str) -> str:
    base = rng.choice(v.ORG_PARTS) + rng.choice(v.ORG_ENDS)
    name = f"{base} {rng.choice(words)}"
    if rng.random() < 0.6:
        name += " " + rng.choice(v.LEGAL_SUFFIX[region])
    return name


def _school(rng: random.Random, level: str) -> str:
    place = rng.choice(v.ORG_PARTS) + rng.choice(v.ORG_ENDS)
    if level == "HIGH_SCHOOL":
        return rng.choice((f"{place} High School", f"{place} Secondary School", f"{place} Grammar School"))
    return rng.choice(
        (f"University of {place}", f"{place} University", f"{place} State University", f"{place} College")
    )


def _phone(rng: random.Random, region: str) -> tuple[str, str, str]:
    """(display, E.164, format) for an invented number valid in ``region``.

    The E.164 truth is built from the digits, not by parsing the display string.  Numbers are drawn until
    ``phonenumbers`` accepts them (ranges reserved for drama are used where they are valid: UK 020 7946 0xxx,
    US 555-01xx).
    """
    for _ in range(50):
        digits = "".join(rng.choice("0123456789") for _ in range(12))
        if region == "DE":
            area, sub = rng.choice((("30", 8), ("40", 7), ("89", 8), ("151", 8), ("176", 8), ("221", 7)))
            nsn = area + str(rng.randint(2, 9)) + digits[: sub - 1]
            groups = (area, nsn[len(area) :])
        elif region == "FR":
            first = rng.choice("123456")
            nsn = first + digits[:8]
            groups = (first, nsn[1:3], nsn[3:5], nsn[5:7], nsn[7:9])
        elif region == "GB":
            kind = rng.choice(("london", "manchester", "mobile"))
            if kind == "london":
                nsn, groups = "2079460" + digits[:3], ("20", "7946", "0" + digits[:3])
            elif kind == "manchester":
                nsn, groups = "1614960" + digits[:3], ("161", "496", "0" + digits[:3])
            else:
                nsn = "79" + digits[:8]
                groups = (nsn[:4], nsn[4:])
        elif region == "US":
            area = rng.choice(("212", "415", "312", "617", "206", "512", "303", "404"))
            nsn = area + "55501" + digits[:2]
            groups = (area, "555", "01" + digits[:2])
        elif region == "IN":
            nsn = rng.choice("987") + digits[:9]
            groups = (nsn[:5], nsn[5:])
        elif region == "NL":
            if rng.random() < 0.5:
                nsn, groups = "6" + digits[:8], ("6", digits[:8])
            else:
                nsn = "20" + str(rng.randint(2, 9)) + digits[:6]
                groups = ("20", nsn[2:5], nsn[5:])
        else:  # ES
            if rng.random() < 0.6:
                nsn = "6" + digits[:8]
                groups = (nsn[:3], nsn[3:6], nsn[6:])
            else:
                nsn = "91" + str(rng.randint(2, 9)) + digits[:6]
                groups = ("91", nsn[2:5], nsn[5:7], nsn[7:])
        code = phonenumbers.country_code_for_region(region)
        number = phonenumbers.PhoneNumber(country_code=code, national_number=int(nsn))
        if not phonenumbers.is_valid_number(number):
            continue
        e164 = f"+{code}{nsn}"
        international = rng.random() < 0.55
        return (
            _phone_display(rng, region, code, groups, international),
            e164,
            ("international" if international else "national"),
        )
    raise RuntimeError(f"no valid {region} number drawn")  # pragma: no cover - the ranges above are valid


def _phone_display(rng: random.Random, region: str, code: int, groups: tuple[str, ...], intl: bool) -> str:
    """The number as people in ``region`` write it: national ("030 1234567", "06 12 34 56 78") or
    international ("+49 30 1234567", "+44 (0)20 7946 0123", "0049 ..."), grouped as ``groups``."""
    g = [x for x in groups if x]
    trunk = "" if region in ("US", "ES") else "0"
    if region == "US":
        if intl:
            return rng.choice((f"+1 {g[0]} {g[1]} {g[2]}", f"+1 ({g[0]}) {g[1]}-{g[2]}"))
        return rng.choice((f"({g[0]}) {g[1]}-{g[2]}", f"{g[0]}-{g[1]}-{g[2]}", f"{g[0]}.{g[1]}.{g[2]}"))
    if region == "IN" and not intl:
        return rng.choice((f"0{g[0]} {g[1]}", f"{g[0]} {g[1]}", f"{g[0]}{g[1]}"))
    if intl:
        spaced = " ".join(g)
        options = [f"+{code} {spaced}", f"+{code} {spaced}"]  # twice: the plain form is the most common
        if trunk and region != "IN":
            options.append(f"+{code} (0){spaced}")
        if region in ("DE", "FR", "NL"):
            options.append(f"00{code} {spaced}")
        if region == "IN":
            options.append(f"+{code}-{''.join(g)}")
        return rng.choice(options)
    national = trunk + " ".join(g)
    if region == "DE":
        return rng.choice((national, f"0{g[0]}/{''.join(g[1:])}", f"0{g[0]} {''.join(g[1:])}"))
    if region == "FR":
        return rng.choice((f"0{g[0]} " + " ".join(g[1:]), f"0{g[0]}." + ".".join(g[1:])))
    if region == "NL" and g[0] == "6":
        return rng.choice((f"06-{g[1]}", f"06 {g[1][:4]} {g[1][4:]}"))
    return national


def _fmt_date(style: str, year: int, month: int) -> str:
    if style in ("abbr", "abbr_to"):
        return f"{_MONTH_ABBR[month - 1]} {year}"
    if style == "full":
        return f"{_MONTH_FULL[month - 1]} {year}"
    if style == "numeric":
        return f"{month:02d}/{year}"
    return str(year)


def _fmt_range(rng: random.Random, style: str, start: tuple[int, int], end: tuple[int, int] | None) -> str:
    left = _fmt_date(style, *start)
    right = _fmt_date(style, *end) if end else rng.choice(("Present", "Present", "present", "Current", "Now"))
    if style in ("full", "abbr_to"):
        return f"{left} to {right}"
    if style == "year":
        return f"{left}-{right}" if end and rng.random() < 0.5 else f"{left} \u2013 {right}"
    dash = rng.choice(("\u2013", "-"))
    return f"{left} {dash} {right}"


def _months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1]


def _add_months(ym: tuple[int, int], months: int) -> tuple[int, int]:
    index = ym[0] * 12 + ym[1] - 1 + months
    return index // 12, index % 12 + 1


def _merged_years(spans: list[tuple[tuple[int, int], tuple[int, int]]]) -> float:
    """Years covered by inclusive month spans, overlaps counted once."""
    months: set[int] = set()
    for start, end in spans:
        first, last = start[0] * 12 + start[1], end[0] * 12 + end[1]
        months.update(range(first, last + 1))
    return round(len(months) / 12, 1)


# --- one CV --------------------------------------------------------------------------------------------
def generate_cv(rng: random.Random, *, today: datetime.date = DEFAULT_TODAY) -> tuple[CVDocument, Truth]:
    """Draw one fictional CV and its ground truth."""
    prof = rng.choice(v.PROFESSIONS)
    region = rng.choice(tuple(v.PLACES))
    city, country = rng.choice(v.PLACES[region])
    skills = _Skills()
    headings = rng.choice(v.HEADING_STYLES)
    date_style = rng.choice(DATE_STYLES)
    layout = rng.choice(ENTRY_LAYOUTS)
    bullet_skills = rng.random() < 0.85

    # Who.
    display_name, given, family = _person(rng, region)
    name_style = rng.random()
    name_line = display_name.upper() if name_style < 0.2 else display_name
    if 0.2 <= name_style < 0.27:
        name_line += rng.choice((", MBA", ", MSc", ", RN" if prof.key == "nursing" else ", BA"))
    user = _ascii(f"{given}.{family}".replace(" ", "").replace("-", "")).lower()
    user = rng.choice((user, user.replace(".", ""), f"{_ascii(given[0]).lower()}.{user.split('.')[-1]}"))
    if rng.random() < 0.3:
        user += str(rng.randint(1, 99))
    email = f"{user}@{rng.choice(('example.com', 'example.org', 'example.net', 'mail.example.com'))}"
    phone_display, phone_e164, phone_format = _phone(rng, region)
    location = None
    # National numbers need a country to be read; most people who write one also write where they live.
    if phone_format == "international" or rng.random() < 0.9:
        location = rng.choice(
            (f"{city}, {country}", f"{city}, {country}", city if region != "US" else f"{city}, {country}")
        )

    # Pick the CV's skills: some in a skills list only, some shown in bullets.
    pool = list(prof.skills)
    rng.shuffle(pool)
    chosen = pool[: rng.randint(6, min(12, len(pool)))]
    soft = rng.sample(v.COMMON_SKILLS, rng.randint(0, 3))

    # Roles, newest first, going back from today.
    n_roles = rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 4, 3, 1))[0]
    roles: list[tuple[str, str, str, tuple[int, int], tuple[int, int] | None, tuple[str, ...]]] = []
    cursor = (today.year, today.month)
    if rng.random() < 0.25:
        cursor = _add_months(cursor, -rng.randint(2, 14))  # between jobs
        current = False
    else:
        current = True
    level_index = min(len(prof.titles) - 1, n_roles + rng.randint(0, 2))
    bullet_pool = list(prof.bullets)
    rng.shuffle(bullet_pool)
    for r in range(n_roles):
        length = rng.randint(8, 60)
        end = None if (r == 0 and current) else cursor
        start = _add_months(cursor, -length)
        title = prof.titles[max(0, level_index - r)]
        employer_region = region if rng.random() < 0.85 else rng.choice(tuple(v.PLACES))
        employer = _org(rng, prof.employer_words, employer_region)
        emp_city = v.PLACES[employer_region][rng.randrange(len(v.PLACES[employer_region]))][0]
        bullets = []
        for _ in range(rng.randint(2, 4) if r < 2 else rng.randint(1, 2)):
            template = bullet_pool.pop() if bullet_pool else rng.choice(prof.bullets)
            skills.add(*template.skills)
            text = _fill_slots(rng, template.text, chosen if bullet_skills else [], skills)
            bullets.append(text)
        skills.add(*title.skills)
        roles.append((title.text, employer, emp_city, start, end, tuple(bullets)))
        gap = rng.choice((0, 0, 1, 2, 3, 6)) if rng.random() < 0.9 else -rng.randint(2, 6)  # overlap
        cursor = _add_months(start, -gap)
    if n_roles >= 2 and rng.random() < 0.1:
        # A side role running in parallel with the current one (freelance, part-time).
        first_start = roles[-1][3]
        s = _add_months(first_start, rng.randint(6, 24))
        e = _add_months(s, rng.randint(6, 18))
        if e < (today.year, today.month):
            roles.insert(1, ("Freelance Consultant", _org(rng, prof.employer_words, region), city, s, e, ()))
            skills.add("Management consulting")
    spans = [(start, end or (today.year, today.month)) for _, _, _, start, end, _ in roles]
    years = _merged_years(spans)

    # Education.
    degree_level, subject = rng.choice(prof.degrees)
    first_work_year = min(start for _, _, _, start, _, _ in roles)[0]
    grad_year = first_work_year - rng.randint(0, 1)
    degrees: list[tuple[str, str, str, int, int, bool]] = []
    if degree_level == "HIGH_SCHOOL":
        degrees.append(
            (
                "High School Diploma",
                "HIGH_SCHOOL",
                _school(rng, "HIGH_SCHOOL"),
                grad_year - 1,
                grad_year,
                False,
            )
        )
    else:
        degrees.append(
            (
                _degree_text(rng, degree_level, subject.text),
                degree_level,
                _school(rng, degree_level),
                grad_year - (2 if degree_level in ("MASTER", "ASSOCIATE") else 4),
                grad_year,
                False,
            )
        )
        skills.add(*subject.skills)
        if degree_level in ("MASTER", "DOCTORATE") and rng.random() < 0.7:
            bsc_subject = rng.choice([d for lvl, d in prof.degrees if lvl == "BACHELOR"] or [subject])
            y = grad_year - (2 if degree_level == "MASTER" else 4)
            degrees.append(
                (
                    _degree_text(rng, "BACHELOR", bsc_subject.text),
                    "BACHELOR",
                    _school(rng, "BACHELOR"),
                    y - 4,
                    y,
                    False,
                )
            )
            skills.add(*bsc_subject.skills)
        if rng.random() < 0.2:
            hs_year = degrees[-1][3]
            degrees.append(
                (
                    "A-Levels" if region == "GB" else "High School Diploma",
                    "HIGH_SCHOOL",
                    _school(rng, "HIGH_SCHOOL"),
                    hs_year - 2,
                    hs_year,
                    False,
                )
            )
    if degree_level in ("BACHELOR", "ASSOCIATE") and rng.random() < 0.12:
        degrees.insert(
            0,
            (
                "MBA (in progress, expected " + str(today.year + 1) + ")",
                "MASTER",
                _school(rng, "MASTER"),
                today.year - 1,
                today.year + 1,
                True,
            ),
        )
    completed = [lvl for _, lvl, _, _, _, progress in degrees if not progress]
    order = ("HIGH_SCHOOL", "ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE")
    education_level = max(completed, key=order.index) if completed else None

    # Languages.
    languages: list[tuple[str, str | None, str]] = []  # (language, level truth, phrase)
    if rng.random() < 0.75:
        home = v.REGION_LANGUAGES[region]
        names = [home] if home != "English" else ["English"]
        if "English" not in names:
            names.insert(rng.randint(0, 1), "English")
        names += [x for x in rng.sample(v.OTHER_LANGUAGES, rng.randint(0, 2)) if x not in names]
        with_levels = rng.random() < 0.85
        for lang in names:
            if not with_levels:
                languages.append((lang, None, ""))
                continue
            if lang == home or (lang == "English" and home == "English"):
                phrase, level = rng.choice(
                    (("Native", "NATIVE"), ("native speaker", "NATIVE"), ("mother tongue", "NATIVE"))
                )
            else:
                phrase, level = rng.choice(v.LEVEL_PHRASES[3:])
            languages.append((lang, level, phrase))

    # Sections.
    sections: list[Section] = []
    if rng.random() < 0.85:
        summary = rng.choice(prof.summaries)
        skills.add(*summary.skills)
        summary_text = _fill_slots(
            rng, summary.text.replace("{years}", str(max(1, int(years)))), chosen, skills
        )
        sections.append(Section("summary", headings["summary"], paragraphs=(summary_text,)))

    has_skills_section = rng.random() < 0.75 or not bullet_skills
    listed = chosen[: max(3, len(chosen) - rng.randint(0, 3))] + soft
    if has_skills_section:
        style = rng.choice(("bullets", "comma", "dots", "lines"))
        surfaces = []
        for form in listed:
            surfaces.append(rng.choice(form.surfaces))
            skills.add(form.canonical)
        sections.append(Section("skills", headings["skills"], items=tuple(surfaces), list_style=style))

    entries = []
    for title, employer, emp_city, start, end, bullets in roles:
        dates = _fmt_range(rng, date_style, start, end)
        entries.append(Entry(_entry_header(rng, layout, title, employer, emp_city, dates), bullets))
    sections.append(Section("experience", headings["experience"], entries=tuple(entries)))

    edu_entries = []
    for text, _, school, y0, y1, _ in degrees:
        edu_entries.append(Entry(_education_header(rng, text, school, y0, y1)))
    sections.append(Section("education", headings["education"], entries=tuple(edu_entries)))

    if prof.certificates and rng.random() < 0.4:
        certs = rng.sample(prof.certificates, rng.randint(1, len(prof.certificates)))
        for cert in certs:
            skills.add(*cert.skills)
        sections.append(
            Section(
                "certifications",
                headings["certifications"],
                items=tuple(
                    f"{c.text} ({rng.randint(2012, today.year)})" if rng.random() < 0.5 else c.text
                    for c in certs
                ),
            )
        )
    if languages:
        style = rng.random()
        if style < 0.3:
            items = tuple(f"{lang} ({phrase})" if phrase else lang for lang, _, phrase in languages)
            sections.append(Section("languages", headings["languages"], items=items, list_style="comma"))
        elif style < 0.75:
            items = tuple(f"{lang} \u2013 {phrase}" if phrase else lang for lang, _, phrase in languages)
            sections.append(Section("languages", headings["languages"], items=items, list_style="lines"))
        else:
            rows = tuple((lang, phrase or "") for lang, _, phrase in languages)
            sections.append(Section("languages", headings["languages"], table=rows))
    if rng.random() < 0.15:
        # Personal details as some European CVs still give them: protected, must never be used.
        nationality = {
            "DE": "German",
            "FR": "French",
            "GB": "British",
            "US": "American",
            "IN": "Indian",
            "NL": "Dutch",
            "ES": "Spanish",
        }[region]
        sections.append(
            Section(
                "personal",
                "Personal Details",
                paragraphs=(
                    f"Date of birth: {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1975, 2000)}",
                    f"Nationality: {nationality}",
                    f"Marital status: {rng.choice(('Single', 'Married'))}",
                ),
            )
        )

    # Section order: summary first, then skills before or after experience.
    first = [s for s in sections if s.kind == "summary"]
    middle = [s for s in sections if s.kind in ("skills", "experience", "education")]
    if rng.random() < 0.5:
        middle.sort(key=lambda s: ("experience", "education", "skills").index(s.kind))
    else:
        middle.sort(key=lambda s: ("skills", "experience", "education").index(s.kind))
    rest = [s for s in sections if s.kind not in ("summary", "skills", "experience", "education")]
    ordered = tuple(first + middle + rest)

    links = []
    slug = _ascii(f"{given}-{family}".replace(" ", "-")).lower()
    if rng.random() < 0.5:
        links.append(rng.choice((f"linkedin.com/in/{slug}", f"https://www.linkedin.com/in/{slug}")))
    if prof.key in ("software", "data") and rng.random() < 0.5:
        links.append(f"github.com/{slug.replace('-', '')}")
    if prof.key == "design" and rng.random() < 0.6:
        links.append(f"www.{slug}.example")
    contacts = [email, phone_display] + ([location] if location else []) + links
    if rng.random() < 0.3:
        rng.shuffle(contacts)

    doc = CVDocument(
        name_line=name_line,
        title_line=rng.choice(("Curriculum Vitae", "RESUME", "CV")) if rng.random() < 0.07 else None,
        headline=roles[0][0] if rng.random() < 0.5 else None,
        contacts=tuple(contacts),
        contact_style=rng.choice(("line", "lines", "labelled")),
        sections=ordered,
        sidebar_first=rng.random() < 0.5,
        docx_header_table=rng.random() < 0.3,
    )
    if doc.headline:
        skills.add(*next(t.skills for t in prof.titles if t.text == doc.headline))
    truth = Truth(
        name=display_name,
        email=email,
        phone=phone_e164,
        skills=tuple(sorted(skills.found)),
        years_experience=years,
        education_level=education_level,
        languages=tuple((lang, level) for lang, level, _ in languages),
        location=location,
        roles=tuple(
            TruthRole(
                title, employer, f"{s[0]:04d}-{s[1]:02d}", None if e is None else f"{e[0]:04d}-{e[1]:02d}"
            )
            for title, employer, _, s, e, _ in roles
        ),
        profession=prof.key,
        phone_region=region,
        phone_format=phone_format,
        date_style=date_style,
        entry_layout=layout,
        has_skills_section=has_skills_section,
    )
    return doc, truth


_SLOT = re.compile(r"\{(tool|practice|s)\}")
# Said instead of a skill when a CV shows none in its bullet points.
_NEUTRAL = {
    "tool": ("the new tooling", "a shared checklist"),
    "practice": ("weekly reviews", "the team's routines"),
}


def _fill_slots(rng: random.Random, template: str, chosen: list[v.SkillForm], skills: _Skills) -> str:
    """Replace each ``{tool}``/``{practice}``/``{s}`` with a different one of the CV's skills of that kind
    (recording it in ``skills``), or with a neutral phrase when the CV has none to show."""
    used: set[str] = set()

    def pick(m: re.Match[str]) -> str:
        kind = m.group(1)
        fitting = [f for f in chosen if (kind == "s" or f.kind == kind) and f.canonical not in used]
        fitting = fitting or [f for f in chosen if f.canonical not in used]
        if not fitting:
            return rng.choice(_NEUTRAL["tool" if kind == "tool" else "practice"])
        form = rng.choice(fitting)
        used.add(form.canonical)
        skills.add(form.canonical)
        return rng.choice(form.surfaces)

    text = _SLOT.sub(pick, template)
    return re.sub(r"\{n\}", lambda _: str(rng.randint(3, 40)), text)


def _degree_text(rng: random.Random, level: str, subject: str) -> str:
    forms = {
        "BACHELOR": (
            f"BSc {subject}",
            f"Bachelor of Science in {subject}",
            f"BA {subject}",
            f"B.A. in {subject}",
            f"Bachelor of Arts in {subject}",
            f"BSc (Hons) {subject}",
        ),
        "MASTER": (
            f"MSc {subject}",
            f"Master of Science in {subject}",
            f"MA in {subject}",
            f"Master's degree in {subject}",
        ),
        "DOCTORATE": (f"PhD in {subject}", f"Doctor of Philosophy in {subject}"),
        "ASSOCIATE": (f"Associate of Applied Science in {subject}", f"Associate degree in {subject}"),
    }
    if subject == "Business Administration" and level == "MASTER":
        return rng.choice(("Master of Business Administration (MBA)", "MBA"))
    return rng.choice(forms[level])


def _entry_header(
    rng: random.Random, layout: str, title: str, employer: str, city: str, dates: str
) -> tuple[str, ...]:
    if layout == "inline":
        return (f"{title}, {employer}, {city} \u2013 {dates}",)
    if layout == "pipe":
        return (f"{title} | {employer} | {dates}",)
    if layout == "title_then_dates":
        return (title, f"{employer}, {city} | {dates}")
    if layout == "dates_first":
        return (dates, title, f"{employer}, {city}")
    if layout == "title_at":
        return (f"{title} at {employer}", f"{dates} | {city}")
    return (f"{employer} \u2013 {city}", title, dates)  # employer_first


def _education_header(rng: random.Random, degree: str, school: str, y0: int, y1: int) -> tuple[str, ...]:
    years = rng.choice((f"{y0} \u2013 {y1}", str(y1)))
    style = rng.random()
    if style < 0.4:
        return (f"{degree}, {school}, {years}",)
    if style < 0.7:
        return (degree, f"{school} | {years}")
    return (school, f"{degree} ({years})")
