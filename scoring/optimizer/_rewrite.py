"""The suggested rewrite: the ad re-assembled into the sections candidates look for, in Markdown.

Only facts from the posting are used: the description's own sentences and bullets (with every flagged
phrase replaced by its neutral wording, or the sentence dropped when there is none) and the job's
structured fields.  Anything missing becomes a placeholder in square brackets for the author to fill
in; nothing is invented.  Layout::

    # Title
    Department · Employment type
    Intro (up to three sentences of the ad's opening or "About us")
    ## What you'll do      duties from the responsibilities section, else duty sentences anywhere
    ## What you need       requirement items, then must-have skills, years, education, languages
    ## Nice to have        only when the ad or the job has nice-to-haves
    ## Salary              salary_min/max, else the ad's salary sentence, else a placeholder
    ## Location            job.location and the ad's remote/hybrid/on-site wording, else a placeholder
    ## Benefits            the ad's benefits, else a placeholder
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scoring.engine import JobRequirements

from ._model import FIELDS, Edit, Finding, JobPosting
from ._sections import SectionContent, strip_duty_lead_in
from ._structure import Item
from ._wording import SALARY_PLACEHOLDER

TITLE_PLACEHOLDER = "[add a job title]"
INTRO_PLACEHOLDER = "[add a short introduction: the team, the product and why this role matters]"
DUTIES_PLACEHOLDER = "[list the main duties]"
REQUIREMENTS_PLACEHOLDER = "[list the must-have requirements]"
LOCATION_PLACEHOLDER = "[add location / remote policy]"
BENEFITS_PLACEHOLDER = "[add benefits]"
PLACEHOLDERS = (
    TITLE_PLACEHOLDER,
    INTRO_PLACEHOLDER,
    DUTIES_PLACEHOLDER,
    REQUIREMENTS_PLACEHOLDER,
    SALARY_PLACEHOLDER,
    LOCATION_PLACEHOLDER,
    BENEFITS_PLACEHOLDER,
)
MAX_INTRO_SENTENCES = 3

_EMPLOYMENT_TYPES = {
    "FULL_TIME": "Full time",
    "PART_TIME": "Part time",
    "CONTRACT": "Contract",
    "TEMPORARY": "Temporary",
    "INTERNSHIP": "Internship",
    "FREELANCE": "Freelance",
}
_EDUCATION = {
    "HIGH_SCHOOL": "High school diploma",
    "ASSOCIATE": "Associate degree",
    "BACHELOR": "Bachelor's degree",
    "MASTER": "Master's degree",
    "DOCTORATE": "Doctorate",
}
_MENTIONS_YEARS = re.compile(r"\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)
_MENTIONS_EDUCATION = re.compile(
    r"\b(?:degree|bachelor|master|ph\.?d|doctora|diploma|high\s+school|GED|associate)", re.IGNORECASE
)


def choose_edits(findings: Iterable[Finding]) -> dict[str, tuple[Edit, ...]]:
    """Non-overlapping edits per field: the higher-priority (lower number), earlier, longer edit wins."""
    chosen: dict[str, list[Edit]] = {name: [] for name in FIELDS}
    candidates = sorted(
        (f.edit for f in findings if f.edit is not None),
        key=lambda e: (e.priority, e.start, -(e.end - e.start), e.text),
    )
    for edit in candidates:
        taken = chosen[edit.field]
        if not any(edit.start < other.end and other.start < edit.end for other in taken):
            taken.append(edit)
    return {name: tuple(sorted(edits, key=lambda e: e.start)) for name, edits in chosen.items()}


def _match_case(original: str, replacement: str) -> str:
    if replacement and original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _fix_article(prefix: str, replacement: str) -> str:
    """ "an aggressive" -> "a bold": make an article just before a replacement agree with it."""
    m = re.search(r"\b([Aa]n?)(\s+)$", prefix)
    if not m or not replacement[:1].isalpha():
        return prefix
    low = replacement.lower()
    vowel_sound = low[:1] in "aeiou" and not low.startswith(("uni", "use", "usu", "ur", "eu", "one"))
    article = "an" if vowel_sound else "a"
    if m.group(1)[:1].isupper():
        article = article.capitalize()
    return prefix[: m.start(1)] + article + m.group(2)


def tidy(text: str) -> str:
    """Whitespace and punctuation left behind by deletions: "a  developer", "team ,", ", and."."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r",(?=\s*[,.;:!?])", "", text)
    text = re.sub(r"(?:,\s*|\s+)(?:and|or)(?=[.;:!?]|$)", "", text)
    text = re.sub(r"\b(?:a|an|the)\s+(?=(?:a|an|the)\s)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^[\s,;:.!?&-]+", "", text).strip()
    return text if re.search(r"[^\W_]", text) else ""


class Renderer:
    """Renders spans of one field with its edits applied."""

    def __init__(self, text: str, edits: tuple[Edit, ...]) -> None:
        self.text = text
        self.edits = edits

    def render(self, start: int, end: int, *, may_drop: bool = True) -> str | None:
        """The span with edits applied and tidied; None when an edit asks to drop it (or it is empty)."""
        out: list[str] = []
        pos = start
        for edit in self.edits:
            if edit.end <= start or edit.start >= end:
                continue
            if edit.remove_sentence and may_drop:
                return None
            lo, hi = max(edit.start, start), min(edit.end, end)
            if lo < pos:
                continue
            replacement = "" if edit.remove_sentence or edit.start < start else edit.text
            replacement = _match_case(self.text[edit.start : edit.end], replacement)
            prefix = "".join(out) + self.text[pos:lo]
            if replacement:
                prefix = _fix_article(prefix, replacement)
            out = [prefix, replacement]
            pos = hi
        out.append(self.text[pos:end])
        result = tidy("".join(out))
        original = self.text[start:end].lstrip()
        if result and original[:1].isupper() and result[:1].islower():
            result = result[:1].upper() + result[1:]
        return result or None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


