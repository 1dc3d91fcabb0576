"""Reading requirements out of a job ad's prose, and the rubric's stored (versioned) form.

A job with explicit lists (required skills, nice-to-haves, years, education, languages) gets exactly
those.  What the lists leave open is read from the description:

* skills under a requirements heading ("Requirements", "What you need", "Must have", "Qualifications")
  are must-haves; under a preference heading ("Nice to have", "Preferred", "Bonus") nice-to-haves;
  skills named anywhere else are nice-to-haves weighted by specificity (prose names tools and duties
  without saying which are essential);
* "5+ years of experience" gives the minimum years, a degree phrase the education level, "fluent
  German" / "German (C1)" the languages, and well-known certification names the certifications.

The rubric's dict form (``rubric_to_dict``) is what the API shows and what an employer edits: a list
of requirements, each with a stable ``id``, ``kind`` (MUST_HAVE / NICE_TO_HAVE), ``category``
(SKILL, EXPERIENCE, EDUCATION, LANGUAGE, CERTIFICATION), ``name``, ``weight`` (relative within its kind
and category), ``knockout`` (a missing knock-out caps the score) and, where it applies, ``years`` or
``level``.  ``content_hash`` identifies a rubric's content, so a change is detected exactly.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable

from ._education import EDUCATION_LEVELS, degree_match
from ._languages import LANGUAGE_NAMES
from ._taxonomy import load_taxonomy
from ._text import STOP_WORDS, normalise_text

RUBRIC_SCHEMA = 1
KINDS = ("MUST_HAVE", "NICE_TO_HAVE")
CATEGORIES = ("SKILL", "EXPERIENCE", "EDUCATION", "LANGUAGE", "CERTIFICATION")

# Heading phrases by the section they open. They are matched as a line of their own, and also run in
# ("... Minimum Required Skills: LAMP, Drupal ...") in ads pasted as one paragraph, where a colon or a
# spaced dash must follow them.
_MUST_PHRASES = (
    r"requirements?|required|required skills|required experience|skills required(?: for the (?:position|role|job))?|"
    r"minimum required skills|minimum skills(?: and competencies)?|must[\s-]haves?|qualifications|"
    r"minimum qualifications|basic qualifications|what you(?:'ll)? (?:need|bring)(?: for this (?:position|role|job))?|"
    r"you (?:have|bring|are)|about you|your profile|who you are|skills(?: and experience)?|essential(?: skills)?"
)
_NICE_PHRASES = (
    r"nice[\s-]to[\s-]haves?|preferred(?: qualifications| skills)?|desired skills|bonus(?: points)?|pluses|a plus|"
    r"desirable|good to have|extra credit|even better|additional experience \(not required\)|optional \(not required\)"
)
_OTHER_PHRASES = (
    r"responsibilities|essential duties and responsibilities|what you(?:'ll| will)? (?:do|be doing)|the role|"
    r"about (?:us|the (?:role|team|company))|benefits|perks|what we offer|what's in it for you|salary|"
    r"compensation|location|how to apply|duties|primary purpose|job description"
)


def _heading(phrases: str) -> re.Pattern:
    return re.compile(rf"^\s*(?:#+\s*)?(?:{phrases})\s*:?\s*$", re.IGNORECASE)


_MUST_HEADINGS = _heading(_MUST_PHRASES)
_NICE_HEADINGS = _heading(_NICE_PHRASES)
_OTHER_HEADINGS = _heading(_OTHER_PHRASES)
_RUN_IN_HEADING = re.compile(
    rf"(?:^|(?<=[\s.!?;)]))((?:{_MUST_PHRASES}|{_NICE_PHRASES}|{_OTHER_PHRASES}))\s*(?::|\s[-\u2013\u2014]\s)",
    re.IGNORECASE,
)
# Inline verdicts are judged per sentence: one "required" must not make a whole pasted ad a list of
# must-haves. "e.g." and "i.e." end no sentence (a run-in section ends with its first sentence).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<![Ee]\.g\.)(?<![Ii]\.e\.)(?<!\betc\.)\s+(?=[A-Z(])")
_RUN_ON_WORDS = 60
_CAPITALISED_WORD = re.compile(r"(?<=\s)([A-Z][a-z]+)\b")
_OPENS_WITH_LIST = re.compile(r"\s*(?:[^,.;:!?]{1,40},\s*){2,}")  # "Go, AWS, Redis ..."
# Legal boilerplate states no requirement of the job ("In compliance with federal law, all persons hired
# will be required to verify identity" is not a must-have skill "Compliance").
_BOILERPLATE = re.compile(
    r"\b(?:equal (?:employment )?opportunity|without regard to|regardless of (?:race|any characteristic)|"
    r"(?:authori[sz]ation|authori[sz]ed|eligib\w*|right) to work|in compliance with (?:\w+ )?laws?|"
    r"reasonable accommodations?|all rights reserved)\b",
    re.IGNORECASE,
)
# What joins the skills of one list ("Python, Perl and PHP", "MySQL or PostgreSQL"), and what makes a
# list alternatives: a final "or", or a cue before it ("one of:", "such as", "e.g.").
_LIST_JOINER = re.compile(r"\s*(?:,|;)?\s*(?:(?:and/or|or|and|&)\s+)?", re.IGNORECASE)
_OR = re.compile(r"\b(?:or|and/or)\b", re.IGNORECASE)
_AND = re.compile(r"(?:\band\b(?!/)|&)", re.IGNORECASE)
_ALTERNATIVES_CUE = re.compile(
    r"(?:\b(?:one|any|either) of(?P<above> the above)?(?:\s+or)?|\bsuch as|\be\.g\.,?|\bfor example,?|\beither|"
    r"\ban? (?:[\w+/-]+ ){0,4}certification)"  # "a DoD 8570 baseline certification: CISSP, Security+"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_INLINE_NICE = re.compile(
    r"\b(?:nice to have|is a plus|are a plus|preferred|bonus|ideally|desirable|(?:is|are) optional)\b", re.I
)
_CLAUSE_BREAK = re.compile(r"\s*;\s+")
_INLINE_MUST = re.compile(r"\b(?:must have|must be|required|requires?|essential|mandatory)\b", re.IGNORECASE)
_YEARS = re.compile(
    r"\b(\d{1,2})(?:\s*(?:-|\u2013|to)\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)\b(?:\s+of)?(?:\s+\w+){0,4}?\s+"
    r"(?:experience|expertise|background)",
    re.IGNORECASE,
)
_LANGUAGE_IN_AD = re.compile(
    r"\b(?:fluent|fluency|native|proficient|proficiency|business[\s-]level|working knowledge|speak|spoken|"
    r"written and spoken|command)\b|\b[ABC][12]\b",
    re.IGNORECASE,
)
_LANGUAGE_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, LANGUAGE_NAMES), key=len, reverse=True)) + r")\b"
)
# Certifications an ad names by acronym or title; matched whole-word, canonical name first.
CERTIFICATIONS: dict[str, tuple[str, ...]] = {
    "PMP": ("Project Management Professional",),
    "PRINCE2": (),
    "CPA": ("Certified Public Accountant",),
    "CFA": ("Chartered Financial Analyst",),
    "ACCA": (),
    "CIMA": (),
    "CISSP": (),
    "CISA": (),
    "CISM": (),
    "CompTIA Security+": ("Security+",),
    "CCNA": (),
    "CCNP": (),
    "ITIL": (),
    "Certified ScrumMaster": ("CSM", "Certified Scrum Master"),
    "AWS Certified Solutions Architect": (),
    "Certified Kubernetes Administrator": ("CKA",),
    "SHRM-CP": (),
    "PHR": (),
    "Registered Nurse": ("RN license", "RN licence"),
    "CDL": ("Commercial Driver's License", "Commercial Driving Licence"),
    "Six Sigma": ("Lean Six Sigma", "Six Sigma Green Belt", "Six Sigma Black Belt"),
    "First Aid": ("First Aid certificate", "CPR"),
    "ServSafe": (),
}
_CERT_LOOKUP = {alias.lower(): name for name, aliases in CERTIFICATIONS.items() for alias in (name, *aliases)}
_CERT_RE = re.compile(
    r"(?<![\w+])(" + "|".join(sorted(map(re.escape, _CERT_LOOKUP), key=len, reverse=True)) + r")(?![\w+])",
    re.IGNORECASE,
)
_LEVEL_NAMES = {
    "HIGH_SCHOOL": "High school diploma",
    "ASSOCIATE": "Associate degree",
    "BACHELOR": "Bachelor's degree",
    "MASTER": "Master's degree",
    "DOCTORATE": "Doctorate",
}


def find_certifications(text: str) -> list[str]:
    """Canonical names of the well-known certifications named in ``text``, in order."""
    return list(dict.fromkeys(_CERT_LOOKUP[m.group(1).lower()] for m in _CERT_RE.finditer(text)))


def certifications_from_ad(description: str) -> tuple[list[str], list[str], dict[str, tuple[str, ...]]]:
    """(must-have, nice-to-have, alternatives) certifications an ad names: nice-to-have under a preference
    heading or in a sentence that says so ("PMP is a plus"), must-have anywhere else (a certification an
    ad names is rarely decoration); a choice ("PMP or PRINCE2") is one requirement, as for skills."""
    must, nice, alternatives = _requirements_by_section(
        description, certification_requirements, must_in=("MUST", "OTHER")
    )
    return must, nice, alternatives_used(alternatives, must, nice)


def _requirements_by_section(
    description: str, find: Callable[[str], list[tuple[str, ...]]], *, must_in: tuple[str, ...]
) -> tuple[list[str], list[str], dict[str, tuple[str, ...]]]:
    """(must-have, nice-to-have, alternatives) of what ``find`` reads from each sentence of an ad:
    must-haves where the sentence's mode is one of ``must_in``, de-duplicated, must-haves first."""
    must: list[str] = []
    nice: list[str] = []
    alternatives: dict[str, tuple[str, ...]] = {}
    for mode, line in ad_sections(description):
        for members in find(line):
            name = members[0] if len(members) == 1 else alternatives_name(members)
            if len(members) > 1:
                alternatives[name] = members
            (must if mode in must_in else nice).append(name)
    must = list(dict.fromkeys(must))
    return must, [n for n in dict.fromkeys(nice) if n not in must], alternatives


