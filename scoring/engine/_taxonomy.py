"""Skill dictionary (``data/skills.json``) and the token n-gram matcher that finds skills in text.

Matching works on the tokens of :data:`~scoring.engine._text.SKILL_TOKEN`, which keep ``c++``, ``c#``,
``.net`` and ``node.js`` whole, so "Java" never matches inside "JavaScript" and "C" only matches a
standalone token.  At every token the longest dictionary n-gram starting there wins ("Ruby on Rails"
beats "Ruby").  Surface forms marked exact-case in the data only match with that capitalisation, which
keeps "Go", "Swift", "React" and "Excel" from matching the English words.  The lookup is one dict probe
per token and n-gram length, so the cost does not grow with the dictionary size.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ._text import SKILL_TOKEN

DATA_FILE = Path(__file__).with_name("data") / "skills.json"


def normalise_token(token: str) -> str:
    """Lower case without a possessive ending, so "Python's" matches "Python"."""
    token = token.lower()
    if token.endswith("'s"):
        token = token[:-2]
    return token.rstrip("'") or token


def token_key(surface: str) -> tuple[str, ...]:
    """Lookup key of a skill name or alias: its normalised tokens."""
    return tuple(normalise_token(t) for t in SKILL_TOKEN.findall(surface))


@dataclass(frozen=True)
class SkillHit:
    """One occurrence of a dictionary skill in a text (character offsets into that text)."""

    skill: str
    start: int
    end: int


@dataclass(frozen=True)
class _Entry:
    skill: str
    exact: tuple[str, ...] | None  # raw tokens that must match case-sensitively, or None


class Taxonomy:
    """The loaded skill dictionary with an n-gram index."""

    def __init__(self, skills: dict[str, list[str]]) -> None:
        """``skills`` maps a name to its aliases.  A name or alias starting with ``=`` matches only with
        that exact capitalisation; a name starting with ``~`` is for display and is not matched itself."""
        index: dict[tuple[str, ...], list[_Entry]] = {}
        longest: dict[str, int] = {}
        names: dict[str, str] = {}
        for key_name, aliases in skills.items():
            skill = key_name.lstrip("=~")
            names[skill.lower()] = skill
            own = [] if key_name.startswith("~") else [key_name]
            for surface in own + list(aliases):
                exact = surface.startswith("=")
                raw = tuple(SKILL_TOKEN.findall(surface.lstrip("=")))
                if not raw:
                    continue
                key = tuple(normalise_token(t) for t in raw)
                index.setdefault(key, []).append(_Entry(skill, raw if exact else None))
                longest[key[0]] = max(longest.get(key[0], 0), len(key))
        # Exact-case entries first: when both match, the more specific reading wins.
        self._index = {k: tuple(sorted(v, key=lambda e: e.exact is None)) for k, v in index.items()}
        self._longest = longest
        self._names = names
        self.skills = frozenset(names.values())

    def find(self, text: str) -> list[SkillHit]:
        """All dictionary skills in ``text``, in order, longest match first at each position."""
        tokens = [(m.group(0), m.start(), m.end()) for m in SKILL_TOKEN.finditer(text)]
        norms = [normalise_token(t[0]) for t in tokens]
        reach = _phrase_reach(text, tokens)
        hits: list[SkillHit] = []
        i, n_tokens = 0, len(tokens)
        while i < n_tokens:
            span = min(self._longest.get(norms[i], 0), reach[i])
            matched = 0
            for n in range(span, 0, -1):
                entries = self._index.get(tuple(norms[i : i + n]))
                if not entries:
                    continue
                raw = tuple(t[0] for t in tokens[i : i + n])
                start, end = tokens[i][1], tokens[i + n - 1][2]
                for entry in entries:
                    if entry.exact is not None and (entry.exact != raw or not _standalone(text, start, end)):
                        continue
                    if (
                        entry.exact is not None
                        and n == 1
                        and _reads_as_english(text, start, end, tokens, norms, i)
                    ):
                        continue
                    if n == 1 and len(raw[0]) == 1 and not _standalone(text, start, end):
                        continue
                    hits.append(SkillHit(entry.skill, start, end))
                    matched = n
                    break
                if matched:
                    break
            i += matched or 1
        return hits

    def canonical(self, name: str) -> str | None:
        """The dictionary name for a skill typed by a person ("postgres" -> "PostgreSQL"), or None."""
        name = " ".join(name.split())
        if not name:
            return None
        known = self._names.get(name.lower())
        if known:
            return known
        entries = self._index.get(token_key(name))
        # A person typing a requirement means the skill even in lower case ("go", "react").
        return entries[0].skill if entries else None


# A skill name never runs across list punctuation: "Epic • EHR" is two skills, not "Epic EHR".
# Brackets do not break a name: 314 dictionary names end in an abbreviation, "Adobe Experience Manager
# (AEM)"; the 23 names with a comma are only matched without it.
_PHRASE_BREAKS = frozenset(",;|\u2022\u00b7")
# A line this short, without list punctuation, that ends inside a phrase is a list item ("ADP" /
# "payroll"), not a wrapped line ("... Power BI Data" / "Analyst Associate", where the phrase goes on).
_LIST_ITEM_CHARS = 25


def _phrase_reach(text: str, tokens: list[tuple[str, int, int]]) -> list[int]:
    """For each token, how many tokens a skill name starting there may span."""
    reach = [1] * len(tokens)
    for i in range(len(tokens) - 2, -1, -1):
        end, nxt = tokens[i][2], tokens[i + 1][1]
        if nxt - end == 1 and text[end] == " ":  # the common case, one space
            reach[i] = reach[i + 1] + 1
            continue
        gap = text[end:nxt]
        broken = any(ch in _PHRASE_BREAKS for ch in gap)
        if not broken and "\n" in gap:
            line = text[text.rfind("\n", 0, end) + 1 : end]
            # One item per line has no commas; a comma list that wraps ("..., time" / "management") does.
            broken = len(line) < _LIST_ITEM_CHARS and not any(ch in _PHRASE_BREAKS for ch in line)
        reach[i] = 1 if broken else reach[i + 1] + 1
    return reach


def _standalone(text: str, start: int, end: int) -> bool:
    """Reject short exact-case hits glued to other words: "C-suite", "R-Style", "SAP R/3", "R. Smith"."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in "-'&" or after in "-'&":
        return False
    if after == "/" and end + 1 < len(text) and text[end + 1].isdigit():
        return False
    if after == "." and end - start == 1:
        rest = text[end + 1 : end + 3]
        if len(rest) == 2 and rest[0] == " " and rest[1].isupper():
            return False
    return True