_ONLY_PLACEHOLDER = re.compile(r"\[[^\]]*\][.!?]?")


def _render_items(renderer: Renderer, items: Iterable[Item], *, keep_placeholders: bool = True) -> list[str]:
    """Rendered items, without duplicates or dropped ones.  Prose sections (intro, benefits) also drop
    items that became nothing but a placeholder ("Competitive salary." -> "[add a salary range].")."""
    out: list[str] = []
    for item in items:
        rendered = renderer.render(item.start, item.end)
        if not keep_placeholders and rendered and _ONLY_PLACEHOLDER.fullmatch(rendered):
            continue
        if rendered and rendered not in out:
            out.append(rendered)
    return out


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def salary_text(job: JobPosting) -> str | None:
    """ "EUR 60,000 - 75,000" (with an en dash) from the salary fields; a missing currency is a placeholder."""
    low, high = job.salary_min, job.salary_max
    if low is None and high is None:
        return None
    currency = job.salary_currency or "[currency]"
    if low is not None and high is not None and low != high:
        return f"{currency} {_number(low)} \u2013 {_number(high)}"
    if low is not None and high is not None:
        return f"{currency} {_number(low)}"
    if low is not None:
        return f"From {currency} {_number(low)}"
    return f"Up to {currency} {_number(high)}"  # type: ignore[arg-type]


def employment_label(value: str) -> str:
    value = value.strip()
    return _EMPLOYMENT_TYPES.get(value.upper(), value.replace("_", " ").capitalize())


def _mentioned(name: str, texts: list[str]) -> bool:
    pattern = re.compile(r"(?<![\w+#])" + re.escape(name) + r"(?![\w+#])", re.IGNORECASE)
    return any(pattern.search(t) for t in texts)


def _bullets(lines: list[str], items: list[str]) -> None:
    """Markdown bullets; a bullet opening with a plain lower-case word gets a capital ("free parking")."""
    for item in items:
        first = item.split(" ", 1)[0]
        if first.isalpha() and first.islower():
            item = item[:1].upper() + item[1:]
        lines.append(f"- {item}")


def build_rewrite(
    job: JobPosting, content: SectionContent, rubric: JobRequirements, findings: Iterable[Finding]
) -> str:
    edits = choose_edits(findings)
    desc = Renderer(job.description, edits["description"])
    title = Renderer(job.title, edits["title"]).render(0, len(job.title), may_drop=False)
    lines = [f"# {title or TITLE_PLACEHOLDER}", ""]

    meta = [part for part in (job.department.strip(), employment_label(job.employment_type)) if part]
    if meta:
        lines += [" \u00b7 ".join(meta), ""]

    intro = _render_items(desc, content.intro, keep_placeholders=False)[:MAX_INTRO_SENTENCES]
    lines += [" ".join(intro) if intro else INTRO_PLACEHOLDER, ""]

    duties = [_capitalise(strip_duty_lead_in(d)) for d in _render_items(desc, content.duties)]
    lines += ["## What you'll do", ""]
    _bullets(lines, [d for d in duties if d] or [DUTIES_PLACEHOLDER])
    lines.append("")

    # The job's own fields, in the engine's canonical form.  Only fields the employer filled in: what the
    # engine read from the ad is already in the ad's sentences.
    typed_skills = bool(job.required_skills or job.nice_to_have_skills)
    needs = _render_items(desc, content.requirements)
    extra: list[str] = []
    skills = [s for s in rubric.required_skills if typed_skills and not _mentioned(s, needs)]
    if skills:
        extra.append("Must-have skills: " + ", ".join(skills))
    if job.min_years_experience and not any(_MENTIONS_YEARS.search(n) for n in needs):
        extra.append(f"{job.min_years_experience:g}+ years of experience")
    if (
        job.education_level
        and rubric.education_level
        and not any(_MENTIONS_EDUCATION.search(n) for n in needs)
    ):
        extra.append(_EDUCATION.get(rubric.education_level, rubric.education_level))
    languages = [lang for lang in rubric.languages if job.languages and not _mentioned(lang, needs)]
    if languages:
        extra.append("Languages: " + ", ".join(languages))
    lines += ["## What you need", ""]
    _bullets(lines, needs + extra or [REQUIREMENTS_PLACEHOLDER])
    lines.append("")

    nice = _render_items(desc, content.nice_to_have)
    if typed_skills:
        nice_skills = [s for s in rubric.nice_to_have_skills if not _mentioned(s, nice)]
        if nice_skills:
            nice.append("Nice-to-have skills: " + ", ".join(nice_skills))
    if nice:
        lines += ["## Nice to have", ""]
        _bullets(lines, nice)
        lines.append("")

    salary = salary_text(job)
    salary_lines = [salary] if salary else _render_items(desc, content.salary)
    lines += ["## Salary", "", "\n".join(salary_lines) if salary_lines else SALARY_PLACEHOLDER, ""]

    location = [job.location.strip()] if job.location.strip() else []
    for line in _render_items(desc, content.location):
        if line.lower() not in {x.lower() for x in location}:
            location.append(line)
    lines += ["## Location", ""]
    if len(location) > 1:
        _bullets(lines, location)
    else:
        lines.append(location[0] if location else LOCATION_PLACEHOLDER)
    lines.append("")

    benefits = _render_items(desc, content.benefits, keep_placeholders=False)
    lines += ["## Benefits", ""]
    _bullets(lines, benefits or [BENEFITS_PLACEHOLDER])
    return "\n".join(lines).rstrip() + "\n"
