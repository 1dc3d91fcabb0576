"""Readability: Flesch reading ease, sentence length and description length.

Flesch reading ease = 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / words) (Flesch, 1948;
higher is easier: 60-70 is plain English, below 30 reads like an academic paper).  Syllables are
counted with the usual vowel-group heuristic (silent final "e" dropped, at least one per word), which
is within about one syllable per word of a dictionary and needs no word list.  Sentences are the
paragraph sentences plus each bullet; headings are not sentences.

Thresholds: a sentence over 25 words is flagged (plain-language guides put the comfortable average at
15-20 words); a description under 80 words is too thin to describe a job, over 700 words loses readers
before the requirements.
"""

from __future__ import annotations

import functools
import re

from ._model import Evidence, Finding, Readability, Severity
from ._structure import Structure

MAX_SENTENCE_WORDS = 25
MIN_WORDS = 80
MAX_WORDS = 700
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_SILENT_E = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")


@functools.lru_cache(maxsize=16384)
def syllables(word: str) -> int:
    """Approximate syllable count of an English word (vowel groups, silent final e, min 1)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1  # a number or symbol is read as (at least) one syllable
    if len(w) <= 3:
        return 1
    w = _SILENT_E.sub("", w)
    w = w.removeprefix("y")
    return max(1, len(_VOWEL_GROUP.findall(w)))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def analyse(structure: Structure) -> tuple[Readability, list[Finding]]:
    text = structure.text
    total_words = len(words(text))
    sentence_words: list[tuple[int, int, list[str]]] = []
    for span in structure.sentences():
        found = words(text[span.start : span.end])
        if found:
            sentence_words.append((span.start, span.end, found))
    n_sentences = len(sentence_words)
    n_words = sum(len(w) for *_, w in sentence_words)
    findings: list[Finding] = []
    if n_words == 0:
        readability = Readability(None, None, total_words)
    else:
        n_syllables = sum(syllables(w) for *_, ws in sentence_words for w in ws)
        average = n_words / n_sentences
        flesch = 206.835 - 1.015 * average - 84.6 * (n_syllables / n_words)
        readability = Readability(round(flesch, 1), round(average, 1), total_words)
        if flesch < 30:
            findings.append(
                Finding(
                    code="low_readability",
                    category="readability",
                    severity=Severity.WARNING,
                    message=f"Flesch reading ease is {flesch:.0f}: very hard to read (below 30).",
                    suggestion="Use shorter sentences and everyday words; keep the jargon the job needs.",
                )
            )
        elif flesch < 50:
            findings.append(
                Finding(
                    code="low_readability",
                    category="readability",
                    severity=Severity.INFO,
                    message=f"Flesch reading ease is {flesch:.0f}: fairly hard to read (below 50).",
                    suggestion="Shorter sentences and plainer words would make the ad easier to scan.",
                )
            )
    for start, end, found in sentence_words:
        if len(found) > MAX_SENTENCE_WORDS:
            findings.append(
                Finding(
                    code="long_sentences",
                    category="readability",
                    severity=Severity.WARNING,
                    message=f"This sentence has {len(found)} words (more than {MAX_SENTENCE_WORDS}).",
                    evidence=Evidence("description", start, end, text[start:end]),
                    suggestion="Split it, or turn it into a bulleted list.",
                )
            )
    if total_words < MIN_WORDS:
        findings.append(
            Finding(
                code="description_too_short",
                category="readability",
                severity=Severity.WARNING,
                message=f"The description has {total_words} words (fewer than {MIN_WORDS}).",
                suggestion="Add what the person will do, what they need, pay, location and benefits.",
            )
        )
    elif total_words > MAX_WORDS:
        findings.append(
            Finding(
                code="description_too_long",
                category="readability",
                severity=Severity.WARNING,
                message=f"The description has {total_words} words (more than {MAX_WORDS}).",
                suggestion="Cut company boilerplate and repeated requirements; keep the essentials.",
            )
        )
    return readability, findings
