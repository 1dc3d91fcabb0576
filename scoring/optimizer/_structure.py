"""The layout of a job description: headings, the blocks under them, bullets and sentences, with offsets.

Every piece is a span into the original text (never a normalised copy), so findings can point at
``description[start:end]`` and the rewrite can apply edits in place.  Headings are recognised by
markup ("## Benefits", "**Requirements**"), a trailing colon on a short line ("What you'll do:"), or a
short line that is a known section name on its own ("Responsibilities").  A known label with text after
its colon ("Location: Berlin") is a heading and one item.  Bullets are lines opening with a list marker;
other lines are joined into paragraphs (a line that starts in lower case after a line without final
punctuation continues it, which undoes hard wrapping) and split into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = (
    "intro",
    "responsibilities",
    "requirements",
    "nice_to_have",
    "benefits",
    "salary",
    "location",
    "application",
    "equal_opportunity",
    "other",
)

# Section names, normalised: lower case, straight apostrophes, "&" -> "and".  A heading may join several
# ("Compensation & benefits", "Skills and experience"); every part must be known for a bare line.
_HEADINGS: dict[str, tuple[str, ...]] = {
    "nice_to_have": (
        "nice to have",
        "nice to haves",
        "nice-to-have",
        "nice-to-haves",
        "bonus points",
        "bonus",
        "preferred qualifications",
        "preferred skills",
        "preferred",
        "desirable",
        "desirable skills",
        "desired skills",
        "pluses",
        "plus",
        "it's a plus",
        "good to have",
        "extra credit",
        "even better if",
        "bonus if you have",
    ),
    "responsibilities": (
        "responsibilities",
        "responsibility",
        "duties",
        "accountabilities",
        "what you'll do",
        "what you will do",
        "what you'll be doing",
        "what you will be doing",
        "what you'll work on",
        "what you will work on",
        "what you'll be working on",
        "the role",
        "role",
        "about the role",
        "role overview",
        "position overview",
        "the position",
        "position summary",
        "job summary",
        "about the job",
        "the job",
        "job description",
        "tasks",
        "day to day",
        "day-to-day",
        "a day in the life",
        "your impact",
        "impact",
        "in this role",
        "in this role you will",
        "what the role involves",
        "what the job involves",
        "the opportunity",
    ),
    "requirements": (
        "requirements",
        "requirement",
        "qualifications",
        "qualification",
        "what you'll need",
        "what you need",
        "what you will need",
        "what you bring",
        "what you'll bring",
        "what you will bring",
        "what we're looking for",
        "what we are looking for",
        "who we're looking for",
        "who we are looking for",
        "who you are",
        "about you",
        "you have",
        "you are",
        "you",
        "profile",
        "candidate profile",
        "ideal candidate",
        "the ideal candidate",
        "skills",
        "experience",
        "must have",
        "must haves",
        "must-have",
        "must-haves",
        "essential",
        "essentials",
        "what it takes",
        "what you should have",
        "you should have",
        "to be successful",
        "to succeed in this role",
        "competencies",
        "education",
    ),
    "benefits": (
        "benefits",
        "perks",
        "what we offer",
        "what we offer you",
        "we offer",
        "our offer",
        "why join us",
        "why join",
        "why us",
        "why work with us",
        "why you'll love working here",
        "why you'll love it here",
        "what's in it for you",
        "total rewards",
        "rewards",
        "package",
        "what you get",
        "what you'll get",
    ),
    "salary": (
        "salary",
        "pay",
        "compensation",
        "salary range",
        "pay range",
        "compensation range",
        "remuneration",
        "base salary",
        "rate",
        "hourly rate",
        "day rate",
        "wage",
        "wages",
    ),
    "location": (
        "location",
        "locations",
        "where",
        "where you'll work",
        "where you will work",
        "workplace",
        "work location",
        "office",
        "remote",
        "remote work",
        "remote policy",
        "working model",
        "work model",
        "hybrid",
        "place of work",
    ),
    "intro": (
        "about us",
        "about the company",
        "about the team",
        "the team",
        "team",
        "who we are",
        "company",
        "company overview",
        "our story",
        "mission",
        "about",
        "overview",
        "introduction",
        "summary",
    ),
    "application": (
        "how to apply",
        "to apply",
        "apply",
        "application process",
        "hiring process",
        "interview process",
        "recruitment process",
        "next steps",
        "our process",
    ),
    "equal_opportunity": (
        "equal opportunity",
        "equal opportunity employer",
        "equal opportunities",
        "diversity",
        "inclusion",
        "diversity equity and inclusion",
        "dei",
        "eeo",
        "our commitment",
    ),
}
# Fallback for lines that are clearly headings by markup or a trailing colon but are not a known name
# ("We're looking for someone who has:"): the first keyword found decides.
_HEADING_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nice_to_have", re.compile(r"\bnice\b|\bbonus\b|\bpreferred\b|\bplus(?:es)?\b|\bdesirable\b")),
    ("benefits", re.compile(r"\bbenefits?\b|\bperks\b|\boffer\b|\bwhy join\b")),
    ("salary", re.compile(r"\bsalary\b|\bpay\b|\bcompensation\b|\bremuneration\b")),
    (
        "responsibilities",
        re.compile(
            r"responsib|\bduties\b|\btasks\b|\byou(?:'ll| will) (?:do|be doing)\b|\bday[- ]to[- ]day\b"
        ),
    ),
    (
        "requirements",
        re.compile(
            r"requir|qualif|looking for|\bmust\b|\bneed\b|\bbring\b|\bskills\b|\bexperience\b|\byou have\b|about you|\bprofile\b"
        ),
    ),
    ("location", re.compile(r"\blocation\b|\bremote\b|\bwhere\b|\bhybrid\b")),
    ("application", re.compile(r"\bapply\b|\bapplication\b|\bprocess\b")),
    ("intro", re.compile(r"\babout us\b|\bcompany\b|\bteam\b|\bwho we are\b")),
)
_HEADING_KIND = {phrase: kind for kind, phrases in _HEADINGS.items() for phrase in phrases}
# Words that may open a heading without changing its meaning ("Key responsibilities", "Your profile").
_MODIFIERS = frozenset(
    """
