"""Text hidden from a human reader: the result types and the format-independent bookkeeping.

Candidates game keyword scorers by putting text in a CV that a recruiter never sees: white text on the
white page, 1 pt text, text drawn in PDF's invisible render mode or placed off the page, runs Word marks as
hidden. The extractors classify their units (pdfium characters, Word runs) and this module turns the
classification into ``HiddenSegment``s and into the visible text, so that the scorer reads only what a
person reads and the application can be flagged.

Two rules keep the visible text of honest documents exactly what it was before detection existed:

* a hidden stretch is reported, and removed, only if it holds a letter or digit: a white bullet or a
  tiny full stop is layout, not a keyword;
* a document with nothing reported yields the very same text as before, byte for byte.

What is reported is capped (``MAX_SEGMENT_CHARS`` per segment, ``MAX_HIDDEN_CHARS`` and
``MAX_SEGMENTS`` in all), because it travels through the sandbox's pipe and into the database and one
hostile page can hide megabytes. What is *removed* from the visible text is never capped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ._text import normalise

# The reasons a segment can carry, in the order a unit that qualifies for several is given the first one.
INVISIBLE = "invisible_render_mode"  # PDF render mode 3/7 (or a fully transparent fill), not over an image
OFF_PAGE = "off_page"  # PDF: the glyph's centre lies outside the page's crop box
WHITE = "white_text"  # near-white text with no filled shape or image under it
TINY = "tiny_text"  # under 4 pt as drawn (PDF: font size times the text matrix scale; DOCX: w:sz)
HIDDEN_RUN = "hidden_run"  # DOCX: w:vanish (Word's "Hidden" font effect)
REASONS = (INVISIBLE, OFF_PAGE, WHITE, TINY, HIDDEN_RUN)

MAX_SEGMENT_CHARS = 500
MAX_HIDDEN_CHARS = 5_000
MAX_SEGMENTS = 100
# Characters of a hidden stretch looked at to report it (whitespace collapses, so more than the cap).
SOURCE_CHARS_PER_SEGMENT = 4 * MAX_SEGMENT_CHARS
# Near-white: every RGB component at least 0.94 (240 of 255). Light greys down to ~#F0F0F0 cannot be read
# on white paper; #E0E0E0 (a common "muted" colour) can, and stays visible.
NEAR_WHITE_MIN = 240
# Text under this size (points, as drawn) cannot be read on paper or at normal zoom.
TINY_TEXT_PT = 4.0

_INK = re.compile(r"[^\W_]")  # a letter or a digit, any script
_CLOSING = frozenset(",.;:!?)]}%")  # no space is put back before these


@dataclass(frozen=True)
class HiddenSegment:
    """A stretch of text a reader does not see: whitespace-normalised, at most ``MAX_SEGMENT_CHARS``."""

    text: str
    reason: str  # one of REASONS
    page: int | None = None  # 1-based for PDF, None otherwise


@dataclass(frozen=True)
class Extraction:
    """A document's visible text (what the scorer reads) and the hidden segments found in it."""

    text: str
    hidden: tuple[HiddenSegment, ...] = ()


def has_ink(text: str) -> bool:
    """True when ``text`` holds a letter or digit (only such stretches are reported and removed)."""
    return _INK.search(text) is not None


def is_near_white(red: int, green: int, blue: int) -> bool:
    """True for an RGB colour (0-255 components) that cannot be told from white paper."""
    return min(red, green, blue) >= NEAR_WHITE_MIN


class HiddenCollector:
    """Accumulates reported segments within the caps; what no longer fits is not kept."""

    def __init__(self) -> None:
        self.segments: list[HiddenSegment] = []
        self.chars = 0

    def add(self, text: str, reason: str, page: int | None = None) -> None:
        room = min(MAX_SEGMENT_CHARS, MAX_HIDDEN_CHARS - self.chars)
        if room <= 0 or len(self.segments) >= MAX_SEGMENTS:
            return
        # Only the start can be kept; a hidden paragraph of a million characters is not normalised whole.
        clean = " ".join(normalise(text[:SOURCE_CHARS_PER_SEGMENT]).split())[:room].rstrip()
        if has_ink(clean):
            self.segments.append(HiddenSegment(clean, reason, page))
            self.chars += len(clean)

    def result(self) -> tuple[HiddenSegment, ...]:
        return tuple(self.segments)


def hidden_spans(
    units: Sequence[str], reasons: Sequence[int], names: Sequence[str]
) -> list[tuple[int, int, str]]:
    """Group classified units into reportable hidden spans ``(first, last, reason)``, inclusive.

    ``reasons[k]`` is 0 for a unit with no ink (whitespace: it neither starts nor ends a span, so
    "Python Kubernetes" in white is one span), 1 for visible ink, and ``2 + j`` for hidden with reason
    ``names[j]``. A span ends at visible ink or a change of reason, and is kept only if it holds a letter
    or digit.
    """
    spans: list[tuple[int, int, str]] = []
    start = last = -1
    current = 0
    for k, code in enumerate(reasons):
        if code == 0:
            continue
        if code == current and start >= 0:
            last = k
            continue
        if start >= 0:
            spans.append((start, last, names[current - 2]))
        start, last, current = (k, k, code) if code >= 2 else (-1, -1, 0)
    if start >= 0:
        spans.append((start, last, names[current - 2]))
    return [span for span in spans if has_ink("".join(units[span[0] : span[1] + 1]))]


def splice(units: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> str:
    """``"".join(units)`` without the units inside ``spans`` (sorted, disjoint, inclusive).

    Where a span is cut out, the whitespace after it merges with the whitespace before it, so removing a
    hidden line leaves no blank line and removing a hidden word between two visible ones leaves one
    separator (a newline if the whitespace around the span held one). Between two visible words that the
    span separated, a space is put back ("SQL" + hidden + "Airflow"), but not before punctuation.
    """
    if not spans:
        return "".join(units)
    chunks, position = [], 0
    for start, last, _ in spans:
        chunks.append("".join(units[position:start]))
        position = last + 1
    chunks.append("".join(units[position:]))
    out = [chunks[0]]
    tail = chunks[0][-1:]
    newline = False  # the whitespace met since the last visible character held a line break
    for chunk in chunks[1:]:
        stripped = chunk.lstrip()
        newline |= "\n" in chunk[: len(chunk) - len(stripped)]
        if not stripped:
            continue
        if not tail:
            out.append(stripped)
        elif tail.isspace():
            out.append(("\n" if newline and tail != "\n" else "") + stripped)
        elif newline:
            out.append("\n" + stripped)
        else:
            out.append(("" if stripped[0] in _CLOSING else " ") + stripped)
        tail, newline = stripped[-1], False
    return "".join(out)
