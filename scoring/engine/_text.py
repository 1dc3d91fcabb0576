"""Text normalisation, tokenisation, stemming and the protected-attribute filter shared by the engine."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter

# Lines that state a protected attribute (or the name/address/photo that can reveal one).  They are
# removed before *anything* is extracted, so they can never reach a score.  Keys in the first group
# need a separator ("Name: ..."), because the bare words start ordinary sentences ("Address customer
# complaints"); the second group is unambiguous enough on its own.
_PROTECTED_WITH_SEPARATOR = (
    r"name|full name|first name|last name|surname|family name|given names?|address|home address|"
    r"postal address|street|city|location|residence|age|sex|photo|photograph|picture|religion|"
    r"children|dependants|dependents|spouse|race|ethnicity|health|height|weight|passport(?: no\.?| number)?|"
    r"id(?: card)?(?: no\.?| number)?|national id|ssn|social security(?: number)?|citizenship|citizen|"
    r"visa status|blood group|caste|father'?s name|mother'?s name|husband'?s name|wife'?s name|"
    r"place of birth|birth ?place|birthday|born"
)
_PROTECTED_BARE = (
    r"date of birth|d\.?o\.?b\.?|birth date|nationality|gender|marital status|civil status|"
    r"family status|number of children|sexual orientation|religious affiliation|disability status|"
    r"citizen of"
)
_PROTECTED_LINE = re.compile(
    rf"^[\s\-\u2022*\u00b7>|]*(?:(?:{_PROTECTED_WITH_SEPARATOR})\s*[:=\-\u2013\u2014|\t]|"
    rf"(?:{_PROTECTED_BARE})\b)",
    re.IGNORECASE,
)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\],;]+|"
    r"\b(?:linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|behance\.net|"
    r"dribbble\.com|stackoverflow\.com|medium\.com)/[^\s<>\"')\],;]*",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w/])"
)
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-\u2013]\s*(?:19|20)\d\d$")

# Tokens for dictionary matching keep the characters that make skill names distinct: "c++", "c#",
# ".net", "node.js", "r&d".  A leading dot only counts after whitespace or an opening bracket, and an
# inner dot only when a letter or digit follows, so sentence ends stay separate.
SKILL_TOKEN = re.compile(r"(?:(?<![^\s(\[{,;:/])\.)?[^\W_](?:[^\W_]|[+#&']|\.(?=[^\W_]))*")

_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"[ \t\f\v]+")

# English function words plus the filler that every CV and job ad shares; removing them keeps the
# cosine about content.  "Company Name", "City, State" come from anonymised example resumes.
STOP_WORDS = frozenset(
    """
a about above across after afterwards again against all almost alone along already also although always
am among amongst an and another any anyhow anyone anything anyway anywhere are around as at be became
because become becomes becoming been before beforehand behind being below beside besides between beyond
both but by can cannot could did do does doing done down due during each eg either else elsewhere enough
etc even ever every everyone everything everywhere except few for former formerly from further had has
have having he hence her here hereafter hereby herein hers herself him himself his how however i ie if in
inc indeed into is it its itself just last latter least less ltd made many may me meanwhile might mine
more moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone
nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours
ourselves out over own per perhaps please rather re same seem seemed seeming seems several she should
since so some somehow someone something sometime sometimes somewhere still such than that the their
theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this
those though through throughout thru thus to together too toward towards under until up upon us very via
was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
wherever whether which while whither who whoever whole whom whose why will with within without would yet
you your yours yourself yourselves
company name city state
""".split()  # noqa: SIM905 - a word list reads better as text
)


def normalise_text(text: str) -> str:
    """Unicode-normalise CV or job text: NFKC, straight quotes, single spaces, at most one blank line."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text.translate(_TRANSLATE))
    return collapse_blank_lines([line.strip() for line in text.split("\n")])


def collapse_blank_lines(lines: list[str]) -> str:
    """Join lines, dropping leading/trailing blank lines and keeping at most one blank line in a row."""
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# What no store can hold: lone surrogates (a Python str may carry them, e.g. from JSON's "\ud800",
# but UTF-8 cannot encode them) and NUL (PostgreSQL refuses it in text and jsonb).
_UNSTORABLE = {**{chr(c): "" for c in range(0xD800, 0xE000)}, "\x00": " "}
_STORABLE = str.maketrans(_UNSTORABLE)


def storable(text: str) -> str:
    """``text`` without lone surrogates and NUL, the characters that make hashing or storing it raise."""
    return text.translate(_STORABLE)


