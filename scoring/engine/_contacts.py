"""Contact details and identity lines: phones (E.164), typed links, the candidate's name and location.

None of this ever feeds a score.  The name line and the location are found here so that the analysis
can keep them *out* of scoring (see ``_cv.analyse_cv``); phones and links are only reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ._dates import DATE_RANGE
from ._places import find_places, is_only_place, looks_like_place
from ._text import find_links
from ._vectors import is_common_word

# --- phones ------------------------------------------------------------------------------------------
# A run of digits with the separators people use: spaces, dots, dashes, slashes ("030/1234567"),
# brackets ("+49 (0)30 ...", "(415) 555-0123").  Tabs and newlines end a candidate.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+/.\-])(?:\+|00)?\(?\d[\d ().\-/]{5,24}\d\)?(?![\w/])")
# A line that says it holds a phone number; elsewhere only international numbers are believed.
_PHONE_LABEL = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mob|cell|cellphone|ph|whatsapp|contact|fax)\b|(?:^|[\s|])[TMP]\s?:",
    re.IGNORECASE,
)
# ... and a line that names another kind of number ("ID Details: 8209030804081").
_ID_LABEL = re.compile(
    r"\b(?:id|identification|ssn|passport|licen[cs]e|account|iban|reference|ref|invoice|order|patent|isbn|"
    r"registration|reg)\b",
    re.IGNORECASE,
)
_SEVEN_DIGITS = re.compile(r"(?:\d\D{0,3}){7}")
# Dates that a permissive phone pattern would swallow: "03/2016", "12.03.1988", "2015 - 2019".
_DATE_LIKE = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:19|20)\d\d(?!\d)|"
    r"(?<!\d)(?:0?[1-9]|1[0-2])\s?[/.]\s?(?:19|20)\d\d(?!\d)|"
    r"(?<!\d)(?:19|20)\d\d\s?[/.]\s?(?:0?[1-9]|1[0-2])(?!\d)|"  # 2017/04
    r"(?<!\d)(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/\d\d(?!\d)|"  # 02/03/12
    r"(?<!\d)(?:19|20)\d\d(?:19|20)\d\d(?!\d)"  # 20162017: two years run together
)


def _only_years(candidate: str) -> bool:
    """True for digit groups that are all years: "2015 2016", "2026) (2024"."""
    groups = re.findall(r"\d+", candidate)
    return all(len(g) == 4 and g[:2] in ("19", "20") for g in groups)


# Regions tried, in this order, for a national-format number when the CV gives no hint of a country.
DEFAULT_REGIONS = ("US", "GB", "IN", "DE", "FR", "NL", "ES")
# Company legal forms that only exist in one of the regions tried by default, keyed by
# _legal_form_key: the pattern allows optional dots and spaces ("Pvt Ltd.", "Pvt. Ltd"), so the key
# drops both, or a spelling the pattern accepts would miss the table.
_LEGAL_FORM_REGION = {
    "gmbh": "DE",
    "sarl": "FR",
    "plc": "GB",
    "llc": "US",
    "pvtltd": "IN",
    "bv": "NL",
    "sl": "ES",
}
_LEGAL_FORM = re.compile(r"(?<=[a-z] )(GmbH|SARL|S\.A\.R\.L\.|plc|LLC|Pvt\.? Ltd\.?|B\.V\.|S\.L\.)(?![\w.])")


def _legal_form_key(form: str) -> str:
    """The table key of a legal form as written: lower case, without dots or spaces."""
    return re.sub(r"[\s.]", "", form).lower()


# E-mail country-code domains that hint at the phone region (".co.uk" ends in "uk").
_TLD_REGION = {"de": "DE", "fr": "FR", "uk": "GB", "in": "IN", "nl": "NL", "es": "ES", "us": "US"}


def _plausible(raw: str) -> str | None:
    """The phone-like string cleaned up, or None when it cannot be a phone number (too few or too many
    digits, or a date: "03/2016 - 05/2020" is a valid German number, and a date)."""
    candidate = raw.strip(" .-/")
    if candidate.count("(") != candidate.count(")"):
        candidate = candidate.strip("()")
    if not 7 <= sum(ch.isdigit() for ch in candidate) <= 15:
        return None
    if DATE_RANGE.search(candidate) or _DATE_LIKE.search(candidate) or _only_years(candidate):
        return None
    return candidate


# How people group national numbers in each region: a clue when the CV names no place.
_FORMAT_REGIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^0[1-9](?:[ .]\d\d){4}$"), "FR"),  # 01 23 45 67 89
    (re.compile(r"^[6789]\d\d(?: \d\d\d){2}$|^[6789]\d\d(?: \d\d){3}$|^9\d \d{3} \d\d \d\d$"), "ES"),
    (re.compile(r"^\(\d{3}\) ?\d{3}-\d{4}$|^[2-9]\d\d([.-])\d{3}\1\d{4}$"), "US"),  # (415) 555-0123
    (re.compile(r"^0?[6-9]\d{4} \d{5}$|^[6-9]\d{9}$"), "IN"),  # 98765 43210
    (re.compile(r"^06[- ]?\d{4} ?\d{4}$|^0[1-9]\d \d{3} \d{4}$"), "NL"),  # 06-12345678, 020 123 4567
    (re.compile(r"^07\d{3} \d{6}$|^0\d{2} \d{4} \d{4}$|^0\d{3} \d{3} \d{4}$"), "GB"),  # 020 7946 0123
    (re.compile(r"^0\d{2,4}(?: ?/ ?| )\d{5,8}$"), "DE"),  # 030 12345678, 030/1234567
)


def _hint_tiers(text: str, *, location: str | None, emails: list[str]) -> tuple[list[str], list[str]]:
    """(strong, weak) region hints: strong = the location line, country codes of international numbers
    in the CV, e-mail country domains; weak = places named anywhere (most often first), then
    employers' legal forms."""
    strong: list[str] = []
    if location:
        strong += [region for _, region, _ in find_places(location)]
    for m in re.finditer(r"(?:\+|\b00)(\d{1,3})[\s(]", text):
        region = phonenumbers.region_code_for_country_code(int(m.group(1)))
        if region and region != "ZZ":
            strong.append(region)
    for email in emails:
        tld = email.rsplit(".", 1)[-1].lower()
        if tld in _TLD_REGION:
            strong.append(_TLD_REGION[tld])
    counts: dict[str, int] = {}
    for _, region, _ in find_places(text):
        counts[region] = counts.get(region, 0) + 1
    weak = sorted(counts, key=lambda r: -counts[r])
    # Employers' legal forms come last: "GmbH" says the CV is German when it names no place at all.
    forms: dict[str, int] = {}
    for m in _LEGAL_FORM.finditer(text):
        region = _LEGAL_FORM_REGION[_legal_form_key(m.group(1))]
        forms[region] = forms.get(region, 0) + 1
    weak += sorted(forms, key=lambda r: -forms[r])
    return list(dict.fromkeys(strong)), list(dict.fromkeys(weak))