key main core primary your our the job role additional general required minimum basic important
typical daily technical essential
""".split()  # noqa: SIM905 - a word list reads better as text
)
_PART_SPLIT = re.compile(r"\s*(?:,|/|\+|\band\b)\s*")
_BULLET = re.compile(
    r"^[ \t]*(?:[-*\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u2713\u2714\u27a2\u27a4\u2192>]|\d{1,2}[.)])[ \t]+"
)
_ABBREVIATIONS = frozenset(
    """
e.g i.e etc approx inc ltd co corp dr mr mrs ms prof vs no st jr sr dept incl min max est
""".split()  # noqa: SIM905 - a word list reads better as text
)
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"\u201d\u2019')\]]*\s+")
_TERMINAL = (".", "!", "?", ":", ";")
# "Location: Berlin", "**Salary:** EUR 50k", "### Benefits: pension": a label, a colon, then a value
# with at least one letter or digit (so "**Requirements:**" is a plain heading).
_INLINE_LABEL = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?([^:\n#*_]{1,40}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*"
    r"(?=[^\n]*\w)(\S.*)$"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """A bullet, or a sentence of a paragraph, in the block ``block`` (index into ``Structure.blocks``)."""

    start: int
    end: int
    block: int
    bullet: bool


@dataclass(frozen=True)
class Block:
    """The lines under one heading (or before the first one, ``kinds == ("intro",)`` with no heading)."""

    kinds: tuple[str, ...]
    heading: Span | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Structure:
    text: str
    blocks: tuple[Block, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for block in self.blocks for item in block.items)

    @property
    def headings(self) -> tuple[Span, ...]:
        return tuple(block.heading for block in self.blocks if block.heading is not None)

    def text_of(self, span: Item | Span) -> str:
        return self.text[span.start : span.end]

    def kinds_of(self, item: Item) -> tuple[str, ...]:
        return self.blocks[item.block].kinds

    def items_of(self, kind: str) -> tuple[Item, ...]:
        return tuple(item for block in self.blocks if kind in block.kinds for item in block.items)

    def has_block(self, kind: str) -> bool:
        return any(kind in block.kinds for block in self.blocks)

    def sentences(self) -> tuple[Span, ...]:
        """Sentences for readability: paragraph sentences, and each bullet split into its sentences."""
        out: list[Span] = []
        for item in self.items:
            if item.bullet:
                out.extend(split_sentences(self.text, item.start, item.end))
            else:
                out.append(Span(item.start, item.end))
        return tuple(out)


def _normalise_heading(label: str) -> str:
    label = label.replace("\u2019", "'").replace("&", " and ").lower()
    label = re.sub(r"[^\w' +/,-]", " ", label)
    return " ".join(label.split()).strip(" -")


def _part_kind(part: str) -> str | None:
    if part in _HEADING_KIND:
        return _HEADING_KIND[part]
    words = part.split()
    while words and words[0] in _MODIFIERS:
        words = words[1:]
        if " ".join(words) in _HEADING_KIND:
            return _HEADING_KIND[" ".join(words)]
    return None


def classify_heading(label: str, *, strict: bool) -> tuple[str, ...] | None:
    """Section kinds named by a heading label, in order; None when ``strict`` and a part is unknown.

    Not strict (the line has heading markup), unknown labels give ``("other",)``.
    """
    norm = _normalise_heading(label)
    if not norm:
        return None
    kinds: list[str] = []
    for part in (p for p in _PART_SPLIT.split(norm) if p):
        kind = _part_kind(part)
        if kind is None:
            if strict:
                return None
            continue
        if kind not in kinds:
            kinds.append(kind)
    if not kinds and not strict:
        kinds = [next((kind for kind, pattern in _HEADING_KEYWORDS if pattern.search(norm)), "other")]
    return tuple(kinds) or None


def _strip_markup(line: str) -> tuple[int, int, bool]:
    """Offsets of a line's label inside heading markup, and whether markup was present."""
    start, end = 0, len(line)
    while start < end and line[start] in " \t":
        start += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    markup = False
    if line.startswith("#", start):
        markup = True
        while start < end and line[start] == "#":
            start += 1
    for mark in ("**", "__"):
        if line.startswith(mark, start) and line.endswith(mark, 0, end) and end - start > 4:
            markup = True
            start += 2
            end -= 2
        elif line.startswith(mark, start) and line.endswith(mark + ":", 0, end) and end - start > 5:
            markup = True
            start += 2
            end -= 3
    while start < end and line[start] in " \t*_":
        start += 1
    while end > start and line[end - 1] in " \t*_:":
        end -= 1
    return start, end, markup