def alternatives_used(
    alternatives: dict[str, tuple[str, ...]], *lists: list[str]
) -> dict[str, tuple[str, ...]]:
    """The entries of ``alternatives`` whose name one of ``lists`` still holds."""
    names = {name for names in lists for name in names}
    return {name: members for name, members in alternatives.items() if name in names}


def ad_sections(description: str) -> list[tuple[str, str]]:
    """(mode, text) for every sentence of an ad: mode MUST, NICE or OTHER from the heading above it.

    A heading is a line of its own or runs in (followed by a colon or a spaced dash); inside a section a
    sentence can still say otherwise ("Kafka is a plus" under requirements, "a degree is required"
    outside them).
    """
    mode = "OTHER"
    out = []
    for original in normalise_text(description).split("\n"):
        pieces = _RUN_IN_HEADING.sub(lambda m: f"\n{m.group(1)}:\n", original).split("\n")
        for index, line in enumerate(pieces):
            if _MUST_HEADINGS.match(line):
                mode = "MUST"
            elif _NICE_HEADINGS.match(line):
                mode = "NICE"
            elif _OTHER_HEADINGS.match(line):
                mode = "OTHER"
            else:
                # A list right after a heading on the same line ends with its sentence: an ad pasted as
                # one paragraph runs on ("Skills: Go, AWS, Redis Our company is ... We are ..."). A
                # section that opens with prose ("Skills: The requirements below ...") runs on as usual.
                list_only = index > 0 and _OPENS_WITH_LIST.match(line) is not None
                mode = _sentences(line, mode, out, list_only=list_only)
    return out