def region_hints(text: str, *, location: str | None, emails: list[str]) -> list[str]:
    """Likely phone regions, best first: the location line, country codes of international numbers in
    the CV, e-mail country domains, then places named anywhere and employers' legal forms."""
    strong, weak = _hint_tiers(text, location=location, emails=emails)
    return list(dict.fromkeys(strong + weak))


def _regions_for(candidate: str, strong: list[str], weak: list[str]) -> list[str]:
    """Regions to try for one national number: strong hints, the digit grouping, weak hints, defaults."""
    fmt = [region for pattern, region in _FORMAT_REGIONS if pattern.match(candidate)]
    return list(dict.fromkeys([*strong, *fmt, *weak, *DEFAULT_REGIONS]))


def find_phones(
    text: str,
    *,
    location: str | None = None,
    emails: list[str] | None = None,
    contact_lines: frozenset[int] | None = None,
) -> list[str]:
    """Valid phone numbers in E.164 ("+4930555012345"), in order of appearance, de-duplicated.

    International numbers ("+49 ...", "0049 ...") are read as written; national ones ("030 5550123",
    "(415) 555-0123") in the first region where they are valid, trying in turn: the location line, the
    country codes of other numbers and the e-mail domain; the way the digits are grouped ("01 23 45 67
    89" is French); places named anywhere and employers' legal forms; then :data:`DEFAULT_REGIONS`.  A number that a PDF wrapped onto the next line ("+91 71096" / "76857") is
    joined again.  Dates, year lists and anything ``phonenumbers`` does not consider a valid number are
    skipped.

    ``contact_lines`` (line indices: the header and contact sections) limits where a national number
    is believed, unless its line says "Phone", "Tel", "Mobile"...: in the body of a CV such digit runs
    are IDs, course codes, patents or dates.  None means everywhere.
    """
    tiers: list[tuple[list[str], list[str]]] = []

    def read(candidate: str | None) -> str | None:
        if candidate is None:
            return None
        if candidate.startswith(("+", "00")):
            number = _parse("+" + candidate[2:] if candidate.startswith("00") else candidate, None)
        else:
            if not tiers:  # only worked out when a national number needs it
                tiers.append(_hint_tiers(text, location=location, emails=emails or []))
            regions = _regions_for(candidate, *tiers[0])
            number = next((n for r in regions if (n := _parse(candidate, r)) is not None), None)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None

    found: list[str] = []
    if not _PHONE_CANDIDATE.search(text):
        return found
    lines = text.split("\n")
    skip = 0  # characters at the start of this line already read as the end of a wrapped number
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        wrapped = line[-1:].isdigit() and nxt[:1].isdigit()
        joined = f"{line} {nxt}" if wrapped else line
        consumed = 0
        if _SEVEN_DIGITS.search(joined):
            national_ok = (
                contact_lines is None or k in contact_lines or bool(_PHONE_LABEL.search(line))
            ) and not (_ID_LABEL.search(line) and not _PHONE_LABEL.search(line))
            for m in _PHONE_CANDIDATE.finditer(joined):
                if m.start() < skip:
                    continue
                if m.start() >= len(line):
                    break  # the next line's own numbers are read with that line
                if not national_ok and not m.group(0).startswith(("+", "00")):
                    continue
                # The line's own digits first; joined with the next line only when they are no number.
                number = read(_plausible(line[m.start() : min(m.end(), len(line))]))
                if number is None and m.end() > len(line):
                    number = read(_plausible(m.group(0)))
                    if number:
                        consumed = m.end() - len(line) - 1
                if number and number not in found:
                    found.append(number)
        skip = consumed
    return found


