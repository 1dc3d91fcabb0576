"""Job-title normalisation: any title ("Sr. Staff Accountant II", "ACCOUNTANT") to O*NET occupations.

``data/titles.json`` (built by ``build_taxonomy``) maps ~60,000 normalised titles from O*NET's
occupation titles, alternate titles and sample reported titles to their O*NET-SOC codes.  A title is
normalised (lower case, "&" -> "and", punctuation and seniority or level words such as "senior", "ii",
"lead" dropped), then looked up whole; failing that, the longest run of its words that is a known title
wins ("certified staff accountant" -> "staff accountant").  A title naming two roles
("HR Administrator/Marketing Associate") is read as both.

Two titles are compared through their codes along the SOC hierarchy: the same occupation scores 1.0,
the same detailed occupation (XX-XXXX) 0.9, broad group (XX-XXX) 0.75, minor group (XX-XX) 0.5,
major group (XX) 0.2, else 0; ambiguous titles take their best pair.  The match is explainable
("Staff Accountant" -> 13-2011.00, the job's occupation) and does not depend on wording alone.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

TITLES_FILE = Path(__file__).with_name("data") / "titles.json"
_SPLIT = re.compile(r"\s*(?:/|\||;|,|\band\/or\b|\s-\s|\s\u2013\s)\s*")
_WORD = re.compile(r"[a-z0-9+#]+")
# Words that say how senior or which grade, not what the job is.
LEVEL_WORDS = frozenset(
    [
        "senior",
        "sr",
        "jr",
        "junior",
        "lead",
        "principal",
        "chief",
        "head",
        "staff",
        "associate",
        "assistant",
        "trainee",
        "intern",
        "entry",
        "level",
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "1",
        "2",
        "3",
        "4",
        "5",
        "mid",
        "experienced",
        "graduate",
        "apprentice",
    ]
)
# "staff" and "associate" and "assistant" are part of many real titles ("Staff Accountant", "Medical
# Assistant"): they are dropped only when the title without them is known and the title with them is not.
_SOFT_LEVEL = frozenset({"staff", "associate", "assistant", "chief", "head", "lead", "principal"})
MAX_WORDS = 8


def normalise_title(title: str) -> tuple[str, ...]:
    """Lower-case words of a title, "&" read as "and", possessives and punctuation removed."""
    text = title.lower().replace("&", " and ").replace("'s", "")
    return tuple(_WORD.findall(text))[: MAX_WORDS * 2]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def title_key(words: tuple[str, ...]) -> str:
    """Lookup key of normalised words: singular forms, joined by spaces."""
    return " ".join(_singular(w) for w in words)


@functools.cache
def _index() -> tuple[dict[str, tuple[int, ...]], tuple[str, ...], tuple[str, ...]]:
    """(title key -> occupation indexes, occupation codes, occupation titles)."""
    with TITLES_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    codes = tuple(data["codes"])
    names = tuple(data["names"])
    return {k: tuple(v) for k, v in data["titles"].items()}, codes, names


def _lookup(words: tuple[str, ...]) -> tuple[int, ...]:
    index, _, _ = _index()
    found = index.get(title_key(words))
    if found:
        return found
    stripped = tuple(w for w in words if w not in LEVEL_WORDS or w in _SOFT_LEVEL)
    found = index.get(title_key(stripped)) if stripped != words else None
    if found:
        return found
    hard = tuple(w for w in words if w not in LEVEL_WORDS)
    found = index.get(title_key(hard)) if hard and hard != words else None
    if found:
        return found
    # The longest run of words that is a known title, preferring runs at the end (the head noun).
    for size in range(min(len(words), MAX_WORDS) - 1, 0, -1):
        for start in range(len(words) - size, -1, -1):
            run = words[start : start + size]
            if size == 1 and run[0] in LEVEL_WORDS:
                continue
            found = index.get(title_key(run))
            if found:
                return found
    return ()


@functools.lru_cache(maxsize=4096)
def occupations(title: str) -> tuple[str, ...]:
    """O*NET-SOC codes a title most likely means (empty when it names no known occupation)."""
    codes: list[str] = []
    _, all_codes, _ = _index()
    for part in _SPLIT.split(title):
        words = normalise_title(part)
        if words:
            codes.extend(all_codes[i] for i in _lookup(words))
    return tuple(dict.fromkeys(codes))


def occupation_name(code: str) -> str:
    """O*NET title of an occupation code."""
    _, codes, names = _index()
    return names[codes.index(code)]


def code_similarity(a: str, b: str) -> float:
    """Similarity of two O*NET-SOC codes along the SOC hierarchy (see the module docstring)."""
    if a == b:
        return 1.0
    for length, value in ((7, 0.9), (6, 0.75), (5, 0.5), (2, 0.2)):
        if a[:length] == b[:length]:
            return value
    return 0.0


def title_similarity(job_codes: tuple[str, ...], cv_codes: tuple[str, ...]) -> float:
    """Best similarity between any of a job's codes and any of a CV title's codes."""
    return max((code_similarity(a, b) for a in job_codes for b in cv_codes), default=0.0)