_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "\u2013",
        "\u2014": "\u2013",
        "\u2015": "\u2013",
        "\u2212": "-",
        "\u00a0": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",
        **{chr(c): " " for c in range(0xE000, 0xF900)},  # private-use glyphs: PDF bullet icons
        **{chr(c): " " for c in (*range(0, 9), 11, 12, *range(14, 32), 127)},
        **_UNSTORABLE,
    }
)


def is_protected_line(line: str) -> bool:
    """True when the line states a protected attribute (date of birth, nationality, gender, ...)."""
    return bool(_PROTECTED_LINE.match(line))


def strip_protected(text: str) -> str:
    """Remove protected-attribute lines from normalised text (idempotent)."""
    return collapse_blank_lines([line for line in text.split("\n") if not is_protected_line(line)])


def _may_have_url(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _URL_MARKERS)


_URL_MARKERS = (
    "http",
    "www.",
    "linkedin.",
    "github.",
    "gitlab.",
    "bitbucket.",
    "behance.",
    "dribbble.",
    "stackoverflow.",
    "medium.",
)


def find_emails(text: str) -> list[str]:
    """E-mail addresses in order of appearance, de-duplicated case-insensitively."""
    if "@" not in text:  # the pattern is slow to fail, so skip texts that cannot match
        return []
    return _dedupe(m.group(0).rstrip(".") for m in _EMAIL.finditer(text))


def find_links(text: str) -> list[str]:
    """URLs and profile links (LinkedIn, GitHub, ...), de-duplicated."""
    if not _may_have_url(text):
        return []
    return _dedupe(m.group(0).rstrip(".,;:") for m in _URL.finditer(text))


def find_phones(text: str) -> list[str]:
    """Phone-number-like digit groups with 8-15 digits that are not year ranges."""
    found = []
    for line in text.split("\n"):
        if sum(ch.isdigit() for ch in line) < 8:
            continue
        for m in _PHONE.finditer(remove_contacts(line)):
            candidate = m.group(0).strip()
            digits = sum(ch.isdigit() for ch in candidate)
            if 8 <= digits <= 15 and not _YEAR_RANGE.match(candidate):
                found.append(candidate)
    return _dedupe(found)


def remove_contacts(text: str) -> str:
    """Blank out e-mails and links so they do not feed the bag of words."""
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    return _URL.sub(" ", text) if _may_have_url(text) else text


def _dedupe(items) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light suffix stemmer: plural, -ing, -ed, -er, final -e ("managed", "manages", "manager" -> "manag")."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_terms(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed word tokens (letters only, at least two characters)."""
    terms = []
    for word in _WORD.findall(remove_contacts(text).lower()):
        if len(word) > 1 and word not in STOP_WORDS:
            terms.append(stem(word))
    return terms


def tf_vector(terms: list[str], *, idf: dict[str, float] | None = None, default_idf: float = 1.0) -> dict:
    """L2-normalised sublinear term-frequency vector (1 + ln tf), optionally weighted by a static IDF."""
    counts = Counter(terms)
    if idf is None:
        vec = {t: 1.0 + math.log(c) for t, c in counts.items()}
    else:
        vec = {t: (1.0 + math.log(c)) * idf.get(t, default_idf) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0.0:
        return {}
    return {t: v / norm for t, v in vec.items()}


def cosine(a: dict, b: dict) -> float:
    """Dot product of two L2-normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def snippet(text: str, start: int, end: int, *, limit: int = 160) -> str:
    """A whitespace-collapsed excerpt of at most ``limit`` characters around text[start:end].

    The excerpt stays on the match's line, borrowing the neighbouring lines only when that line is
    short (PDF extraction often puts one phrase per line), so it reads as one CV statement.
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi == -1 else hi
    if hi - lo < 40:
        lo = text.rfind("\n", 0, max(lo - 1, 0)) + 1 if lo > 0 else 0
        nxt = text.find("\n", hi + 1) if hi < len(text) else -1
        hi = len(text) if hi < len(text) and nxt == -1 else (nxt if nxt != -1 else hi)
    room = max(limit - (end - start) - 2, 0)  # two characters reserved for ellipses
    left = max(start - room // 2, lo)
    right = min(end + room - (start - left), hi)
    left = max(min(left, right - (limit - 2)), lo)
    if left > lo:  # do not start or stop mid-word
        cut = text.find(" ", left, start)
        left = cut + 1 if cut != -1 else left
    if right < hi:
        cut = text.rfind(" ", end, right)
        right = cut if cut > end else right
    body = " ".join(text[left:right].split())
    out = ("\u2026" if left > lo else "") + body + ("\u2026" if right < hi else "")
    return out if len(out) <= limit else out[: limit - 1] + "\u2026"