def _parse(candidate: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(raw: str, *, regions: tuple[str, ...] = DEFAULT_REGIONS) -> str | None:
    """E.164 form of one phone number as written, or None when it is not a valid number."""
    candidate = raw.strip()
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    if candidate.startswith("+"):
        number = _parse(candidate, None)
    else:
        number = next((n for r in regions if (n := _parse(candidate, r)) is not None), None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None


_CONTACT_LABEL = re.compile(
    r"\b(?:e-?mail|mail|phone|mobile|mob|cell|tel(?:ephone)?|fax|linkedin|github|gitlab|website|web|portfolio|"
    r"skype|whatsapp|contact|[ETMP])\b\s*[:.]?",
    re.IGNORECASE,
)
_EMAIL_OR_URL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}|(?:https?://|www\.)\S+|"
    r"\b(?:linkedin|github|gitlab|behance|dribbble)\.com/\S*",
    re.IGNORECASE,
)


def contact_spans(line: str) -> list[tuple[int, int]]:
    """Spans of contact details in a header line: e-mails, links, phone numbers, and their labels
    ("Email:", "LinkedIn:") when the line holds contact details or nothing but labels.  They are blanked
    for scoring: "LinkedIn: linkedin.com/in/x" is a profile link, not the LinkedIn skill."""
    spans = [m.span() for m in _EMAIL_OR_URL.finditer(line)]
    if sum(ch.isdigit() for ch in line) >= 7:
        spans += [
            m.span() for m in _PHONE_CANDIDATE.finditer(line) if sum(c.isdigit() for c in m.group(0)) >= 7
        ]
    labels = [m.span() for m in _CONTACT_LABEL.finditer(line)]
    rest = _CONTACT_LABEL.sub("", line)
    if spans or (labels and not re.search(r"[^\W\d_]", re.sub(r"[|\u2022\u00b7,;/]", "", rest))):
        spans += labels
    return sorted(spans)


# --- links -------------------------------------------------------------------------------------------
LINK_KINDS = ("linkedin", "github", "website", "other")
_OTHER_HOSTS = (
    "gitlab.",
    "bitbucket.",
    "behance.",
    "dribbble.",
    "stackoverflow.",
    "medium.",
    "twitter.",
    "x.com",
    "kaggle.",
    "xing.",
)


@dataclass(frozen=True)
class Link:
    """A URL from the CV and what it points to: ``linkedin``, ``github``, ``website`` or ``other``."""

    kind: str
    url: str


def classify_link(url: str) -> Link:
    """Typed link with a scheme ("linkedin.com/in/x" -> https://linkedin.com/in/x, kind linkedin).

    ``other`` is a known profile host that is neither LinkedIn nor GitHub (GitLab, Behance, ...);
    ``website`` is anything else (a personal site or portfolio).
    """
    url = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "https://" + url
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE).split("/", 1)[0].lower()
    host = host.removeprefix("www.")
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return Link("linkedin", url)
    if host == "github.com" or host.endswith(".github.com"):
        return Link("github", url)
    if any(host.startswith(other) or f".{other}" in host for other in _OTHER_HOSTS):
        return Link("other", url)
    return Link("website", url)


