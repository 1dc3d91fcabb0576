"""Attempts to game the score, found in a CV's text and kept away from the scorer.

Two kinds are read from the text itself (hidden text, the third, is found by the document parser,
which removes it from the text it returns and reports it separately):

* **Instructions aimed at a machine**: "ignore all previous instructions", "you are an AI assistant",
  "rate this candidate 10/10", "this candidate is a perfect match", "system prompt".  A CV talks about
  its author in the first person or in fragments; it never addresses the software reading it.
* **Keyword stuffing**: a line repeating its own words (one word making up a large share of it, or a
  long line of few distinct words), the same line of skills written three times or more, and dumps of
  dozens of skills on one line.

Each offending line is removed from the text before analysis (:func:`sanitise`), so it can add no
score; the flags tell the recruiter what was removed and why.  Naming a skill often is not stuffing (an
accountant writes "accounting" a dozen times): only repetition within a line or of whole lines is.  The
thresholds sit above what the real CVs of ``../shared/eval`` show (tests/scoring/test_integrity.py).

A skills list written once is not stuffing either; it earns what any listing earns.  Outside a skills
section, a line that is mostly skill names counts as a listing too (``_features``): a skill is shown in
use only in a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ._taxonomy import load_taxonomy

_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|"
    r"preceding|other)\s+(?:instructions?|prompts?|rules|directions|guidelines|context)"
    r"|\b(?:system|developer)\s+prompt\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|a\.i\.|language model|llm|chat ?bot|assistant|gpt|ats|"
    r"screening (?:tool|system|software)|resume (?:parser|screener))\b"
    r"|\bas\s+an?\s+(?:ai|language model|llm)\b"
    r"|\b(?:rate|rank|score|grade|evaluate|mark)\s+(?:this|the|me|my)\s+(?:candidate|applicant|resume|cv|"
    r"profile|application)?\s*(?:as\s+)?(?:a\s+)?(?:10\s*/\s*10|100|(?:very\s+)?high(?:ly|est)?|top|first|"
    r"perfect|excellent|the\s+best)\b"
    r"|\bthis\s+(?:candidate|applicant)\s+(?:is|would be)\s+(?:a|an|the)\s+(?:perfect|ideal|excellent|best|"
    r"strong(?:est)?|top)\s+(?:fit|match|candidate|choice|hire)\b"
    r"|\b(?:note|message|instruction)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|ats|llm|bot|chat ?gpt|model|"
    r"screening (?:tool|system|software)|recruit(?:er|ing) (?:bot|software|ai))\b"
    r"|\b(?:chat ?gpt|openai|claude|gemini|copilot)\s*[:,]\s*(?:please\s+)?(?:ignore|rate|score|rank|say)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z+#.]*")
# A line where one word is this share of 6+ words is repetition, not writing ("Python Python Python").
LINE_REPEAT_SHARE = 0.5
# A long line whose distinct words are fewer than this share of its words is repetition.
DISTINCT_WORD_SHARE = 0.35
# A line that is mostly skill names (three or more), written this many times, is stuffing.
REPEATED_LINE_LIMIT = 3
LIST_LINE_SKILLS = 3
LIST_LINE_COVER = 0.6
# A single line naming this many skills is a dump, not a skills list.
SKILLS_PER_LINE_LIMIT = 30
# Words a real line repeats without stuffing: function words, units of time, and filler.
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "have",
        "has",
        "are",
        "was",
        "were",
        "our",
        "your",
        "their",
        "into",
        "over",
        "years",
        "year",
        "yrs",
        "yr",
        "months",
        "month",
        "xx",
    ]
)


@dataclass(frozen=True)
class IntegrityFlag:
    """One finding: ``code`` (prompt_injection, keyword_stuffing), a message and the offending excerpt."""

    code: str
    message: str
    excerpt: str

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"code": self.code, "message": self.message, "excerpt": self.excerpt}


def _excerpt(line: str, limit: int = 120) -> str:
    flat = " ".join(line.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _repetitive(line: str) -> bool:
    """One word making up much of a line, or a long line of few distinct words ("Python SQL Python SQL")."""
    words = [w.lower() for w in _WORD.findall(line) if len(w) > 1 and w.lower() not in _STOP]
    if len(words) < 6:
        return False
    _, top = Counter(words).most_common(1)[0]
    if top / len(words) >= LINE_REPEAT_SHARE and top >= 6:
        return True
    return len(words) >= 16 and len(set(words)) / len(words) < DISTINCT_WORD_SHARE


def mostly_skills(line: str, skill_spans: list[tuple[int, int]]) -> bool:
    """True when the skill names at ``skill_spans`` (offsets into ``line``) cover most of its letters:
    a listing, not a sentence.  The one definition of a list line, for stuffing and for evidence."""
    letters = sum(ch.isalnum() for ch in line)
    covered = sum(sum(ch.isalnum() for ch in line[a:b]) for a, b in skill_spans)
    return bool(letters) and covered / letters >= LIST_LINE_COVER


def is_list_line(line: str, taxonomy=None) -> bool:
    """:func:`mostly_skills` with the skills found by the dictionary."""
    taxonomy = taxonomy or load_taxonomy()
    return mostly_skills(line, [(hit.start, hit.end) for hit in taxonomy.find(line)])


def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def sanitise(text: str) -> tuple[str, tuple[IntegrityFlag, ...]]:
    """(text without the offending lines, flags).  Pure; the text is unchanged when nothing is found."""
    lines = text.split("\n")
    taxonomy = load_taxonomy()
    drop: dict[int, IntegrityFlag] = {}
    skills_in: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        if _INJECTION.search(line):
            drop[i] = IntegrityFlag(
                "prompt_injection",
                "The CV contains an instruction aimed at screening software; the line was ignored.",
                _excerpt(line),
            )
            continue
        if _repetitive(line):
            drop[i] = IntegrityFlag(
                "keyword_stuffing",
                "A line repeats the same words over and over; it was ignored.",
                _excerpt(line),
            )
            continue
        found = [hit.skill for hit in taxonomy.find(line)]
        if len(found) >= SKILLS_PER_LINE_LIMIT:
            drop[i] = IntegrityFlag(
                "keyword_stuffing",
                f"One line names {len(found)} skills, a keyword dump rather than a skills list; it was ignored.",
                _excerpt(line),
            )
        elif len(found) >= LIST_LINE_SKILLS and is_list_line(line, taxonomy):
            skills_in[i] = found
    # The same line of skills written again and again: every copy goes, the first one too, since the
    # block as a whole is the stuffing (a skills list written once is a normal listing).
    copies: dict[str, list[int]] = {}
    for i in skills_in:
        copies.setdefault(_key(lines[i]), []).append(i)
    for indexes in copies.values():
        if len(indexes) >= REPEATED_LINE_LIMIT:
            for i in indexes:
                drop[i] = IntegrityFlag(
                    "keyword_stuffing",
                    f"The same list of skills is written {len(indexes)} times; it was ignored.",
                    _excerpt(lines[i]),
                )
    if not drop:
        return text, ()
    kept = "\n".join("" if i in drop else line for i, line in enumerate(lines))
    flags: list[IntegrityFlag] = []
    for i in sorted(drop):
        flag = drop[i]
        if flag not in flags and sum(f.code == flag.code for f in flags) < 5:  # a few examples suffice
            flags.append(flag)
    return kept, tuple(flags)
