"""Exclusionary, gendered and vague wording: rules with evidence, advice and a neutral replacement.

Each rule is a regular expression over the original text.  The named group ``ev`` (or the whole match)
is the evidence shown to the user; the whole match is what the rewrite replaces, so a rule can also
swallow the comma or "and" that would be left dangling ("young, dynamic" -> "dynamic").  Rules run in
order and a match overlapping an earlier one is skipped, so the specific phrase ("energetic young team")
wins over the general word ("young").  When no neutral wording can keep the sentence (an age limit, a
grooming rule), the rewrite drops the sentence or bullet instead.

Severity: ERROR for wording that screens people out by a protected attribute (age, disability,
religion via grooming, national origin via "native speaker"); WARNING for wording that discourages
applicants or says nothing (gendered nouns and pronouns, "culture fit", "rockstar", "team player").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ._model import Edit, Evidence, Finding, Severity

SALARY_PLACEHOLDER = "[add a salary range]"

# Spoken languages that "native <language> speaker" can name (a closed list, so "native Android app"
# and "cloud-native" never match).
_LANGUAGES = (
    "English|French|Spanish|German|Italian|Portuguese|Dutch|Flemish|Russian|Polish|Ukrainian|Czech|Slovak|"
    "Hungarian|Romanian|Bulgarian|Greek|Turkish|Arabic|Hebrew|Persian|Farsi|Hindi|Urdu|Bengali|Punjabi|"
    "Tamil|Telugu|Marathi|Gujarati|Kannada|Malayalam|Chinese|Mandarin|Cantonese|Japanese|Korean|"
    "Vietnamese|Thai|Indonesian|Malay|Tagalog|Filipino|Swahili|Swedish|Norwegian|Danish|Finnish|"
    "Icelandic|Estonian|Latvian|Lithuanian|Serbian|Croatian|Bosnian|Slovenian|Albanian|Catalan|Basque|"
    "Galician|Irish|Welsh|Afrikaans"
)

_LANGUAGE_LIST = rf"(?:{_LANGUAGES})(?:\s*(?:/|,|\bor\b|\band\b)\s*(?:{_LANGUAGES}))*"

Replacement = Callable[[re.Match[str], str], str]


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    severity: Severity
    pattern: re.Pattern[str]
    message: str  # "{text}" is the evidence
    suggestion: str
    replacement: str | Replacement | None = None  # for the evidence; None: flag only
    edit_text: Replacement | None = None  # for the whole match, when it differs from ``replacement``
    remove_sentence: bool = False
    only_without_salary: bool = False  # "competitive salary" is only vague when no figure is given
    priority: int = 0
    # Lower-case substrings of which at least one must occur for the pattern to be tried at all: a cheap
    # pre-filter that keeps a 600-word ad well under the time budget.  Empty: always tried.
    triggers: tuple[str, ...] = ()


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- replacements that depend on the match -----------------------------------------------------------


def _fluent(m: re.Match[str], _text: str) -> str:
    """ "native English speaker" -> "fluent/professional English (C1) speaker"."""
    groups = m.groupdict()
    lang, speaker = groups.get("lang"), groups.get("sp")
    if lang:
        lang = re.sub(
            r"[A-Za-z]+",
            lambda w: w.group(0).lower() if w.group(0).lower() in ("or", "and") else w.group(0).capitalize(),
            lang,
        )
        phrase = f"fluent/professional {' '.join(lang.split())} (C1)"
    else:
        phrase = "fluent (C1)"
    return f"{phrase} {speaker.lower()}" if speaker else phrase


def _jargon(m: re.Match[str], text: str) -> str:
    """Drop "rockstar"/"ninja" before the real role noun ("ninja developer"); else say "specialist"."""
    following = text[m.end() : m.end() + 40]
    if re.match(
        r"[ \t]+(?!(?:and|or|to|who|with|in|for|at|on|like|that|is|are|we|you)\b)[A-Za-z]", following
    ):
        return ""
    return "specialists" if m.group(0).lower().endswith("s") else "specialist"


_IRREGULAR_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go", "isn't": "aren't",
                    "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}  # fmt: skip
_NOT_VERBS = frozenset(
    """