def _sentences(line: str, mode: str, out: list[tuple[str, str]], *, list_only: bool) -> str:
    """Append (mode, sentence) for the line's sentences; returns the mode the line ends in.

    ``list_only``: the line's first sentence is the section's list, and the rest is running text."""
    sentences = _SENTENCE_BREAK.split(line)
    if list_only:
        sentences[0:1] = _list_and_prose(sentences[0])
    for number, sentence in enumerate(sentences):
        if list_only and number > 0:
            mode = "OTHER"
        if _BOILERPLATE.search(sentence):
            continue
        # An inline verdict speaks for its clause: "Python, Java; C++ is optional".
        for clause in _CLAUSE_BREAK.split(sentence):
            out.append((_inline_mode(clause, mode), clause))
    return mode


def _inline_mode(clause: str, mode: str) -> str:
    """The section's mode, unless the clause says otherwise ("Kafka is a plus" under requirements, "a
    degree is required" elsewhere).  In a run-on clause (a list that lost its breaks) one item's
    "essential" speaks for no other."""
    if len(clause.split()) > _RUN_ON_WORDS:
        return mode
    if mode == "MUST" and _INLINE_NICE.search(clause):
        return "NICE"
    if mode == "OTHER" and _INLINE_MUST.search(clause) and not _INLINE_NICE.search(clause):
        return "MUST"
    return mode


