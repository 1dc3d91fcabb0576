"""Find the characters of a PDF page that a reader does not see, from pdfium's text page.

Every character pdfium extracts is classified as it was drawn: the text object's render mode (3 and 7
paint nothing) and fill/stroke colour and opacity, the character's position against the page's crop box,
and its size as drawn (font size times the scale of the character's matrix, which includes ``Tm``, ``cm``
and form matrices: "1 Tf" scaled up by "12 0 0 12 Tm" is 12 pt text).

Near-white text is hidden only where the page shows white under it: a white word on a coloured sidebar, a
gradient band or a photo is a design, on white paper it is not. What is under it is read from the page
rendered in grey (only pages with white text are rendered, ~4 ms each), because pdfium reports pattern
and gradient fills as white and a shape's bounds say little about where it paints. Invisible text is hidden
only if no image lies under it: an OCR layer over a scan is what a reader sees in the image.

Cost: a CV page has 2-5k characters and most producers write every glyph as its own text object, so
there is nothing to share between characters: each needs its own four pdfium calls (text object, render
mode, fill colour, loose box), made through ctypes prototypes that take plain addresses (pypdfium2's
typed bindings cost several times as much). ``find_hidden`` classifies every other character first and
looks further only where that finds something (see there): on the 150-CV corpus detection adds ~5 ms to a
~30 ms extraction. At most ``SCAN_MAX_CHARS`` characters a page are read and the background check is
budgeted per page and per document, so a hostile file cannot make detection itself slow. Callers hold the
pdfium lock.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ._hidden import INVISIBLE, NEAR_WHITE_MIN, OFF_PAGE, TINY, TINY_TEXT_PT, WHITE, hidden_spans

# A page with more characters than this is not a CV page; the characters beyond it are not classified
# (they stay in the visible text). 4x a dense CV page: at most ~60 ms of classification a page even when
# everything on it is hidden, ~1 s for the 20 pages read.
SCAN_MAX_CHARS = 20_000
# What white text sits on is seen on the page rendered at this scale (72 dpi), sampled this far into the
# character's loose box from its top and bottom. Pages with more objects than this are not rendered (a CV
# page has 3-5k, mostly one per glyph); their white text counts as hidden.
RENDER_SCALE = 1.0
SAMPLE_INSET = 0.08
RENDER_MAX_OBJECTS = 20_000
# Objects looked at for images under invisible text (text objects count too) per page and per document,
# and point-in-box tests per page, only on pages with invisible text (~3 us an object). Past a budget the
# remaining invisible characters count as hidden: a file built to exhaust it is flagged, never slow.
BACKGROUND_MAX_OBJECTS = 15_000
DOCUMENT_BACKGROUND_MAX_OBJECTS = 45_000
BACKGROUND_MAX_DEPTH = 4
BACKGROUND_CHECK_BUDGET = 2_000_000
# An image smaller than this in either direction (an icon, a bullet) is no scan under an OCR layer.
BACKGROUND_MIN_PT = 3.0
# A loose character box this small in both directions may be tiny text; only then is the exact size read.
# pdfium's loose box is the font's ascent-to-descent height (1.1-1.3 em on the corpus) by the advance
# width, so 4 pt text has a box under 6 pt and body text (8 pt and up) is never re-measured.
TINY_PREFILTER_PT = 1.5 * TINY_TEXT_PT
# Fill or stroke opacity at or below this (of 255) paints nothing visible.
TRANSPARENT_MAX_ALPHA = 5
# pdfminer character origins within this distance of a hidden pdfium character's origin are that character.
ORIGIN_MATCH_PT = 0.6

# Codes in the per-character classification (see _hidden.hidden_spans): 0 no ink, 1 visible, 2+ hidden.
NAMES = (INVISIBLE, OFF_PAGE, WHITE, TINY)
_VISIBLE, _INVISIBLE, _OFF_PAGE, _WHITE, _TINY = 1, 2, 3, 4, 5

_V, _I = ctypes.c_void_p, ctypes.c_int


def _bind(function: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The pdfium function behind a pypdfium2 binding, re-declared to take and return plain addresses."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, _V).value)


_text_object_at = _bind(pdfium_c.FPDFText_GetTextObject, _V, _V, _I)
_render_mode = _bind(pdfium_c.FPDFTextObj_GetTextRenderMode, _I, _V)
_fill_colour = _bind(pdfium_c.FPDFPageObj_GetFillColor, _I, _V, _V, _V, _V, _V)
_stroke_colour = _bind(pdfium_c.FPDFPageObj_GetStrokeColor, _I, _V, _V, _V, _V, _V)
_loose_box = _bind(pdfium_c.FPDFText_GetLooseCharBox, _I, _V, _I, _V)
_font_size = _bind(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _V, _I)
_char_matrix = _bind(pdfium_c.FPDFText_GetMatrix, _I, _V, _I, _V)
_char_origin = _bind(pdfium_c.FPDFText_GetCharOrigin, _I, _V, _I, _V, _V)
_count_objects = _bind(pdfium_c.FPDFPage_CountObjects, _I, _V)
_object_at = _bind(pdfium_c.FPDFPage_GetObject, _V, _V, _I)
_count_form_objects = _bind(pdfium_c.FPDFFormObj_CountObjects, _I, _V)
_form_object_at = _bind(pdfium_c.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
_object_type = _bind(pdfium_c.FPDFPageObj_GetType, _I, _V)
_object_bounds = _bind(pdfium_c.FPDFPageObj_GetBounds, _I, _V, _V, _V, _V, _V)

# pdfium's FPDF_TEXTRENDERMODE: 0 fill, 1 stroke, 2 fill+stroke, 3 invisible, 4-6 the same plus clip,
# 7 clip only; -1 unknown (painted as fill).
_INVISIBLE_MODES = frozenset({3, 7})
_STROKE_MODES = frozenset({1, 2, 5, 6})
_FILL_MODES = frozenset({-1, 0, 2, 4, 6})

Rect = tuple[float, float, float, float]  # left, bottom, right, top
Candidate = tuple[
    int, float, float, float, bool
]  # a white or invisible character: index, x, bottom, top, tiny


@dataclass
class Budget:
    """What detection may still spend on the rest of a document (shared by its pages)."""

    background_objects: int = DOCUMENT_BACKGROUND_MAX_OBJECTS


@dataclass
class PageHidden:
    """The reported hidden spans of one page, as inclusive character-index ranges of pdfium's text page.

    ``codes`` is the per-character classification behind them. ``locate`` records the baseline origin of
    every hidden character with ink, bucketed by whole points, so that a pdfminer re-read of the page can
    leave out the same characters; it is only called for pages that go to pdfminer.
    """

    spans: list[tuple[int, int, str]]
    codes: bytearray
    origins: dict[tuple[int, int], list[tuple[float, float, str]]] = field(default_factory=dict)
    ink_chars: int = 0

    def locate(self, textpage: pdfium.PdfTextPage, chars: Sequence[str]) -> None:
        handle = ctypes.cast(textpage.raw, _V).value
        coordinates = (ctypes.c_double * 2)()
        x_at, y_at = ctypes.addressof(coordinates), ctypes.addressof(coordinates) + 8
        for start, last, _ in self.spans:
            for index in range(start, last + 1):
                if self.codes[index] < 2 or not _char_origin(handle, index, x_at, y_at):
                    continue
                x, y = coordinates
                key = unicodedata.normalize("NFKC", chars[index]).strip()
                self.origins.setdefault((math.floor(x), math.floor(y)), []).append((x, y, key))
                self.ink_chars += 1

    def covers(self, x: float, y: float, text: str) -> bool:
        """True when a character ``text`` with origin (x, y) in page space is one of the hidden ones."""
        key = unicodedata.normalize("NFKC", text).strip()
        for bx in (math.floor(x) - 1, math.floor(x), math.floor(x) + 1):
            for by in (math.floor(y) - 1, math.floor(y), math.floor(y) + 1):
                for hx, hy, char in self.origins.get((bx, by), ()):
                    if abs(hx - x) <= ORIGIN_MATCH_PT and abs(hy - y) <= ORIGIN_MATCH_PT and char == key:
                        return True
        return False


class _Buffers:
    """Out-parameters for the pdfium calls, allocated once per page (calls are serialised by the lock)."""

    def __init__(self) -> None:
        self.rect = pdfium_c.FS_RECTF()
        self.rect_at = ctypes.addressof(self.rect)
        self.rgba = (ctypes.c_uint * 4)()
        base = ctypes.addressof(self.rgba)
        self.rgba_at = tuple(base + 4 * k for k in range(4))
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_at = ctypes.addressof(self.matrix)
        self.floats = (ctypes.c_float * 4)()
        self.floats_at = tuple(ctypes.addressof(self.floats) + 4 * k for k in range(4))


def find_hidden(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, chars: Sequence[str], n_chars: int, budget: Budget
) -> PageHidden | None:
    """Classify the page's characters; ``None`` when nothing reportable is hidden (the common case).

    ``chars`` holds the text page's characters one per index (``n_chars`` of them). Every other character
    with ink is classified first; only if one of them is not plainly visible are the others classified,
    those next to such a one exactly and the rest taken as visible. Any hidden stretch of two or more
    characters has a classified one, and then all of its characters are classified, so the shortcut can
    miss only a hidden stretch of a single character between visible ones (a one-letter word at most), for
    half the cost of classifying everything.
    """
    limit = min(n_chars, len(chars), SCAN_MAX_CHARS)
    page_box = pdfium_c.FS_RECTF()
    if limit <= 0 or not pdfium_c.FPDF_GetPageBoundingBox(page.raw, page_box):
        return None
    classifier = _Classifier(page_box, ctypes.cast(textpage.raw, _V).value, limit)
    codes = classifier.codes
    ink = [i for i, char in enumerate(chars[:limit]) if not char.isspace()]
    classifier.run(ink[0::2])
    if not classifier.found:
        return None
    last, neighbours = len(ink) - 1, []
    for k in range(1, len(ink), 2):
        if codes[ink[k - 1]] != _VISIBLE or (k < last and codes[ink[k + 1]] != _VISIBLE):
            neighbours.append(ink[k])
        else:
            codes[ink[k]] = _VISIBLE
    classifier.run(neighbours)
    if classifier.candidates:
        _exempt_backgrounds(page, chars, classifier.candidates, codes, classifier.buffers, budget)
    spans = hidden_spans(chars[:limit], codes, NAMES)
    if not spans:
        return None
    return PageHidden(spans, codes)


class _Classifier:
    """Classifies characters into ``codes``; white or invisible ones also go to ``candidates``."""

    def __init__(self, page_box: pdfium_c.FS_RECTF, handle: int, limit: int) -> None:
        self.x0, self.x1 = sorted((page_box.left, page_box.right))
        self.y0, self.y1 = sorted((page_box.bottom, page_box.top))
        self.handle = handle
        self.buffers = _Buffers()
        self.codes = bytearray(limit)  # 0: no ink (whitespace, or a character pdfium generated)
        self.sizes: dict[int, float] = {}  # text object -> size as drawn, read only for small glyph boxes
        self.candidates: list[Candidate] = []  # the white or invisible characters
        self.found = False  # some character is not plainly visible

    def run(self, indexes: list[int]) -> None:
        """Set ``codes[i]`` for each index: the hot loop of detection, so everything it touches is a local.

        Four pdfium calls a character; two more for a glyph box small enough to be tiny text, whose size as
        drawn is then read once per text object.
        """
        handle, buffers, codes, sizes, candidates = (
            self.handle,
            self.buffers,
            self.codes,
            self.sizes,
            self.candidates,
        )
        x0, x1, y0, y1 = self.x0, self.x1, self.y0, self.y1
        rgba, (r_at, g_at, b_at, a_at), rect, rect_at = (
            buffers.rgba,
            buffers.rgba_at,
            buffers.rect,
            buffers.rect_at,
        )
        text_object_at, render_mode, fill_colour, loose_box = (
            _text_object_at,
            _render_mode,
            _fill_colour,
            _loose_box,
        )
        white, opaque, prefilter = NEAR_WHITE_MIN, TRANSPARENT_MAX_ALPHA, TINY_PREFILTER_PT
        found = self.found
        for i in indexes:
            obj = text_object_at(handle, i)
            if not obj:
                found = True  # a character pdfium generated: let its neighbours be looked at
                continue
            # How the object paints: plain fill (mode 0) inline, anything else in _paint_state.
            if render_mode(obj) == 0 and fill_colour(obj, r_at, g_at, b_at, a_at):
                if rgba[0] >= white and rgba[1] >= white and rgba[2] >= white:
                    state = _WHITE if rgba[3] > opaque else _INVISIBLE
                else:
                    state = _VISIBLE if rgba[3] > opaque else _INVISIBLE
            else:
                state = _paint_state(obj, buffers)
            loose_box(handle, i, rect_at)
            left, right, top, bottom = rect.left, rect.right, rect.top, rect.bottom
            x, y = (left + right) / 2, (top + bottom) / 2
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                codes[i] = _OFF_PAGE
                found = True
                continue
            tiny = False
            if -prefilter < right - left < prefilter and -prefilter < top - bottom < prefilter:
                size = sizes.get(obj)
                if size is None:
                    size = sizes[obj] = _drawn_size(handle, i, buffers)
                tiny = size < TINY_TEXT_PT
            if state != _VISIBLE:
                codes[i] = state
                candidates.append((i, x, bottom, top, tiny))
                found = True
            elif tiny:
                codes[i] = _TINY
                found = True
            else:
                codes[i] = _VISIBLE
        self.found = found


def _paint_state(obj: int, buffers: _Buffers) -> int:
    """How a text object paints its glyphs: _INVISIBLE (nothing), _WHITE (near-white only) or _VISIBLE."""
    mode = _render_mode(obj)
    if mode in _INVISIBLE_MODES:
        return _INVISIBLE
    paints = []
    if mode in _FILL_MODES and _fill_colour(obj, *buffers.rgba_at):
        paints.append(tuple(buffers.rgba))
    if mode in _STROKE_MODES and _stroke_colour(obj, *buffers.rgba_at):
        paints.append(tuple(buffers.rgba))
    if not paints:
        return _VISIBLE  # colour unknown: assume it shows
    shown = [paint for paint in paints if paint[3] > TRANSPARENT_MAX_ALPHA]
    if not shown:
        return _INVISIBLE
    if all(min(paint[:3]) >= NEAR_WHITE_MIN for paint in shown):
        return _WHITE
    return _VISIBLE


def _drawn_size(handle: int, index: int, buffers: _Buffers) -> float:
    """Font size times the character matrix's scale (geometric mean of its axes): the size as drawn."""
    size = _font_size(handle, index)
    if not _char_matrix(handle, index, buffers.matrix_at):
        return size
    m = buffers.matrix
    return size * math.sqrt(abs(m.a * m.d - m.b * m.c))