# A capitalised word opening a sentence and followed by one of these is the English word, not the
# tool: "Go to market", "Excel at", "Go above and beyond", "React to feedback".
_ENGLISH_FOLLOWERS = frozenset(
    {
        "to",
        "at",
        "the",
        "a",
        "an",
        "above",
        "beyond",
        "ahead",
        "out",
        "over",
        "up",
        "down",
        "into",
        "for",
        "on",
        "off",
        "back",
    }
)


def _reads_as_english(
    text: str, start: int, end: int, tokens: list[tuple[str, int, int]], norms: list[str], i: int
) -> bool:
    if i + 1 >= len(norms) or norms[i + 1] not in _ENGLISH_FOLLOWERS:
        return False
    gap = text[end : tokens[i + 1][1]]
    if "\n" in gap or any(ch in _PHRASE_BREAKS for ch in gap):
        return False  # the next word is another list item: "R" alone on a list line is the language
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in "\n.!?:;\u2022*-"


@functools.cache
def load_taxonomy() -> Taxonomy:
    """Load the shipped skill dictionary once per process."""
    with DATA_FILE.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return Taxonomy(data["skills"])


@functools.lru_cache(maxsize=1024)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Case-insensitive whole-token pattern for a skill that is not in the dictionary."""
    tokens = SKILL_TOKEN.findall(phrase)
    body = r"[\s\-/]*".join(re.escape(t) for t in tokens) or re.escape(phrase)
    return re.compile(rf"(?<![\w+#.]){body}(?![\w+#]|\.\w)", re.IGNORECASE)