def typed_links(text: str) -> list[Link]:
    """Every URL in ``text`` as a :class:`Link`, de-duplicated after adding the scheme."""
    out: list[Link] = []
    seen: set[str] = set()
    for url in find_links(text):
        link = classify_link(url)
        if link.url.lower() not in seen:
            seen.add(link.url.lower())
            out.append(link)
    return out


# --- name --------------------------------------------------------------------------------------------
# Nouns that make a phrase a job title ("Senior Data Analyst", "Head of People").  Job words that are
# also common surnames (Cook, Page, Carpenter, Driver, Mason, Baker) are left out on purpose.
# fmt: off
JOB_WORDS = frozenset("""
engineer developer manager analyst director assistant specialist consultant coordinator officer nurse
teacher accountant designer architect administrator representative executive supervisor technician
scientist intern lead head associate clerk agent advisor adviser auditor controller recruiter partner
president founder owner chef operator therapist instructor professor lecturer tutor writer editor
programmer trainer attendant cashier receptionist secretary planner buyer estimator foreman electrician
plumber welder mechanic pilot pharmacist physician paralegal attorney lawyer bookkeeper strategist
marketer student graduate volunteer expert practitioner educator counselor counsellor surveyor inspector
superintendent worker labourer laborer apprentice trainee researcher freelancer contractor principal
""".split())  # noqa: SIM905 - a word list reads better as text
# Further words that make a header line something other than a person's name: seniority, domains, and
# headings the section list does not know ("Career Focus").
TITLE_WORDS = JOB_WORDS - {"head"} | frozenset("""
senior junior staff vice professional resume curriculum vitae cv profile summary contact page portfolio
objective personal details information experience education skills references sales marketing finance
software data nursing healthcare hr human resources teaching construction design full stack backend
frontend devops product project operations customer service career overview focus core strength
strengths highlights accomplishments achievements qualifications background history statement about
competencies leader leadership risk expertise interests activities awards certifications languages
projects training work employment areas key relevant technical additional selected development
engineering management contacts dev position positions sergeant fellow asst dept
""".split())  # noqa: SIM905 - a word list reads better as text
# fmt: on
_NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "al",
        "el",
        "ten",
        "ter",
        "dos",
        "das",
        "y",
    ]
)
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'.\-]*(?:['\-][^\W\d_]+)*\.?)$")
_CV_TITLE = re.compile(
    r"^(?:curriculum\s+vitae|resume|r\u00e9sum\u00e9|cv|c\.v\.|lebenslauf)\s*(?:[:\-\u2013]\s*)?$",
    re.IGNORECASE,
)
_SEGMENT_SPLIT = re.compile(r"\s*(?:[|\u2022\u00b7;]|\s{2,}|\t)\s*")
_CREDENTIALS = re.compile(r",\s*(?:[A-Z][A-Za-z.]{1,6}(?:,\s*|\s+)?){1,3}$")
_NAME_LABEL = re.compile(r"^(?:full\s+)?name\s*[:=\-\u2013|]\s*(.+)$", re.IGNORECASE)