def _list_and_prose(sentence: str) -> list[str]:
    """["Go, AWS, Redis", "Our company is ..."]: a list that runs into prose ends, after its last comma,
    at the first capitalised function word ("Our", "We", "If"), which no skill name is."""
    for word in _CAPITALISED_WORD.finditer(sentence, sentence.rfind(",") + 1):
        if word.group(1).lower() in STOP_WORDS:
            return [sentence[: word.start()], sentence[word.start() :]]
    return [sentence]


def alternatives_name(members: tuple[str, ...] | list[str]) -> str:
    """Display name of a requirement met by any one of ``members``: "Python, Perl or PHP"."""
    return f"{', '.join(members[:-1])} or {members[-1]}"


def skill_requirements(sentence: str) -> list[tuple[str, ...]]:
    """The skill requirements one sentence names, in order: a 1-tuple per skill, and the members of
    a list the ad offers as alternatives ("PHP, Python or Go", "one of: Python, Perl, PHP", "such as
    RabbitMQ, Redis"), which one skill of meets."""
    return _choices(sentence, [(hit.skill, hit.start, hit.end) for hit in load_taxonomy().find(sentence)])


def certification_requirements(sentence: str) -> list[tuple[str, ...]]:
    """Like :func:`skill_requirements`, for certifications ("a baseline certification: CISSP,
    Security+" or "PMP or PRINCE2" is one requirement)."""
    hits = [(_CERT_LOOKUP[m.group(1).lower()], m.start(1), m.end(1)) for m in _CERT_RE.finditer(sentence)]
    return _choices(sentence, hits)


