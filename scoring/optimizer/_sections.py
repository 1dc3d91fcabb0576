"""Which of the five sections candidates look for are present, and which items of the ad belong to each.

A section is present when the ad has a heading for it with content under it, or when its content is
recognisable without one: duty sentences ("You will build...", bullets opening with a verb such as
"Design", "Maintain"), requirement phrases ("3+ years of experience", "knowledge of"), a salary figure
next to a pay word, remote/hybrid/on-site wording, or a benefit (pension, paid leave, health insurance).
The structured job fields count too: salary_min/salary_max is a salary, location is a location, and
required skills, minimum years or an education level are requirements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._model import JobPosting, Sections
from ._structure import Item, Structure

# Verbs that open a duty ("Design APIs", "You will maintain...").  Matched on the base form after
# removing -s/-es/-ing, so "Builds", "Building" and "Build" all count.
_DUTY_VERBS = frozenset(
    """
administer advise analyse analyze answer architect assemble assess assist audit automate book budget build
care check clean coach code collaborate collect communicate compile conduct configure consult contribute
cook coordinate create debug decide define deliver deploy design develop diagnose document draft drive
edit educate ensure establish estimate evaluate execute facilitate file forecast greet grow guide handle
help hire identify implement improve inspect install interview investigate launch lead liaise load
maintain manage market mentor migrate model monitor negotiate onboard operate optimise optimize organise
organize own pack participate partner perform pick plan prepare present prioritise prioritize process
produce program promote propose prototype provide publish recruit reconcile refactor repair report
represent research resolve respond review run scale schedule screen secure sell serve set shape ship
source specify staff supervise support teach test track train translate treat triage troubleshoot update
upgrade validate welcome work write
""".split()  # noqa: SIM905 - a word list reads better as text
)
_DUTY_LEAD_IN = re.compile(
    r"^(?:in\s+this\s+role,?\s+|as\s+(?:a|an|our)\s+[^,]{1,40},\s+)?"
    r"(?:you(?:'|\u2019)ll|you\s+will|you\s+would|you(?:'|\u2019)d)\s+(?:also\s+)?(?:be\s+)?"
    r"(?:responsible\s+for\s+)?",
    re.IGNORECASE,
)
_REQUIREMENT = re.compile(
    r"\b\d+\s*\+?\s*(?:years?|yrs?)\b[^.\n]{0,60}\bexperience\b|\bexperience\s+(?:with|in|of|building|"
    r"running|working)\b|\byou\s+(?:have|bring|know)\b|\bmust\s+(?:have|be|know|hold)\b|\brequired\b|"
    r"\b(?:degree|diploma|certification|certificate|licen[cs]e)\s+in\b|\b(?:bachelor|master)(?:'|\u2019)?s\b|"
    r"\bknowledge\s+of\b|\bproficien(?:t|cy)\s+(?:in|with)\b|\bfamiliar(?:ity)?\s+with\b|"
    r"\bhands-on\s+experience\b|\bstrong\s+(?:background|understanding)\b|\bph\.?d\b|\bmba\b|"
    r"\b(?:a|an)\s+(?:\w+\s+)?degree\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"[$\u20ac\u00a3\u00a5\u20b9]\s?\d[\d,.\s]*[kK]?\b"
    r"|\b\d[\d,.]*\s?[kK]?\s?(?:USD|EUR|GBP|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|INR|JPY|SGD|HKD|ZAR|"
    r"BRL|MXN|AED)\b"
    r"|\b(?:USD|EUR|GBP|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|INR|JPY|SGD|HKD|ZAR|BRL|MXN|AED)\s?\d"
    r"|\b\d[\d,.]*\s?[kK]?\s*(?:per|an|a|/)\s*(?:hour|hr|year|yr|annum|month)\b",
)
_THOUSANDS = re.compile(r"\d\s?[kK]\b")
_PAY_WORD = re.compile(
    r"\b(?:salary|salaries|pay|paid|compensation|remuneration|wage|wages|rate|range|base|OTE|earn|earnings|"
    r"per\s+(?:hour|year|annum|month)|p\.?a\.?|annually|hourly|gross)\b",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"\b(?:fully\s+|100%\s+)?remote(?:[- ]first|[- ]friendly)?\b(?!\s+(?:sensing|control|monitoring|"
    r"desktop|access\s+tools?|procedures?))|\bhybrid\b|\bon[- ]?site\b|\bin[- ]office\b|"
    r"\bwork(?:ing)?\s+from\s+(?:home|anywhere)\b|\bWFH\b|\bdistributed\s+team\b|\banywhere\s+in\b|"
    r"\b(?:based|located)\s+in\s+[A-Z]|\boffices?\s+in\s+[A-Z]|\bdays?\s+(?:a|per)\s+week\s+in\s+(?:the\s+)?office\b",
)
_BENEFIT = re.compile(
    r"\bhealth(?:care|\s+(?:insurance|care|plan|cover(?:age)?))\b|\bprivate\s+medical\b|"
    r"\b(?:medical|dental|vision)\s+(?:insurance|cover(?:age)?|plans?|care|benefits?)\b|"
    r"\bpension\b|\b401\s?\(?k\)?|\bretirement\s+(?:plan|savings|contributions?)\b|\bpaid\s+time\s+off\b|\bPTO\b|"
    r"\bvacation\b|\bholidays?\b|\bannual\s+leave\b|\bdays?\s+(?:of\s+)?(?:paid\s+)?leave\b|\bparental\s+leave\b|"
    r"\bmaternity\b|\bpaternity\b|\b(?:stock|share)\s+options?\b|\bequity\s+(?:package|grants?|stake|options?)\b|"
    r"\bRSUs?\b|\bbonus(?!\s+points?\b)(?:es)?\b|"
    r"\b(?:learning|training|education|conference|development)\s+budget\b|\bgym\b|\bwellness\s+(?:budget|allowance|"
    r"programme|program|stipend)\b|\bflexible\s+(?:hours|working|schedule|time)\b|\b(?:4|four)[- ]day\s+(?:work\s*)?week\b|"
    r"\bchildcare\b|\bcommuter\b|\btransport\s+(?:pass|ticket|allowance)\b|\bfree\s+(?:meals?|lunch(?:es)?|parking)\b|"
    r"\bcompany\s+car\b|\bsabbatical\b|\b(?:employee|staff)\s+discounts?\b|\blife\s+insurance\b|"
    r"\bhome[- ]office\s+(?:budget|allowance)\b",
    re.IGNORECASE,
)
_NOT_INTRO = frozenset({"responsibilities", "requirements", "nice_to_have", "benefits", "salary", "location"})


@dataclass(frozen=True)
class SectionContent:
    """Presence of each section, and the items of the description that fill it in the rewrite."""

    sections: Sections
    duties: tuple[Item, ...]
    requirements: tuple[Item, ...]
    nice_to_have: tuple[Item, ...]
    salary: tuple[Item, ...]
    location: tuple[Item, ...]
    benefits: tuple[Item, ...]
    intro: tuple[Item, ...]
    salary_from_fields: bool


def strip_duty_lead_in(sentence: str) -> str:
    """ "You will design the API." -> "design the API." (the rewrite capitalises it)."""
    return _DUTY_LEAD_IN.sub("", sentence, count=1)


def is_duty(sentence: str) -> bool:
    """Does the sentence or bullet state a duty (opens with a duty verb, after "You will")?"""
    stripped = strip_duty_lead_in(sentence.strip())
    lead_in = len(stripped) != len(sentence.strip())
    first = re.match(r"[A-Za-z]+", stripped)
    if not first:
        return False
    word = first.group(0).lower()
    if not lead_in and not first.group(0)[:1].isupper():
        return False  # a bare duty bullet opens with a capitalised verb ("Design ...")
    forms = {word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-4]} if len(word) > 3 else {word}
    return bool(forms & _DUTY_VERBS)


def has_money(sentence: str) -> bool:
    """A money figure next to a pay word: "EUR 60,000-75,000 per year", "$45/hour"."""
    return bool(_MONEY.search(sentence)) and bool(_PAY_WORD.search(sentence) or _THOUSANDS.search(sentence))


def mentions_location(sentence: str) -> bool:
    return bool(_REMOTE.search(sentence))


def mentions_benefit(sentence: str) -> bool:
    return bool(_BENEFIT.search(sentence))


def analyse_sections(job: JobPosting, structure: Structure) -> SectionContent:
    text = structure.text
    items = structure.items

    def kinds(item: Item) -> tuple[str, ...]:
        return structure.kinds_of(item)

    def say(item: Item) -> str:
        return text[item.start : item.end]

    sectioned = set(_NOT_INTRO)
    outside = tuple(i for i in items if not (set(kinds(i)) & sectioned))

    duties = structure.items_of("responsibilities") or tuple(i for i in outside if is_duty(say(i)))
    responsibilities = bool(structure.items_of("responsibilities")) or len(duties) >= 2

    requirement_items = structure.items_of("requirements") or tuple(
        i for i in outside if _REQUIREMENT.search(say(i)) and i not in duties
    )
    structured_requirements = bool(job.required_skills or job.min_years_experience or job.education_level)
    requirements = bool(requirement_items) or structured_requirements

    salary_items = tuple(
        i
        for i in items
        if has_money(say(i)) or ("salary" in kinds(i) and _MONEY.search(say(i)))
        if not (set(kinds(i)) & {"requirements", "nice_to_have"})
    )
    salary_from_fields = job.salary_min is not None or job.salary_max is not None
    salary = salary_from_fields or bool(salary_items)

    location_items = tuple(
        i for i in items if "location" in kinds(i) or (mentions_location(say(i)) and i not in duties)
    )
    location = bool(job.location.strip()) or bool(location_items)

    benefit_block = structure.items_of("benefits")
    if benefit_block:
        benefit_items = tuple(
            i
            for i in benefit_block
            if i not in salary_items and (i not in location_items or mentions_benefit(say(i)))
        )
    else:
        benefit_items = tuple(
            i
            for i in items
            if mentions_benefit(say(i)) and not (set(kinds(i)) & {"requirements", "nice_to_have"})
        )
    benefits = bool(benefit_block) or bool(benefit_items)

    used = {*duties, *requirement_items, *salary_items, *location_items, *benefit_items}
    intro = tuple(i for i in items if set(kinds(i)) <= {"intro", "other"} and i not in used)

    return SectionContent(
        sections=Sections(
            responsibilities=responsibilities,
            requirements=requirements,
            salary=salary,
            location=location,
            benefits=benefits,
        ),
        duties=duties,
        requirements=requirement_items,
        nice_to_have=structure.items_of("nice_to_have"),
        salary=salary_items,
        location=location_items,
        benefits=benefit_items,
        intro=intro,
        salary_from_fields=salary_from_fields,
    )