def _exempt_backgrounds(
    page: pdfium.PdfPage,
    chars: Sequence[str],
    candidates: list[Candidate],
    codes: bytearray,
    buffers: _Buffers,
    budget: Budget,
) -> None:
    """Make white words on a visible background, and invisible words over an image, visible again.

    Such a character keeps only a tiny-text verdict. Judged a word at a time (candidates with no
    whitespace between them), so white text that runs a little past the edge of its sidebar stays the
    sidebar's text rather than leaving a hidden fragment ("jane@example.c" + hidden "om").
    """
    white = [c for c in candidates if codes[c[0]] == _WHITE]
    invisible = [c for c in candidates if codes[c[0]] == _INVISIBLE]
    shown: set[int] = set()
    if white:
        shown |= _on_a_background(page, _words(chars, white))
    if invisible:
        shown |= _over_an_image(page, _words(chars, invisible), buffers, budget)
    tiny = {c[0]: c[4] for c in candidates}
    for index in shown:
        codes[index] = _TINY if tiny[index] else _VISIBLE


def _words(chars: Sequence[str], candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates in text order, grouped into words: no whitespace between the members of a group."""
    words: list[list[Candidate]] = []
    previous = -1
    for candidate in sorted(candidates):
        index = candidate[0]
        if words and not any(char.isspace() for char in chars[previous + 1 : index]):
            words[-1].append(candidate)
        else:
            words.append([candidate])
        previous = index
    return words


def _on_a_background(page: pdfium.PdfPage, words: list[list[Candidate]]) -> set[int]:
    """The characters of the white words that the rendered page shows on something other than white.

    The page is rendered in grey at 72 dpi (~4 ms for a CV page) and sampled near the top and the bottom of
    each character's box, where glyphs rarely reach (above capitals, below the baseline): a word is on a
    background when at least half of its samples are not near-white. Fills, gradients and patterns (whose
    colour pdfium reports as white), images and shadings all count, as a reader sees them; a shape drawn
    over the text would count too. Pages with more than ``RENDER_MAX_OBJECTS`` objects are not rendered:
    their white text counts as hidden.
    """
    if _count_objects(ctypes.cast(page.raw, _V).value) > RENDER_MAX_OBJECTS:
        return set()
    bitmap = page.render(scale=RENDER_SCALE, grayscale=True)
    try:
        pixels, stride, width, height = bitmap.buffer, bitmap.stride, bitmap.width, bitmap.height
        to_bitmap = bitmap.get_posconv(page).to_bitmap
        shown: set[int] = set()
        for word in words:
            dark = 0
            for _, x, bottom, top, _ in word:
                inset = SAMPLE_INSET * (top - bottom)
                for y in (bottom + inset, top - inset):
                    column, row = to_bitmap(x, y)
                    if 0 <= column < width and 0 <= row < height:
                        dark += pixels[row * stride + column] < NEAR_WHITE_MIN
            if dark >= len(word):  # two samples a character
                shown.update(candidate[0] for candidate in word)
        return shown
    finally:
        bitmap.close()


def _over_an_image(
    page: pdfium.PdfPage, words: list[list[Candidate]], buffers: _Buffers, budget: Budget
) -> set[int]:
    """The characters of the invisible words whose centres lie, for half the word at least, on images."""
    images = _images(page, buffers, budget)
    shown: set[int] = set()
    checks = BACKGROUND_CHECK_BUDGET
    for word in words if images else ():
        checks -= len(word) * len(images)
        if checks < 0:
            break
        inside = sum(
            any(left <= x <= right and low <= (bottom + top) / 2 <= high for left, low, right, high in images)
            for _, x, bottom, top, _ in word
        )
        if 2 * inside >= len(word):
            shown.update(candidate[0] for candidate in word)
    return shown


def _images(page: pdfium.PdfPage, buffers: _Buffers, budget: Budget) -> list[Rect]:
    """Page-space boxes of the page's images, form XObjects included (pdfium reports them in page space)."""
    images: list[Rect] = []
    page_handle = ctypes.cast(page.raw, _V).value
    stack: list[tuple[int | None, int, int]] = [(None, _count_objects(page_handle), 0)]  # form, count, depth
    seen, allowed = 0, min(BACKGROUND_MAX_OBJECTS, budget.background_objects)
    while stack and seen < allowed:
        form, count, depth = stack.pop()
        for k in range(min(count, allowed - seen)):
            seen += 1
            obj = _object_at(page_handle, k) if form is None else _form_object_at(form, k)
            kind = _object_type(obj) if obj else None
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < BACKGROUND_MAX_DEPTH:
                stack.append((obj, _count_form_objects(obj), depth + 1))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and _object_bounds(obj, *buffers.floats_at):
                left, bottom, right, top = buffers.floats
                if right - left >= BACKGROUND_MIN_PT and top - bottom >= BACKGROUND_MIN_PT:
                    images.append((left, bottom, right, top))
    budget.background_objects -= seen
    return images