def name_like(text: str) -> bool:
    """True when ``text`` reads as a person's name: 2-5 capitalised words, no digits, no job words."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or len(text) > 50:
        return False
    letters = 0
    for token in tokens:
        if not _NAME_TOKEN.match(token):
            return False
        if token.lower() in _NAME_PARTICLES:
            continue
        if not token[0].isupper() or token.lower().strip(".") in TITLE_WORDS:
            return False
        letters += len(token.strip(".")) >= 2
    if letters < 2 or is_only_place(text):
        return False
    # A line made only of ordinary occupational words is a job title ("DIGITAL PRODUCER", "PATIENT
    # ADVOCATE"); given names rarely are (0.3% of common US first x last name pairs are both).
    words = [w for w in re.split(r"[\s\-]+", text) if len(w.strip(".")) >= 2]
    return not all(is_common_word(w.strip(".")) for w in words)


def name_in_line(line: str) -> str | None:
    """The name in a header line ("Jane Roe", "JANE ROE | jane@example.org", "Jane Roe, MBA"), or None."""
    first = _SEGMENT_SPLIT.split(line.strip(), maxsplit=1)[0].strip()
    first = _CREDENTIALS.sub("", first).strip(" ,")
    return first if name_like(first) else None


def name_from_label(lines: list[str]) -> str | None:
    """The value of a "Name: ..." line near the top (such lines are protected and stripped for scoring)."""
    for line in lines[:30]:
        m = _NAME_LABEL.match(line.strip())
        if m and name_like(m.group(1).strip()):
            return m.group(1).strip()
    return None


def is_cv_title(line: str) -> bool:
    """True for document titles like "Curriculum Vitae" or "Resume"."""
    return bool(_CV_TITLE.match(line.strip()))


# --- location ----------------------------------------------------------------------------------------
_LOCATION_LABEL = re.compile(
    r"^(?:location|address|home address|based in|city|residence|current location|lives in)\s*[:\-\u2013]?\s*",
    re.IGNORECASE,
)
_LABELLED_LOCATION = re.compile(
    r"^[\s\-\u2022*]*(?:location|address|home address|postal address|city|residence|current location)\s*"
    r"[:=\-\u2013|]\s*(.+)$",
    re.IGNORECASE,
)
_PLACE_PARTICLES = frozenset("am an der de del la le los las upon on of the and y i im".split())  # noqa: SIM905
# Labels before a place: "Place of Residence: Ashdod", "E-mail: Residence: Rehovot", "\u2302: Rishon LeZion".
_LABEL_PREFIX = re.compile(
    r"^(?:[^\w\s]+|.{0,24}?\b(?:location|address|residence|city|town|based in|lives in|home))\s*:\s*",
    re.IGNORECASE,
)
_NEXT_LABEL = re.compile(r"\s+[A-Za-z][\w-]*(?: [a-z][\w-]*){0,2}\s*:.*$")  # "Cell:", "Date of birth:"
_PHONE_RUN = re.compile(r"(?:\d[\s().\-/]{0,2}){7}")
_URL_OR_MAIL = re.compile(r"@|https?://|www\.|\.com/|linkedin|github", re.IGNORECASE)


def location_in_line(line: str) -> tuple[int, int] | None:
    """(start, end) of a location segment in a header line ("Berlin, Germany", "Austin, TX 78701",
    "12 Example Street, 10115 Berlin"), or None.  Every comma-part must be short and free of job
    words, so "Nurse at Example Clinic, London" is not a location."""
    pos = 0
    for piece in _SEGMENT_SPLIT.split(line):
        start = line.find(piece, pos)
        pos = start + len(piece)
        seg = piece.strip()
        label = _LOCATION_LABEL.match(seg) or _LABEL_PREFIX.match(seg)
        if label:
            start += label.end()
            seg = seg[label.end() :]
        seg = _NEXT_LABEL.sub("", seg)  # "Haifa Cell:", "Holon Languages: Hebrew, English"
        whole_or_contact = (
            bool(label) or seg == line.strip() or bool(_URL_OR_MAIL.search(line) or _PHONE_RUN.search(line))
        )
        if not seg or _URL_OR_MAIL.search(seg) or _PHONE_RUN.search(seg):
            continue
        parts = [p.strip() for p in seg.split(",")]
        if len(seg.split()) > 8 or any(len(p.split()) > 4 for p in parts):
            continue
        words = {w.lower().strip(".,;:()") for w in seg.split()}
        if words & TITLE_WORDS:
            continue
        # A place no list knows ("Smalltown, Nowhereland") only alone on its line or beside contact
        # details: in a line of tools, "DigitalOcean, Heroku" is no place.
        if not looks_like_place(seg) and not (whole_or_contact and _unlisted_place(seg)):
            continue
        # Addresses are capitalised words and numbers; a lower-case word means a sentence ("major U.S.
        # cities") unless it is a small connecting word ("Frankfurt am Main", "Stratford-upon-Avon").
        if any(w[0].islower() and w not in _PLACE_PARTICLES for w in re.findall(r"[^\W\d_][\w'-]*", seg)):
            continue
        lead = len(seg) - len(seg.lstrip(" -\u2013\u2022*"))
        return start + lead, start + len(seg.rstrip(" ,.;"))
    return None


# "Smalltown, Nowhereland": capitalised words, one comma.  Read as a place only in the header, only
# when it names no skill ("Python, Django") and is not a person's name.
_CAPITALISED_PAIR = re.compile(
    r"^[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2}, [A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2}$"
)


def _unlisted_place(segment: str) -> bool:
    if not _CAPITALISED_PAIR.match(segment):
        return False
    from ._taxonomy import load_taxonomy  # imported here: the taxonomy is not needed for most lines

    words = re.findall(r"[^\W\d_]+", segment)
    if any(is_common_word(w) for w in words):  # "Vault, Application Insights" is a product list
        return False
    return not load_taxonomy().find(segment) and not name_like(segment.split(",")[0])


def location_from_label(lines: list[str]) -> str | None:
    """The value of an "Address: ..." / "Location: ..." line (protected, so absent from scoring text)."""
    for line in lines[:40]:
        m = _LABELLED_LOCATION.match(line)
        # The label says it is a place: any short value without contact details is taken.
        value = _NEXT_LABEL.sub("", m.group(1)) if m else ""
        if value.strip() and len(value.split()) <= 10 and not _URL_OR_MAIL.search(value):
            return value.strip().rstrip(" ,.;")
    return None
