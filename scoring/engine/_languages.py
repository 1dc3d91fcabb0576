"""Spoken languages: the name table, and finding languages (with their stated level) in CV lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# fmt: off
LANGUAGES: dict[str, tuple[str, ...]] = {
    "English": (), "French": ("Fran\u00e7ais",), "Spanish": ("Espa\u00f1ol", "Castilian"), "German": ("Deutsch",),
    "Italian": (), "Portuguese": (), "Dutch": ("Flemish",), "Russian": (), "Ukrainian": (), "Polish": (),
    "Czech": (), "Slovak": (), "Hungarian": (), "Romanian": (), "Bulgarian": (), "Greek": (), "Turkish": (),
    "Arabic": (), "Hebrew": (), "Persian": ("Farsi",), "Hindi": (), "Urdu": (), "Bengali": ("Bangla",),
    "Punjabi": (), "Tamil": (), "Telugu": (), "Marathi": (), "Gujarati": (), "Kannada": (), "Malayalam": (),
    "Nepali": (), "Sinhala": (), "Chinese": ("Mandarin Chinese",), "Mandarin": (), "Cantonese": (),
    "Japanese": (), "Korean": (), "Vietnamese": (), "Thai": (), "Indonesian": ("Bahasa Indonesia",),
    "Malay": ("Bahasa Malaysia",), "Tagalog": ("Filipino",), "Swahili": ("Kiswahili",), "Amharic": (),
    "Somali": (), "Yoruba": (), "Hausa": (), "Igbo": (), "Zulu": (), "Xhosa": (), "Afrikaans": (),
    "Swedish": (), "Norwegian": (), "Danish": (), "Finnish": (), "Icelandic": (), "Estonian": (),
    "Latvian": (), "Lithuanian": (), "Serbian": (), "Croatian": (), "Bosnian": (), "Slovenian": (),
    "Albanian": (), "Macedonian": (), "Armenian": (), "Georgian": (), "Azerbaijani": (), "Kazakh": (),
    "Uzbek": (), "Catalan": (), "Basque": (), "Galician": (), "Irish": ("Gaelic",), "Welsh": (), "Latin": (),
    "Haitian Creole": ("Creole",),
    "Sign language": ("American Sign Language", "British Sign Language", "ASL", "BSL"),
}
# fmt: on
LANGUAGE_NAMES = {alias: name for name, aliases in LANGUAGES.items() for alias in (name, *aliases)}
_LANGUAGE_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, LANGUAGE_NAMES), key=len, reverse=True)) + r")\b"
)
_LANGUAGE_CUE = re.compile(
    r"\b(?:languages?|fluent|fluency|fluently|bilingual|trilingual|multilingual|native|mother tongue|speaks?|"
    r"speaking|spoken|proficien(?:t|cy)|conversational|working knowledge|intermediate|advanced|beginner|"
    r"basic|elementary|written|verbal)\b|\b[ABC][12]\b",
    re.IGNORECASE,
)
# Stated level -> reported level.  CEFR codes win; then the words, most specific first ("native or
# bilingual proficiency" is NATIVE, "limited working proficiency" BASIC, "professional working
# proficiency" PROFESSIONAL).
LANGUAGE_LEVELS = (
    "NATIVE",
    "FLUENT",
    "PROFESSIONAL",
    "INTERMEDIATE",
    "BASIC",
    "A1",
    "A2",
    "B1",
    "B2",
    "C1",
    "C2",
)
_CEFR = re.compile(r"\b([ABC][12])\b")
_LEVEL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("NATIVE", re.compile(r"\b(?:native|mother[\s-]?tongue|first language|muttersprache)", re.IGNORECASE)),
    ("FLUENT", re.compile(r"\b(?:fluent(?:ly)?|fluency|bilingual|excellent)\b", re.IGNORECASE)),
    ("BASIC", re.compile(r"\b(?:basic|beginner|elementary|limited|notions)\b", re.IGNORECASE)),
    (
        "INTERMEDIATE",
        re.compile(r"\b(?:intermediate|conversational|working knowledge|good)\b", re.IGNORECASE),
    ),
    (
        "PROFESSIONAL",
        re.compile(r"\b(?:professional|advanced|proficient|proficiency|business|very good)\b", re.IGNORECASE),
    ),
)
_BASIC_LEVELS = frozenset({"BASIC", "A1", "A2"})
_ITEM_SEPARATORS = ",;|/\u2022"


@dataclass(frozen=True)
class LanguageMention:
    """A spoken language found in the CV (offsets into the cleaned text).

    ``basic`` = a basic level is stated (scoring gives half credit); ``level`` = the stated level as one
    of :data:`LANGUAGE_LEVELS`, or None when the CV does not say.
    """

    language: str
    start: int
    end: int
    basic: bool
    level: str | None = None


def language_level(text: str) -> str | None:
    """The level stated in a short text ("German (C1)", "French - fluent"), or None."""
    m = _CEFR.search(text)
    if m:
        return m.group(1)
    for level, pattern in _LEVEL_WORDS:
        if pattern.search(text):
            return level
    return None


def find_languages(
    lines: list[str],
    line_starts: list[int],
    line_sections: list[str | None],
    excluded: frozenset[int] | set[int],
) -> tuple[LanguageMention, ...]:
    """Languages named in a languages section or on a line that talks about language ability."""
    found: dict[str, LanguageMention] = {}
    for i, line in enumerate(lines):
        if i in excluded:
            continue
        if line_sections[i] != "languages" and not _LANGUAGE_CUE.search(line):
            continue  # "French fries" or "Spanish omelette" are not a language skill
        matches = list(_LANGUAGE_RE.finditer(line))
        # A list wrapped by the layout continues on the next line: "German (mother" / "tongue), Italian".
        text = line
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if nxt and (line.count("(") > line.count(")") or nxt.startswith("(") or nxt[0].islower()):
            text = f"{line} {nxt}"
        for m in matches:
            name = LANGUAGE_NAMES[m.group(1)]
            if name in found:
                continue
            # The level applies to the list item the language is in ("French (basic), German").
            item_start = max(text.rfind(sep, 0, m.start()) for sep in _ITEM_SEPARATORS) + 1
            item_end = min(
                [j for j in (text.find(sep, m.end()) for sep in _ITEM_SEPARATORS) if j != -1] or [len(text)]
            )
            item = text[item_start:item_end]
            level = language_level(item)
            if level is None and len(matches) == 1:
                # One language per line, as in a table row "German | B2" or "German / fluent".
                level = language_level(line)
            start = line_starts[i] + m.start()
            # Scoring gives half credit for a basic level ("basic", "limited", "notions", A1, A2).
            basic = level in _BASIC_LEVELS
            found[name] = LanguageMention(name, start, start + len(m.group(1)), basic, level)
    return tuple(found.values())