always also perhaps sometimes this thus plus less unless across its as us his hers yes news series
various previous sometimes afterwards towards
""".split()  # noqa: SIM905 - a word list reads better as text
)


def plural_verb(word: str) -> str:
    """Third-person singular verb -> plural, for "he/she has" -> "they have"; other words unchanged."""
    low = word.lower()
    if low in _IRREGULAR_VERBS:
        out = _IRREGULAR_VERBS[low]
    elif low in _NOT_VERBS or not low.endswith("s") or low.endswith(("ss", "us", "is", "ous", "'s")):
        return word
    elif low.endswith("ies") and len(low) > 4:
        out = low[:-3] + "y"
    elif low.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        out = low[:-2]
    else:
        out = low[:-1]
    return out.capitalize() if word[:1].isupper() else out


def _they_with_verb(m: re.Match[str], _text: str) -> str:
    verb = m.group("verb")
    return "they" + (m.group("sp") + plural_verb(verb) if verb else "")


def _culture(m: re.Match[str], _text: str) -> str:
    if m.group(0).lower().startswith("fit"):
        return "align with our values [name them]"
    return "alignment with our values [name them]"


def _graduates(m: re.Match[str], _text: str) -> str:
    return "entry-level candidates" if m.group("pl") else "entry-level candidate"


# "-man"/"-men"/"-woman"/"-women" job words by their first half, with the neutral singular and plural.
_GENDERED_COMPOUNDS: dict[str, tuple[str, str]] = {
    "sales": ("salesperson", "salespeople"), "chair": ("chair", "chairs"), "fore": ("supervisor", "supervisors"),
    "work": ("worker", "workers"), "crafts": ("craftsperson", "craftspeople"),
    "trades": ("tradesperson", "tradespeople"), "fire": ("firefighter", "firefighters"),
    "police": ("police officer", "police officers"), "spokes": ("spokesperson", "spokespeople"),
    "business": ("businessperson", "businesspeople"), "camera": ("camera operator", "camera operators"),
    "repair": ("repair technician", "repair technicians"),
    "handy": ("maintenance technician", "maintenance technicians"),
    "delivery": ("delivery driver", "delivery drivers"), "middle": ("intermediary", "intermediaries"),
    "drafts": ("drafter", "drafters"), "line": ("line worker", "line workers"),
    "journey": ("journey-level worker", "journey-level workers"),
}  # fmt: skip
_NOUNS: dict[str, str] = {
    "waitress": "server", "waitresses": "servers", "stewardess": "flight attendant",
    "stewardesses": "flight attendants", "hostess": "host", "hostesses": "hosts", "headmaster": "head teacher",
    "headmasters": "head teachers", "headmistress": "head teacher", "headmistresses": "head teachers",
    "manpower": "staffing", "mankind": "humanity", "manning": "staffing", "manned": "staffed",
    "man-hours": "person-hours", "manhours": "person-hours", "man-hour": "person-hour",
    "cleaning lady": "cleaner", "cleaning ladies": "cleaners", "girl friday": "assistant",
    **{f"{first}{suffix}": forms[suffix.endswith("en")] for first, forms in _GENDERED_COMPOUNDS.items()
       for suffix in ("man", "men", "woman", "women")},
}  # fmt: skip
_NOUN_PATTERN = _re(
    r"\b(?:(?:" + "|".join(sorted(_GENDERED_COMPOUNDS)) + r")(?:wo)?m[ae]n"
    r"|(?:wait|steward|host)ress(?:es)?|head(?:master|mistress)(?:es|s)?"
    r"|man(?:power|kind|ning|ned|-hours?|hours)|cleaning\s+lad(?:y|ies)|girl\s+friday)\b"
)


def _neutral_noun(m: re.Match[str], _text: str) -> str:
    return _NOUNS[" ".join(m.group(0).lower().split())]


_AGE_CONTEXT = r"(?:years?|yrs?)\s*(?:old|of\s+age)"
_NOT_PEOPLE_AGE = (
    r"people|persons?|children|adults?|learners?|audiences?|customers?|readers?|users?|patients?|"
    r"offenders?|carers?|families|company|companies|startups?|start-ups?|business(?:es)?|brands?|firms?|"
    r"organi[sz]ations?|products?|industry|market|field|technolog(?:y|ies)|platform|scale-?ups?"
)

RULES: tuple[Rule, ...] = (
    # --- age -----------------------------------------------------------------------------------------
    Rule(
        code="exclusionary_age",
        triggers=("age", "old", "limit"),
        category="inclusion",
        severity=Severity.ERROR,
        pattern=_re(
            rf"\b(?:max(?:imum)?\.?|min(?:imum)?\.?|under|below|over|up\s+to|at\s+least|"
            rf"(?:not|no)\s+(?:older|younger)\s+than|younger\s+than|older\s+than)\s+(?:the\s+age\s+of\s+)?"
            rf"\d{{2}}\s*{_AGE_CONTEXT}\b"
            r"|\b(?:under|below|over)\s+the\s+age\s+of\s+\d{2}\b"
            r"|\b(?:not|no)\s+(?:older|younger)\s+than\s+\d{2}\b"
            r"|\bages?d?\s*:?\s*(?:between\s+|from\s+)?\d{2}\s*(?:-|\u2013|to|and)\s*\d{2}\b"
            r"|\baged?\s+(?:under|below|over|up\s+to|max(?:imum)?)\s+\d{2}\b"
            rf"|\b\d{{2}}\s*(?:-|\u2013|to)\s*\d{{2}}\s*{_AGE_CONTEXT}\b"
            r"|\b(?:max(?:imum)?|min(?:imum)?)\s+age\s*(?:of\s*|:\s*)?\d{2}\b"
            r"|\bbetween\s+the\s+ages\s+of\s+\d{2}\s+and\s+\d{2}\b|\bage\s+limit\b"
        ),
        message='"{text}" is an age limit; age discrimination in hiring is unlawful in many jurisdictions '
        "(e.g. the US ADEA, EU Directive 2000/78/EC).",
        suggestion="Remove it. If the law sets a minimum age for the work (serving alcohol, driving a "
        "truck), name that legal requirement instead.",
        remove_sentence=True,
    ),
    Rule(
        code="exclusionary_age",
        triggers=("young",),
        category="inclusion",
        severity=Severity.ERROR,
        pattern=_re(
            r"\b(?:(?:energetic|dynamic|vibrant|fun)(?:,\s*|\s+and\s+|\s+)young"
            r"|young(?:,\s*|\s+and\s+|\s+)(?:energetic|dynamic|vibrant|fun))\s+team\b"
        ),
        message='"{text}" describes the team by age and signals that older applicants will not fit in.',
        suggestion="Describe what the team does and how it works, not how old its members are.",
        replacement="team",
    ),
    Rule(
        code="exclusionary_age",
        triggers=("young", "youth"),
        category="inclusion",
        severity=Severity.ERROR,
        pattern=_re(
            rf"(?<!&\s)\b(?P<ev>young(?:er)?|youthful)\b(?!\s+(?:{_NOT_PEOPLE_AGE})\b)"
            r"(?:,[ \t]*(?=[a-z])|[ \t]+(?:and|&)[ \t]+(?=[a-z]))?"
        ),
        message='"{text}" signals an age preference and discourages older applicants; age discrimination '
        "is unlawful in many jurisdictions.",
        suggestion="Delete it, or describe the work and the team instead of people's age.",
        replacement="",
    ),
    Rule(
        code="exclusionary_age",
        triggers=("native",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\bdigital[- ]natives?\b"),
        message='"{text}" is a proxy for age (people who grew up with the internet).',
        suggestion='Name the skill: "comfortable with digital tools" or the specific software.',
        replacement="comfortable with digital tools",
    ),
    Rule(
        code="exclusionary_age",
        triggers=("grad",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\b(?:recent|fresh|new)\s+(?:college\s+|university\s+)?grad(?:uate)?(?P<pl>s)?\b"),
        message='"{text}" implies a preference for younger applicants (US EEOC guidance on age in job ads).',
        suggestion="Say the role is entry-level and name the skills it needs; people change careers at any age.",
        replacement=_graduates,
    ),
    Rule(
        code="exclusionary_age",
        triggers=("gen", "millennial", "boomer"),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\b(?:gen(?:eration)?[- ]?[yz]|millennials?|boomers?)\b"),
        message='"{text}" targets a generation, i.e. an age group.',
        suggestion="Remove it and describe the work instead.",
        remove_sentence=True,
    ),
    # --- native speaker ------------------------------------------------------------------------------
    *(
        Rule(
            code="exclusionary_native_speaker",
            triggers=("native", "mother", "first language"),
            category="inclusion",
            severity=Severity.ERROR,
            pattern=_re(pattern),
            message='"{text}" asks for native speakers: it excludes fluent non-native speakers and can be '
            "indirect discrimination by national origin.",
            suggestion='Ask for the level the job needs, e.g. "fluent/professional English (C1)".',
            replacement=_fluent,
        )
        for pattern in (
            rf"\bnative(?:\s+or\s+near[- ]native|\s*/\s*near[- ]native)?[- ](?:level[- ])?(?P<lang>{_LANGUAGE_LIST})"
            r"(?:[- ](?P<sp>speakers?))?\b",
            rf"\b(?P<lang>{_LANGUAGE_LIST})[- ](?:native|mother[- ]tongue)(?:[- ](?P<sp>speakers?))?\b",
            rf"\bnative[- ](?P<sp>speakers?)\s+(?:of|in)\s+(?P<lang>{_LANGUAGE_LIST})\b",
            rf"\bnative(?:[- ]level)?\s+(?:proficiency|fluency|command|knowledge)\s+(?:of|in)\s+(?P<lang>{_LANGUAGE_LIST})\b",
            rf"\b(?P<lang>{_LANGUAGE_LIST})\s+(?:as\s+(?:your|a|the)\s+)?(?:mother[- ]tongue|first\s+language)\b",
            rf"\b(?:mother[- ]tongue|first\s+language)\s*:?\s*(?P<lang>{_LANGUAGE_LIST})\b",
            r"\bnative[- ](?P<sp>speakers?)\b",
        )
    ),
    # --- physical requirements -----------------------------------------------------------------------
    Rule(
        code="exclusionary_physical",
        triggers=("bodied",),
        category="inclusion",
        severity=Severity.ERROR,
        pattern=_re(r"\bable[- ]bodied\b"),
        message='"{text}" excludes disabled people whether or not they can do the job.',
        suggestion="Name the physical task the job really involves (e.g. lifting 20 kg) and say that "
        "reasonable accommodation is available.",
        replacement="able to perform the essential physical tasks [describe them], with or without "
        "reasonable accommodation",
    ),
    Rule(
        code="exclusionary_physical",
        triggers=("shaven",),
        category="inclusion",
        severity=Severity.ERROR,
        pattern=_re(r"\bclean[- ]shaven\b"),
        message='"{text}" excludes people who wear a beard for religious or medical reasons.',
        suggestion="Remove it. If a safety rule applies (a tight-fitting respirator), state that rule and "
        "the alternatives offered.",
        remove_sentence=True,
    ),
    Rule(
        code="exclusionary_physical",
        triggers=("looking", "appearance"),
        category="inclusion",
        severity=Severity.ERROR,
        pattern=_re(r"\b(?:good[- ]looking|(?:attractive|pleasant|good)\s+appearance)\b"),
        message='"{text}" is a requirement about looks, unrelated to almost every job and an invitation to bias.',
        suggestion="Remove it; if there is a dress code, describe the dress code.",
        remove_sentence=True,
    ),
    Rule(
        code="exclusionary_physical",
        triggers=("fit", "health", "shape", "condition"),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?:physically\s+fit|(?:in\s+)?good\s+physical\s+(?:health|shape|condition)|"
            r"in\s+good\s+(?:health|shape|condition)|excellent\s+(?:physical\s+)?health)\b"
        ),
        message='"{text}" is a physical requirement not tied to a task; it deters disabled applicants.',
        suggestion="Name the physical task the job involves (e.g. standing for a shift, lifting 20 kg).",
        replacement="able to [describe the physical task, e.g. lift 20 kg]",
    ),
    # --- culture fit ---------------------------------------------------------------------------------
    Rule(
        code="exclusionary_culture_fit",
        triggers=("fit",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\bcultur(?:e|al)[- ]fit\b|\bfit\s+(?:in(?:to)?\s+)?(?:with\s+)?our\s+culture\b"),
        message='"{text}" is undefined and tends to favour people like the current team (affinity bias).',
        suggestion="Name the values or working habits you hire for (e.g. written communication, "
        "blameless post-mortems), or look for people who add to the culture.",
        replacement=_culture,
    ),
    # --- gendered pronouns and nouns ---------------------------------------------------------------
    Rule(
        code="gendered_pronoun",
        triggers=("he",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(
            r"(?<![\w/])(?P<ev>(?:he|she)\s*/\s*(?:he|she)|(?:he|she)\s+or\s+(?:he|she)|s/he|\(s\)he)\b"
            r"(?:(?P<sp>[ \t]+)(?P<verb>[A-Za-z']+))?"
        ),
        message='"{text}" leaves out people who use neither pronoun and reads as dated.',
        suggestion='Use "they", or address the reader as "you".',
        replacement="they",
        edit_text=_they_with_verb,
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("his", "her"),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\b(?P<ev>(?:his|her)\s*(?:/|\s+or\s+)\s*(?:his|her))\b"),
        message='"{text}" leaves out people who use neither pronoun.',
        suggestion='Use "their", or "your".',
        replacement="their",
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("him", "her"),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\b(?P<ev>(?:him|her)\s*(?:/|\s+or\s+)\s*(?:him|her))\b"),
        message='"{text}" leaves out people who use neither pronoun.',
        suggestion='Use "them", or "you".',
        replacement="them",
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("self",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?P<ev>(?:himself|herself)\s*(?:/|\s+or\s+)\s*(?:himself|herself)|himself|herself)\b"
        ),
        message='"{text}" assumes the applicant\'s gender.',
        suggestion='Use "themselves", or "yourself".',
        replacement="themselves",
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("he",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?P<ev>he|she)\b(?!\s*/\s*(?:him|her|they|them)\b)(?:(?P<sp>[ \t]+)(?P<verb>[A-Za-z']+))?"
        ),
        message='"{text}" assumes the applicant\'s gender.',
        suggestion='Use "they", or address the reader as "you".',
        replacement="they",
        edit_text=_they_with_verb,
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("his",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"\bhis\b"),
        message='"{text}" assumes the applicant\'s gender.',
        suggestion='Use "their", or "your".',
        replacement="their",
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("him",),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_re(r"(?<!/)\bhim\b"),
        message='"{text}" assumes the applicant\'s gender.',
        suggestion='Use "them", or "you".',
        replacement="them",
    ),
    Rule(
        code="gendered_pronoun",
        triggers=("her",),
        category="inclusion",
        severity=Severity.INFO,  # often a named person ("our CEO and her team"), so only a hint
        pattern=_re(r"(?<!/)\bher\b"),
        message='"{text}": if this refers to the applicant, it assumes their gender.',
        suggestion='Use "their" or "them" (or "you"), whichever fits the sentence.',
    ),
    Rule(
        code="gendered_noun",
        triggers=("man", "men", "ress", "lad", "girl"),
        category="inclusion",
        severity=Severity.WARNING,
        pattern=_NOUN_PATTERN,
        message='"{text}" is a gendered job word; neutral titles attract applicants of all genders, and '
        "some jurisdictions require them.",
        suggestion="Use a gender-neutral word.",
        replacement=_neutral_noun,
    ),
    # --- vague requirements and jargon ---------------------------------------------------------------
    Rule(
        code="vague_requirement",
        triggers=(
            "rock",
            "ninja",
            "guru",
            "wizard",
            "unicorn",
            "superstar",
            "jedi",
            "superhero",
            "wunderkind",
        ),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?:rock[- ]?stars?|ninjas?|gurus?|wizards?|unicorns?|superstars?|jedis?|superhero(?:es)?|"
            r"wunderkinds?)\b"
        ),
        message='"{text}" is jargon: it says nothing about the job and puts many qualified people off.',
        suggestion='Name the role and its level instead (e.g. "senior backend engineer").',
        replacement=_jargon,
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("communication",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?:excellent|strong|great|good|outstanding|superb|exceptional|effective|solid|first[- ]class|"
            r"top[- ]notch)\s+(?:(?:verbal|written|oral|interpersonal)\s+(?:and|&)\s+"
            r"(?:verbal|written|oral|interpersonal)\s+|verbal\s+|written\s+|oral\s+)?communications?\s+skills\b"
        ),
        message='"{text}" is vague: nearly every ad asks for it, so it tells candidates nothing.',
        suggestion='Say what they will communicate, to whom and how (e.g. "explain technical trade-offs to '
        'non-technical colleagues", "write incident reports").',
        replacement="[name the communication the job needs, e.g. writing specs or presenting to clients]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("player",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(r"\bteam[- ]players?\b"),
        message='"{text}" is vague: it does not say how the team works.',
        suggestion="Describe how people work together (pairing, code review, shared goals, on-call rota).",
        replacement="[describe how the team works, e.g. code review or pair programming]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("starter",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(r"\bself[- ]?starters?\b"),
        message='"{text}" is vague: it does not say what the person will own.',
        suggestion="Say what they will own or decide without close supervision.",
        replacement="[say what you will own without close supervision]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("paced",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?:fast|high)[- ]paced(?:\s+(?:and\s+)?(?:dynamic\s+)?(?:environment|company|team|startup|"
            r"start-up|workplace|setting|culture|world))?"
        ),
        message='"{text}" is vague and can read as "overworked".',
        suggestion="Describe the pace concretely (weekly releases, on-call rota, seasonal peaks).",
        replacement="[describe the pace, e.g. weekly releases]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("hats", "trades"),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(
            r"\bwear(?:ing|s)?\s+(?:many|multiple|lots\s+of|a\s+lot\s+of|several|different)\s+hats\b|"
            r"\bjack\s+of\s+all\s+trades\b"
        ),
        message='"{text}" hides the scope of the job.',
        suggestion="List the areas the role covers.",
        replacement="[list the areas this role covers]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("duties", "tasks"),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(
            r"(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)?(?P<ev>(?:any\s+)?other\s+(?:related\s+|reasonable\s+|"
            r"ad[- ]hoc\s+)?(?:duties|tasks)\s+(?:as\s+)?(?:assigned|required|needed|requested|directed)"
            r"(?:\s+by\s+(?:your|the)\s+(?:manager|supervisor))?)"
        ),
        message='"{text}" hides part of the job; candidates cannot judge what they are signing up for.',
        suggestion="List the actual recurring duties instead.",
        replacement="",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("competitive", "attractive", "excellent", "market", "generous", "salary", "doe"),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(
            r"\b(?:competitive|attractive|excellent|market[- ]rate|generous)\s+(?:base\s+)?(?:salar(?:y|ies)|"
            r"pay|compensation|remuneration|wages?|(?:salary\s+|compensation\s+)?package|rates?)\b"
            r"|\bsalary\s+(?:is\s+)?(?:negotiable|DOE|depending\s+on\s+experience|commensurate\s+with\s+experience)\b"
            r"|\bDOE\b"
        ),
        message='"{text}" without figures: ads that state a salary range get more applicants, and a growing '
        "number of pay-transparency laws require one.",
        suggestion="State the range (salary_min/salary_max or in the text).",
        replacement=SALARY_PLACEHOLDER,
        only_without_salary=True,
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("ground",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(r"\bhit\s+the\s+ground\s+running\b"),
        message='"{text}" is vague and suggests there will be no onboarding.',
        suggestion="Describe what the first weeks look like and what support comes with them.",
        replacement="[describe what the first months look like]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("play",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(r"\bwork\s+hard,?\s+(?:and\s+)?play\s+hard\b"),
        message='"{text}" is a cliche that can read as long hours and an exclusive social scene.',
        suggestion="Remove it; describe working hours and team events concretely.",
        remove_sentence=True,
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("getter",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(r"\bgo[- ]getters?\b"),
        message='"{text}" is vague: it does not say what initiative is expected.',
        suggestion="Describe the initiative you expect (e.g. proposing improvements to the release process).",
        replacement="[describe the initiative you expect]",
        priority=1,
    ),
    Rule(
        code="vague_requirement",
        triggers=("pressure",),
        category="clarity",
        severity=Severity.WARNING,
        pattern=_re(r"\b(?:thrives?|thriving|performs?\s+well|works?|working)\s+under\s+pressure\b"),
        message='"{text}" is vague and can read as chronic overwork.',
        suggestion="Name the real pressure points (deadlines, on-call duty, seasonal peaks).",
        replacement="[describe the deadlines or on-call duties]",
        priority=1,
    ),
)


def find(field: str, text: str, *, salary_disclosed: bool) -> list[Finding]:
    """All rule matches in one field, earlier rules winning where matches overlap."""
    out: list[Finding] = []
    claimed: list[tuple[int, int]] = []
    low = text.lower()
    for rule in RULES:
        if rule.only_without_salary and salary_disclosed:
            continue
        if rule.triggers and not any(t in low for t in rule.triggers):
            continue
        has_ev = "ev" in rule.pattern.groupindex
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if end == start or any(start < e and s < end for s, e in claimed):
                continue
            ev_start, ev_end = m.span("ev") if has_ev else (start, end)
            claimed.append((start, end))
            evidence_text = text[ev_start:ev_end]
            replacement = rule.replacement(m, text) if callable(rule.replacement) else rule.replacement
            edit = None
            if rule.remove_sentence:
                edit = Edit(field, start, end, "", remove_sentence=True, priority=rule.priority)
            elif replacement is not None:
                edit_text = rule.edit_text(m, text) if rule.edit_text else replacement
                edit = Edit(field, start, end, edit_text, priority=rule.priority)
            out.append(
                Finding(
                    code=rule.code,
                    category=rule.category,
                    severity=rule.severity,
                    message=rule.message.format(text=" ".join(evidence_text.split())),
                    evidence=Evidence(field, ev_start, ev_end, evidence_text),
                    suggestion=rule.suggestion,
                    replacement=replacement,
                    edit=edit,
                )
            )
    return out