def _choices(sentence: str, hits: list[tuple[str, int, int]]) -> list[tuple[str, ...]]:
    """Group (name, start, end) hits into requirements: lists offered as a choice become one."""
    runs: list[list[tuple[str, int, int]]] = []
    for hit in hits:
        joiner = sentence[runs[-1][-1][2] : hit[1]] if runs else ""
        # "Python or Java, and AWS": an "and" after an "or" ends the choice.
        ends_choice = (
            runs
            and _AND.search(joiner)
            and any(_OR.search(sentence[a[2] : b[1]]) for a, b in itertools.pairwise(runs[-1]))
        )
        if runs and _LIST_JOINER.fullmatch(joiner) and not ends_choice:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    out: list[tuple[str, ...]] = []
    previous: tuple[str, ...] = ()
    for run in runs:
        members = tuple(dict.fromkeys(name for name, _, _ in run))
        lead = sentence[max(run[0][1] - 60, 0) : run[0][1]]
        joiners = [sentence[a[2] : b[1]] for a, b in itertools.pairwise(run)]
        cue = _ALTERNATIVES_CUE.search(lead)
        if len(members) > 1 and (cue or _OR.search(joiners[-1])):
            if cue and cue.group("above") and previous:
                members = tuple(dict.fromkeys((*previous, *members)))  # "one of the above or C, Java"
            out.append(members)
            previous = members
        else:
            out.extend((name,) for name in members)
    return out


def skills_from_ad(
    title: str, description: str
) -> tuple[list[str], list[str], bool, dict[str, tuple[str, ...]]]:
    """(must-have, nice-to-have, sectioned, alternatives): skills the ad names, split by where they are
    named.  A requirement met by any one of several skills is named by :func:`alternatives_name` and
    ``alternatives`` maps that name to its members.

    ``sectioned`` is False when the ad states no requirements anywhere, so every skill is a derived
    nice-to-have (weighted by specificity)."""
    must, nice, alternatives = _requirements_by_section(description, skill_requirements, must_in=("MUST",))
    title_skills = [hit.skill for hit in load_taxonomy().find(normalise_text(title))]
    nice = [s for s in dict.fromkeys([*title_skills, *nice]) if s not in must]
    return must, nice, bool(must), alternatives_used(alternatives, must, nice)


def years_from_ad(description: str) -> float | None:
    """Minimum years of experience an ad asks for ("5+ years of experience" -> 5), or None."""
    found = [int(m.group(1)) for m in _YEARS.finditer(description) if 0 < int(m.group(1)) <= 30]
    return float(max(found)) if found else None


def education_from_ad(description: str) -> str | None:
    """The lowest degree an ad asks for ("Bachelor's degree in Finance or a Master's" -> BACHELOR)."""
    levels = []
    for mode, line in ad_sections(description):
        if mode == "NICE":
            continue
        found = degree_match(line)
        if found and re.search(r"\b(?:degree|diploma|graduate|bachelor|master|ph\.?d|doctorate)", line, re.I):
            levels.append(found[0])
    return min(levels, key=EDUCATION_LEVELS.index) if levels else None


def languages_from_ad(description: str) -> list[str]:
    """Spoken languages an ad asks for: a language named on a line about fluency or a CEFR level."""
    found: list[str] = []
    for mode, line in ad_sections(description):
        if mode == "NICE" or not _LANGUAGE_IN_AD.search(line):
            continue
        found.extend(LANGUAGE_NAMES[m.group(1)] for m in _LANGUAGE_WORD.finditer(line))
    return list(dict.fromkeys(found))


def requirement_id(category: str, name: str) -> str:
    """Stable id of a requirement: ``skill:python``, ``language:german``, ``experience``, ``education``."""
    if category in ("EXPERIENCE", "EDUCATION"):
        return category.lower()
    # Letters and digits of any script: with ASCII alone every Japanese or Greek name had the id
    # "skill:", so a job listing two of them made a rubric that could not be read back.  ASCII names
    # keep the ids they always had.
    slug = _SLUG_GAP.sub("-", name.lower()).strip("-")
    if not slug:  # nothing but symbols ("★★★"): a digest keeps distinct names apart
        slug = hashlib.sha256(name.strip().encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{category.lower()}:{slug}"


_SLUG_GAP = re.compile(r"(?:[^\w+#.]|_)+")


def level_name(level: str) -> str:
    """Display name of an education level."""
    return _LEVEL_NAMES[level]


def canonical_json_hash(data: object) -> str:
    """SHA-256 of the canonical JSON form of ``data`` (sorted keys, no spaces)."""
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