def _heading(line: str) -> tuple[tuple[str, ...], Span, Span | None] | None:
    """(kinds, label span, value span) for a heading line, relative to the line; None otherwise."""
    if not line.strip() or _BULLET.match(line):
        return None
    start, end, markup = _strip_markup(line)
    label = line[start:end]
    stripped = line.rstrip()
    words = label.split()
    if not words:
        return None
    colon_inline = _INLINE_LABEL.match(line)
    if colon_inline and not stripped.endswith(":"):
        kinds = classify_heading(colon_inline.group(1), strict=True)
        if kinds and len(colon_inline.group(1).split()) <= 5:
            value_start = colon_inline.start(2)
            value_end = len(line.rstrip())
            return kinds, Span(colon_inline.start(1), colon_inline.end(1)), Span(value_start, value_end)
        return None
    if markup and len(words) <= 10:
        return classify_heading(label, strict=False) or ("other",), Span(start, end), None
    if stripped.endswith(":") and len(words) <= 8:
        return classify_heading(label, strict=False) or ("other",), Span(start, end), None
    if len(words) <= 6 and not stripped.endswith((".", "!", "?", ",", ";")):
        kinds = classify_heading(label, strict=True)
        if kinds:
            return kinds, Span(start, end), None
    return None


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans of ``text[start:end]``, trimmed; abbreviations ("e.g.", "Inc.") do not end one."""
    spans: list[Span] = []
    cursor = start
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        nxt = text[m.end() : m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"\u201c([\u2018'"):
            continue
        word = re.search(r"([\w.]+)$", text[cursor : m.start()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        spans.append(Span(cursor, m.end()))
        cursor = m.end()
    spans.append(Span(cursor, end))
    return [s for s in (_trim(text, sp.start, sp.end) for sp in spans) if s is not None]


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def parse_structure(text: str) -> Structure:
    """Split a description into blocks of items (see the module docstring)."""
    blocks: list[Block] = []
    kinds: tuple[str, ...] = ("intro",)
    heading: Span | None = None
    items: list[Item] = []
    paragraph: list[int] = []  # [start, end] of the open paragraph
    outer: tuple[str, ...] = kinds  # the kinds of the last multi-line section
    last_line = ""

    def close_paragraph() -> None:
        if paragraph:
            for span in split_sentences(text, paragraph[0], paragraph[1]):
                items.append(Item(span.start, span.end, len(blocks), bullet=False))
            paragraph.clear()

    def close_block() -> None:
        close_paragraph()
        if items or heading is not None:
            blocks.append(Block(kinds, heading, tuple(items)))
        items.clear()

    offset = 0
    for raw in text.splitlines(keepends=True):
        line_start = offset
        offset += len(raw)
        line = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        if not line.strip():
            close_paragraph()
            last_line = ""
            continue
        head = _heading(line)
        if head is not None:
            close_block()
            kinds, label, value = head
            heading = Span(line_start + label.start, line_start + label.end)
            if value is None:
                outer = kinds
            else:
                # A one-line section: its value is the only item, then the enclosing section resumes.
                span = _trim(text, line_start + value.start, line_start + value.end)
                if span:
                    items.append(Item(span.start, span.end, len(blocks), bullet=True))
                close_block()
                kinds, heading = outer, None
            last_line = ""
            continue
        bullet = _BULLET.match(line)
        if bullet:
            close_paragraph()
            span = _trim(text, line_start + bullet.end(), line_start + len(line))
            if span:
                items.append(Item(span.start, span.end, len(blocks), bullet=True))
            last_line = line
            continue
        continues_bullet = (
            items
            and items[-1].bullet
            and last_line
            and line[:1] in " \t"
            and not last_line.rstrip().endswith(_TERMINAL)
        )
        if continues_bullet:
            prev = items.pop()
            items.append(Item(prev.start, line_start + len(line.rstrip()), prev.block, bullet=True))
        elif (
            paragraph
            and last_line
            and not last_line.rstrip().endswith(_TERMINAL)
            and line.lstrip()[:1].islower()
        ):
            paragraph[1] = line_start + len(line)
        else:
            close_paragraph()
            paragraph.extend([line_start, line_start + len(line)])
        last_line = line
    close_block()
    return Structure(text, tuple(blocks))
